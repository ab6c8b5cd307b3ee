package server

import (
	"errors"
	"fmt"
	"strings"

	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"charm.land/ssh"

	"totalplace/sessions"
)

// The lobby asks on screen what a join did not say: the workshop's code
// (or, for a facilitator, "new PLACE"), the participant's name, and which
// agency they speak for (or that they observe). It hands back a checked
// join, or nothing when they leave.

type lobbyStep int

const (
	askCode lobbyStep = iota
	askName
	askAgency
)

type lobby struct {
	s       *Server
	sess    ssh.Session
	step    lobbyStep
	in      textinput.Model
	problem string
	j       *joining // once the code is known
	width   int
	done    bool // everything is known: open the workshop
	left    bool // esc: they went away
}

func newLobby(s *Server, sess ssh.Session, j *joining) *lobby {
	l := &lobby{s: s, sess: sess, j: j, in: textinput.New(), width: 80}
	l.in.Prompt = "› "
	l.in.SetWidth(60) // without a width the placeholder shows one letter
	l.in.CharLimit = 80
	l.in.Focus()
	if j != nil {
		l.toName()
	} else {
		l.in.Placeholder = "the code your facilitator gave you, e.g. bako-tuli-mera-sofi"
	}
	return l
}

func (l *lobby) toName() {
	l.step = askName
	l.in.Reset()
	l.in.Placeholder = "how others will see you"
	if l.j.who.Name != "" && l.j.who.Name != "guest" {
		l.in.SetValue(l.j.who.Name)
	}
	if l.j.named {
		l.toAgency()
	}
}

func (l *lobby) toAgency() {
	if l.j.who.Role == sessions.RoleFacilitator || l.j.asGiven {
		l.done = true
		return
	}
	if l.j.who.Guest && l.s.cfg.Guests == GuestsObservers {
		// Nothing to choose: a guest may only watch on this server.
		l.j.who.Role = sessions.RoleObserver
		l.done = true
		return
	}
	l.step = askAgency
	l.in.Reset()
	l.in.Placeholder = "an agency's id, or observer"
}

func (l *lobby) Init() tea.Cmd { return textinput.Blink }

func (l *lobby) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		l.width = msg.Width
		l.in.SetWidth(max(20, msg.Width-4))
	case tea.KeyPressMsg:
		switch msg.String() {
		case "esc", "ctrl+c":
			l.left = true
			return l, nil
		case "enter":
			l.problem = ""
			if err := l.answer(strings.TrimSpace(l.in.Value())); err != nil {
				l.problem = err.Error()
			}
			return l, nil
		}
	}
	var cmd tea.Cmd
	l.in, cmd = l.in.Update(msg)
	return l, cmd
}

// answer takes what was typed at the current step.
func (l *lobby) answer(v string) error {
	switch l.step {
	case askCode:
		if place, ok := strings.CutPrefix(v, "new "); ok {
			if !l.s.mayFacilitate(l.sess) {
				return errors.New("only this server's facilitators may start a workshop: ask one for a code")
			}
			if err := l.s.offered(strings.TrimSpace(place)); err != nil {
				return err
			}
			if isGuest(l.sess) {
				return errors.New("start a workshop with an SSH key, " + needsKey)
			}
			who := sessions.Participant{ID: identity(l.sess), Name: displayName(l.sess), Role: sessions.RoleFacilitator}
			w, err := l.s.reg.create(strings.TrimSpace(place), who)
			if err != nil {
				return err
			}
			l.j = &joining{w: w, who: who}
			l.toName()
			return nil
		}
		if v == "" {
			return errors.New("type the workshop's code")
		}
		j, err := l.s.parseJoin(l.sess, []string{v})
		if err != nil {
			return err
		}
		l.j = j
		l.toName()
	case askName:
		if v == "" {
			return errors.New("type a name, so others know who moved what")
		}
		probe := l.j.who
		probe.Name = v
		if _, taken := l.j.w.sess.State().NameHolder(probe); taken {
			return fmt.Errorf("%q is someone else's name in this workshop: type another", v)
		}
		l.j.who.Name = v
		l.toAgency()
	case askAgency:
		st := l.j.w.sess.State()
		if strings.EqualFold(v, string(sessions.RoleObserver)) {
			l.j.who.Role = sessions.RoleObserver
			l.done = true
			return nil
		}
		id, ok := agencyByName(st, v)
		if !ok {
			return fmt.Errorf("no agency %q here: type one of %s, or observer", v, agencyList(st))
		}
		probe := l.j.who
		probe.Agency = id
		if err := l.s.guestRefusal(probe); err != nil {
			return err
		}
		l.j.who.Agency = id
		l.done = true
	}
	return nil
}

func (l *lobby) View() tea.View {
	var b strings.Builder
	bold := lipgloss.NewStyle().Bold(true)
	b.WriteString(bold.Render("totalplace") + " — join a shared workshop\n\n")
	switch l.step {
	case askCode:
		b.WriteString("Workshop code (facilitators: new PLACE to start one):\n")
	case askName:
		fmt.Fprintf(&b, "Workshop on %s.\nYour name:\n", l.j.w.sess.State().Place.Name)
	case askAgency:
		st := l.j.w.sess.State()
		b.WriteString("Which agency do you speak for? You move its money; other agencies' money needs their agreement.\n")
		for _, a := range st.Place.Agencies {
			fmt.Fprintf(&b, "  %-10s %s\n", a.ID, a.Name)
		}
		b.WriteString("  observer   watch without changing anything\n")

	}
	b.WriteString(l.in.View() + "\n")
	if l.problem != "" {
		b.WriteString(lipgloss.NewStyle().Bold(true).Render("✗ "+l.problem) + "\n")
	}
	b.WriteString(lipgloss.NewStyle().Faint(true).Render("enter to go on · esc to leave"))
	// Wrapped to the window: agency lists and errors are long.
	return tea.NewView(lipgloss.NewStyle().Width(max(20, l.width-1)).Render(b.String()))
}
