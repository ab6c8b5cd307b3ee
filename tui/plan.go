package tui

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"totalplace/model"
	"totalplace/report"
	"totalplace/sessions"
)

// Panel 9, Plan: what the workshop will be held to account by. The
// community's priorities and how the allocation scores against them, the
// gain-share agreements that close the prevention penalty, the asks of
// the centre by department, and who has signed the plan off. Its keys:
// v gives this participant's priorities, b records a gain-share, e ends
// the chosen one, m signs the plan off (in the Plan stage). The
// facilitator's console adds h (show or hide the priorities), R (require
// reasons in the Plan stage) and P (a community panel's points); A on the
// board asks the centre for money the place may not move.

type planPanel struct {
	panelScroll
	sel int // the chosen gain-share
}

func (p *planPanel) choose(m *Model, d int) {
	if n := len(m.st.GainShares); n > 0 {
		p.sel = (p.sel + d + n) % n
	}
}

func (p *planPanel) fit(st *sessions.State) {
	if p.sel >= len(st.GainShares) {
		p.sel = 0
	}
}

// chosen keys the room's content by the chosen gain-share and by whether
// this screen may see priorities the facilitator has hidden.
func (p *planPanel) chosen(m *Model) panelChoice {
	c := panelChoice{sel: p.sel}
	if m.seesHiddenPriorities() {
		c.sel2 = 1
	}
	return c
}

func (p *planPanel) content(m *Model, w, h int) (string, int) {
	return m.renderPlan(p.sel, w), -1
}

func (p *planPanel) keyPress(m *Model, msg tea.KeyPressMsg) (tea.Cmd, bool) {
	k := m.com.keys
	switch {
	case key.Matches(msg, k.Vote):
		m.openPriorities("")
	case key.Matches(msg, k.GainShare):
		if m.refuses(sessions.KindGainShare) {
			return nil, true
		}
		m.startInput(inputGainShare, "saver investor share years why, e.g. pcc county 50% 5 youth work cuts crime", "")
	case key.Matches(msg, k.EndGainShare):
		if len(m.st.GainShares) == 0 {
			m.setStatus("No gain-share agreement to end: b records one.", false)
			return nil, true
		}
		g := m.st.GainShares[min(p.sel, len(m.st.GainShares)-1)]
		if m.endArmed != g.Seq {
			// An agreement between two agencies ends on a second press.
			m.endArmed = g.Seq
			m.setStatus("End the gain-share “"+gainShareText(m.st.Place, g.GainShareTerms)+"”? e again ends it, any other key keeps it.", true)
			return nil, true
		}
		m.endArmed = 0
		return m.do(sessions.EndGainShare{Seq: g.Seq}, "Ended the gain-share: "+gainShareText(m.st.Place, g.GainShareTerms)+"."), true
	case key.Matches(msg, k.SignOff):
		if m.refuses(sessions.KindSignOff) {
			return nil, true
		}
		if m.st.Stage != sessions.StagePlan {
			m.setStatus("The plan is signed off in the Plan stage: the facilitator moves the workshop there (F then 3).", false)
			return nil, true
		}
		m.startInput(inputSignOff, "y or n, then a comment: e.g. y board approved", "")
	default:
		return nil, false
	}
	return nil, true
}

func (p *planPanel) help(k *KeyMap) []key.Binding {
	return []key.Binding{withHelp(k.Vote, "priorities"), withHelp(k.GainShare, "gain-share"), withHelp(k.EndGainShare, "end it"), withHelp(k.SignOff, "sign off")}
}

// seesHiddenPriorities: the facilitator sees the priorities while hidden.
func (m *Model) seesHiddenPriorities() bool {
	p, _ := m.st.Participant(m.who)
	return p.Role == sessions.RoleFacilitator
}

// gainShareText is an agreement in words: "Police returns 50% of the
// cashable savings from County council's moves, for 5 years".
func gainShareText(p *model.Place, t sessions.GainShareTerms) string {
	return fmt.Sprintf("%s returns %s of the cashable savings from %s's moves, for %d %s",
		agencyName(p, t.Saver), strconv.FormatFloat(t.Share*100, 'f', -1, 64)+"%", agencyName(p, t.Investor), t.Years, report.Plural(t.Years, "year", "years"))
}

// renderPlan draws the Plan panel, shared by every screen that chose alike.
func (m *Model) renderPlan(sel, w int) string {
	st := m.com.styles
	s := m.st
	p := s.Place
	var b strings.Builder
	line := func(parts ...string) { b.WriteString(strings.Join(parts, "")); b.WriteByte('\n') }
	// item wraps one entry under its mark, so a reason is read whole.
	item := func(mark, text string) {
		for i, l := range strings.Split(lipgloss.NewStyle().Width(max(w-len([]rune(mark)), 10)).Render(text), "\n") {
			if i > 0 {
				mark = strings.Repeat(" ", len([]rune(mark)))
			}
			line(mark, l)
		}
	}

	line(st.Bold.Render("Community priorities"))
	switch {
	case len(s.Priorities) == 0:
		item("  ", st.Muted.Render("None yet: v spreads your 10 points across the outcomes."))
	case s.PrioritiesHidden && !m.seesHiddenPriorities():
		line(st.Muted.Render(fmt.Sprintf("  %d %s given; hidden until the facilitator shows them.", len(s.Priorities), report.Plural(len(s.Priorities), "set", "sets"))))
	default:
		if s.PrioritiesHidden {
			line(st.Muted.Render("  Hidden from partners (console h shows them)."))
		}
		w8 := s.CombinedPriorities()
		score, parts := report.PriorityScore(p, s.Result, w8)
		for _, o := range p.Outcomes {
			if w8[o.ID] == 0 {
				continue
			}
			line(fmt.Sprintf("  %-28s %s %3.0f%%", truncName(o.Name, 28), bar(w8[o.ID], 10), w8[o.ID]*100))
		}
		line(st.Muted.Render(fmt.Sprintf("  from %d %s: %s", len(s.Priorities), report.Plural(len(s.Priorities), "set", "sets"), m.voters())))
		if len(parts) > 0 {
			verdict := fmt.Sprintf("%.2f%% better", score)
			switch {
			case score < -0.005:
				verdict = fmt.Sprintf("%.2f%% worse", -score)
			case score < 0.005:
				verdict = "no better or worse"
			}
			item("  ", fmt.Sprintf("Weighted by these, the moves leave outcomes %s than carrying on as now.", st.Bold.Render(verdict)))
			item("  ", st.Muted.Render("(each outcome's change by the horizon as a % of where it starts, counted up when better, weighted and added)"))
		}
	}
	line("")
	line(st.Bold.Render("Gain-share agreements"))
	if len(s.GainShares) == 0 {
		item("  ", st.Muted.Render("None: b records that an agency that saves returns a share to the one that invested."))
	}
	for i, g := range s.GainShares {
		mark := "  "
		if i == sel {
			mark = "▸ "
		}
		text := gainShareText(p, g.GainShareTerms)
		if g.Why != "" {
			text += st.Muted.Render(" — “" + g.Why + "”")
		}
		item(mark, text)
	}
	m.planLedger(item, line)
	line("")
	line(st.Bold.Render("Asks of the centre"))
	if len(s.Asks) == 0 {
		item("  ", st.Muted.Render("None: A on a fixed silo asks the centre to free its money."))
	} else {
		moves := make([]model.Move, len(s.Asks))
		for i, a := range s.Asks {
			moves[i] = a.Move
			text := moveText(p, a.Move) + " · " + m.participantName(a.By)
			if a.Why != "" {
				text += st.Muted.Render(" — “" + a.Why + "”")
			}
			item("  ", text)
		}
		for _, t := range report.AsksByDepartment(p, moves) {
			line(fmt.Sprintf("  %s: %d %s, %s a year", st.Bold.Render(agencyName(p, t.Agency)), t.Asks, report.Plural(t.Asks, "ask", "asks"), model.FormatMoney(t.Amount)))
		}
		line(st.Muted.Render("  Not allowed today: what they would buy is in the exported plan."))
	}
	line("")
	line(st.Bold.Render("Sign-off"))
	if s.ReasonsRequired {
		line(st.Muted.Render("  Every move and agreement in the Plan stage needs a reason."))
	}
	signed := 0
	for _, pt := range s.Participants {
		if pt.Role == sessions.RoleObserver {
			continue
		}
		i := slices.IndexFunc(s.SignOffs, func(o sessions.SignOffMark) bool { return o.Who == pt.ID })
		mark := st.Muted.Render("  … not yet  ")
		text := m.participantName(pt.ID)
		if i >= 0 {
			o := s.SignOffs[i]
			signed++
			mark = "  ✓ agreed   "
			if !o.Agreed {
				mark = "  ✗ not agreed "
			}
			if s.ChangedSince(o.Seq) {
				text += st.StatusErr.Render(" (before later changes to the plan: sign again)")
			}
			if o.Comment != "" {
				text += st.Muted.Render(" — “" + o.Comment + "”")
			}
		}
		item(mark, text)
	}
	if s.Stage != sessions.StagePlan && signed == 0 {
		line(st.Muted.Render("  Partners sign off in the Plan stage (m)."))
	}
	return strings.TrimRight(b.String(), "\n")
}

// planLedger is the ledger with gain-share: each agency's net before and
// after the agreements, and what would make each investor whole.
func (m *Model) planLedger(item func(mark, text string), line func(...string)) {
	st := m.com.styles
	s := m.st
	p := s.Place
	if s.Result == nil || len(s.Scenario.Moves) == 0 {
		return
	}
	terms := make([]report.GainShareTerms, len(s.GainShares))
	for i, g := range s.GainShares {
		terms[i] = report.GainShareTerms{Saver: g.Saver, Investor: g.Investor, Share: g.Share, Years: g.Years}
	}
	g, err := report.GainShares(s.Model, s.Scenario, s.Result, terms)
	if err != nil {
		item("  ", st.StatusErr.Render("✗ "+sentence(err.Error())))
		return
	}
	horizon := p.BaseYear + len(s.Result.Years) - 1
	if len(terms) > 0 {
		var changed []string
		for _, pos := range g.Positions {
			if b, a := sumOf(pos.Before), sumOf(pos.After); math.Abs(a-b) >= 0.5 {
				changed = append(changed, fmt.Sprintf("%s %s → %s", agencyName(p, pos.Agency), signedMoney(b), st.Bold.Render(signedMoney(a))))
			}
		}
		if len(changed) == 0 {
			item("  ", st.Muted.Render(fmt.Sprintf("The agreements move no money by %d: no saver saves from its investor's moves by then.", horizon)))
		} else {
			item("  ", st.Muted.Render(fmt.Sprintf("Net to %d (cashable savings less money given up), before → after gain-share:", horizon)))
			for _, c := range changed {
				item("  ", c)
			}
		}
	}
	for _, mw := range g.MakeWhole {
		// Which agreement would do it: each saver's share on its own (the
		// plan says the same), then all of them together.
		var each []string
		for _, sv := range mw.Savers {
			if sv.Amount >= mw.Short {
				each = append(each, fmt.Sprintf("%s returning %.0f%% of its %s", agencyName(p, sv.Agency), math.Ceil(mw.Short/sv.Amount*100), model.FormatMoney(sv.Amount)))
			}
		}
		text := fmt.Sprintf("%s is %s out of pocket by %d", agencyName(p, mw.Investor), model.FormatMoney(mw.Short), horizon)
		switch {
		case len(each) > 0:
			text += ": made whole by " + strings.Join(each, ", or ") + " of savings from its moves."
		case mw.Possible:
			text += fmt.Sprintf(": made whole only if every agency its moves save returns %.0f%% of those savings (%s in all).", math.Ceil(mw.Share*100), model.FormatMoney(sumAmounts(mw.Savers)))
		case len(mw.Savers) > 0:
			text += fmt.Sprintf(": no gain-share makes it whole by then; its moves save others %s.", model.FormatMoney(sumAmounts(mw.Savers)))
		default:
			text += ": its moves save no other agency cash by then."
		}
		item("  ", text)
	}
}

func sumOf(v []float64) float64 {
	t := 0.0
	for _, x := range v {
		t += x
	}
	return t
}

func sumAmounts(v []report.AgencyAmount) float64 {
	t := 0.0
	for _, x := range v {
		t += x.Amount
	}
	return t
}

func signedMoney(v float64) string {
	if v < 0 {
		return "−" + model.FormatMoney(-v)
	}
	return "+" + model.FormatMoney(v)
}

// voters names who gave priorities: participants and community panels.
func (m *Model) voters() string {
	var names []string
	for _, v := range m.st.Priorities {
		if v.Panel != "" {
			names = append(names, v.Panel+" (panel)")
		} else {
			names = append(names, m.participantName(v.By))
		}
	}
	return strings.Join(names, ", ")
}

func bar(share float64, width int) string {
	n := int(share*float64(width) + 0.5)
	return strings.Repeat("█", n) + strings.Repeat("·", width-n)
}

func truncName(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return s
}

// prioritiesEditor is one participant's 10 points being spread, on their
// own screen only.
type prioritiesEditor struct {
	panel  string // a community panel's name, when the facilitator enters its points
	points []int  // parallel to the place's outcomes
	sel    int
}

func (e *prioritiesEditor) total() int {
	t := 0
	for _, v := range e.points {
		t += v
	}
	return t
}

// openPriorities opens the editor with this participant's (or the
// panel's) points so far.
func (m *Model) openPriorities(panel string) {
	if m.refuses(sessions.KindPriorities) {
		return
	}
	e := &prioritiesEditor{panel: panel, points: make([]int, len(m.st.Place.Outcomes))}
	for _, v := range m.st.Priorities {
		if (panel != "" && v.Panel == panel) || (panel == "" && v.Panel == "" && v.By == m.who) {
			for i, o := range m.st.Place.Outcomes {
				e.points[i] = v.Points[o.ID]
			}
		}
	}
	m.prio = e
	m.panel = panelPlan
	m.setStatus("", false)
}

// updatePriorities handles a key while the editor is open.
func (m *Model) updatePriorities(msg tea.KeyPressMsg) tea.Cmd {
	e, k := m.prio, m.com.keys
	switch {
	case key.Matches(msg, k.Cancel):
		m.prio = nil
		m.setStatus("Priorities unchanged.", false)
	case key.Matches(msg, k.Up):
		e.sel = (e.sel + len(e.points) - 1) % len(e.points)
	case key.Matches(msg, k.Down):
		e.sel = (e.sel + 1) % len(e.points)
	case key.Matches(msg, k.Less):
		e.points[e.sel] = max(e.points[e.sel]-1, 0)
	case key.Matches(msg, k.More):
		if e.total() < sessions.PriorityPoints {
			e.points[e.sel]++
		}
	case key.Matches(msg, k.Pick):
		if left := sessions.PriorityPoints - e.total(); left != 0 {
			m.setStatus(fmt.Sprintf("%d %s left to give: all %d are spread before they are saved.", left, report.Plural(left, "point", "points"), sessions.PriorityPoints), true)
			return nil
		}
		pts := map[string]int{}
		for i, o := range m.st.Place.Outcomes {
			if e.points[i] > 0 {
				pts[o.ID] = e.points[i]
			}
		}
		m.prio = nil
		what := "Your priorities are saved."
		if e.panel != "" {
			what = "The priorities of " + e.panel + " are saved."
		}
		return m.do(sessions.SetPriorities{Points: pts, Panel: e.panel}, what)
	}
	return nil
}

// renderPriorities draws the editor in the panel's place.
func (m *Model) renderPriorities(w, h int) []string {
	st := m.com.styles
	e := m.prio
	title := "Your priorities"
	if e.panel != "" {
		title = "Priorities of " + e.panel
	}
	lines := []string{st.Bold.Render(title) + st.Muted.Render(fmt.Sprintf(" · %d of %d points given", e.total(), sessions.PriorityPoints))}
	// The outcomes scroll to keep the one being given points in view: a
	// short panel must never take points for a row no one can see.
	outs := m.st.Place.Outcomes
	start, end := 0, len(outs)
	if room := h - 2; len(outs) > room { // the title and the keys keep their lines
		n := max(1, room-2) // and the rows give two to say what is above and below
		start = min(max(e.sel-n/2, 0), len(outs)-n)
		end = start + n
	}
	if start > 0 {
		lines = append(lines, st.Muted.Render(fmt.Sprintf("  ↑ %d more", start)))
	}
	for i := start; i < end; i++ {
		mark := "  "
		if i == e.sel {
			mark = "▸ "
		}
		lines = append(lines, fmt.Sprintf("%s%-28s %s %2d", mark, truncName(outs[i].Name, 28), bar(float64(e.points[i])/sessions.PriorityPoints, 10), e.points[i]))
	}
	if end < len(outs) {
		lines = append(lines, st.Muted.Render(fmt.Sprintf("  ↓ %d more", len(outs)-end)))
	}
	lines = append(lines, st.Muted.Render("↑↓ outcome · ←→ −/+ a point · enter saves · esc leaves them as they were"))
	return fit(m.ascii(strings.Join(lines, "\n"), w, false), w, h)
}

// parseGainShare reads "SAVER INVESTOR SHARE YEARS [why]": agencies by id
// or short name, the share as 50% or 50, years as 5 or 5y.
func parseGainShare(p *model.Place, s string) (sessions.AgreeGainShare, error) {
	f := strings.Fields(s)
	if len(f) < 4 {
		return sessions.AgreeGainShare{}, fmt.Errorf("type four things, then why if you like: the agency that saves, the one that invested, the share and the years (e.g. pcc county 50%% 5)")
	}
	var g sessions.AgreeGainShare
	for i, dst := range []*string{&g.Saver, &g.Investor} {
		a := agencyByWord(p, f[i])
		if a == "" {
			return g, fmt.Errorf("no agency %q: expected one of %s", f[i], agencyWords(p))
		}
		*dst = a
	}
	pct, err := strconv.ParseFloat(strings.TrimSuffix(f[2], "%"), 64)
	if err != nil || !(pct > 0 && pct <= 100) {
		return g, fmt.Errorf("the share %q: expected a percentage above 0 and at most 100, e.g. 50%%", f[2])
	}
	g.Share = pct / 100
	years, err := strconv.Atoi(strings.TrimSuffix(strings.TrimSuffix(f[3], "y"), "years"))
	if err != nil || years < 1 || years > sessions.MaxGainShareYears {
		return g, fmt.Errorf("the years %q: expected a whole number from 1 to %d", f[3], sessions.MaxGainShareYears)
	}
	g.Years = years
	g.Why = strings.Join(f[4:], " ")
	return g, nil
}

func agencyByWord(p *model.Place, w string) string {
	for _, a := range p.Agencies {
		if strings.EqualFold(a.ID, w) || strings.EqualFold(a.Short, w) {
			return a.ID
		}
	}
	return ""
}

func agencyWords(p *model.Place) string {
	ids := make([]string, len(p.Agencies))
	for i, a := range p.Agencies {
		ids[i] = a.ID
	}
	return strings.Join(ids, ", ")
}

// parseSignOff reads "y comment" or "n comment".
func parseSignOff(s string) (sessions.SignOff, error) {
	word, comment, _ := strings.Cut(strings.TrimSpace(s), " ")
	switch strings.ToLower(word) {
	case "y", "yes", "agree", "agreed":
		return sessions.SignOff{Agreed: true, Comment: strings.TrimSpace(comment)}, nil
	case "n", "no", "not":
		return sessions.SignOff{Comment: strings.TrimSpace(comment)}, nil
	}
	return sessions.SignOff{}, fmt.Errorf("start with y (the plan is agreed) or n (not agreed), then a comment if you like")
}

// startAsk begins an ask of the centre from the silo under the cursor:
// the move flow, without the place's limits, ending in RecordAsk.
func (m *Model) startAsk() {
	from := m.siloAt(m.cursor)
	if from < 0 || m.refuses(sessions.KindAsk) {
		return
	}
	s := m.st.Place.Silos[from]
	m.mv = moveState{stage: stageTarget, from: from, to: -1, year: m.st.Place.BaseYear, centre: true}
	m.setStatus(fmt.Sprintf("Asking the centre to free money in %s: choose where it would go, enter.", s.Name), false)
}

// sendAsk records the ask the move flow describes.
func (m *Model) sendAsk(mv moveState, why string) tea.Cmd {
	move := m.keyboardMove(mv)
	return m.do(sessions.RecordAsk{Move: move, Why: why}, "Recorded an ask of the centre: "+moveText(m.st.Place, move)+". Panel 9 (Plan) totals the asks.")
}
