package server

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"runtime/debug"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/ssh"
	"charm.land/wish/v2"
	bm "charm.land/wish/v2/bubbletea"
	"github.com/charmbracelet/colorprofile"

	"totalplace/internal/linedraw"
	"totalplace/model"
	"totalplace/plan"
	"totalplace/sessions"
	"totalplace/tui"
)

const helpText = `totalplace workshops over SSH

  ssh HOST places                  the places a workshop can start on
  ssh HOST new PLACE               start a workshop: prints its join code first
  ssh HOST workshops               the workshops you started or joined
  ssh -t HOST join CODE [--name NAME] [--as AGENCY|observer]
                                   join a workshop (or: ssh -t CODE@HOST)
  ssh HOST export CODE [--format md|html|json] [--scenario NAME] > FILE
                                   the workshop's Local Public Service Plan
  ssh HOST help                    this
`

// joining is what the command step hands the app step: the workshop and
// who joins it.
type joining struct {
	w   *workshop
	who sessions.Participant
	// named and asGiven say the join gave --name and --as, so the lobby
	// does not ask for them.
	named, asGiven bool
}

type joiningKey struct{}

// entranceKey finds a connection's program again once it has ended.
type entranceKey struct{}

// commands answers the commands that need no terminal, and checks a join
// before the app starts.
func (s *Server) commands(next ssh.Handler) ssh.Handler {
	return func(sess ssh.Session) {
		args := sess.Command()
		if len(args) == 0 && looksLikeCode(sess.User()) {
			args = []string{"join", sess.User()}
		}
		if len(args) == 0 {
			if _, _, ok := sess.Pty(); ok {
				s.enter(sess, &joining{}, next) // the lobby asks for the code
				return
			}
			args = []string{"help"}
		}
		out := sess
		fail := func(format string, a ...any) {
			wish.Errorf(sess, format+"\n", a...)
			_ = sess.Exit(1)
		}
		switch args[0] {
		case "help", "--help", "-h":
			io.WriteString(out, helpText)
		case "places":
			if s.cfg.Places == nil {
				fail("this server lists no places")
				return
			}
			list, err := s.cfg.Places()
			if err != nil {
				fail("places: %v", err)
				return
			}
			io.WriteString(out, trimLines(list))
		case "new":
			if len(args) != 2 {
				fail("new takes one place: ssh HOST new PLACE (ssh HOST places lists them)")
				return
			}
			if !s.mayFacilitate(sess) {
				fail("only this server's facilitators may start a workshop: ask one for a join code")
				return
			}
			if isGuest(sess) {
				// Without a key the facilitator could not be known again
				// when they join it.
				fail("new: start a workshop with an SSH key, " + needsKey)
				return
			}
			if err := s.offered(args[1]); err != nil {
				fail("new: %v", err)
				return
			}
			who := sessions.Participant{ID: identity(sess), Name: displayName(sess), Role: sessions.RoleFacilitator}
			w, err := s.reg.create(args[1], who)
			if err != nil {
				fail("new: %v", err)
				return
			}
			s.log.Info("workshop started", "code", w.Code, "place", w.Place, "by", who.ID)
			fmt.Fprintf(out, "%s\nWorkshop on %s started. Partners join with:\n  %s --name NAME --as AGENCY\n"+
				"(an agency's id; --as observer to watch; what is left out is asked on screen).\nYou facilitate it: join the same way, without --as.\n",
				w.Code, w.Place, s.joinHint(w.Code))
		case "workshops":
			ws := s.reg.mine(identity(sess))
			if len(ws) == 0 {
				io.WriteString(out, "You have no workshops here yet: start one with `ssh HOST new PLACE`, or join with a code.\n")
				return
			}
			for _, w := range ws {
				fmt.Fprintf(out, "%s  %s  started %s\n", w.Code, w.Place, w.Created.Format("2006-01-02 15:04"))
			}
		case "join":
			j, err := s.parseJoin(sess, args[1:])
			if err != nil {
				fail("%v", err)
				return
			}
			if _, _, ok := sess.Pty(); !ok {
				fail("join opens the workshop on screen and needs a terminal: run ssh with -t (ssh -t HOST join CODE)")
				return
			}
			s.enter(sess, j, next)
		case "export":
			if err := s.export(out, sess, args[1:]); err != nil {
				fail("%v", err)
			}
		default:
			fail("unknown command %q: %s", args[0], "try `ssh HOST help`")
		}
	}
}

// export writes a workshop's plan to the caller: whoever has the code
// may join and see everything, so may have the plan too. CSV is several
// files, which one stream cannot carry.
func (s *Server) export(out io.Writer, sess ssh.Session, args []string) error {
	fs := flag.NewFlagSet("export", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	format := fs.String("format", "md", "md, html or json")
	scenario := fs.String("scenario", "", "a saved scenario")
	var code string
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		code, args = args[0], args[1:]
	}
	if err := fs.Parse(args); err != nil {
		return fmt.Errorf("export: %v (usage: export CODE [--format md|html|json] [--scenario NAME])", err)
	}
	if code == "" {
		return errors.New("export needs the workshop's code: ssh HOST export CODE --format html > plan.html")
	}
	write, ok := plan.Writer(*format)
	switch {
	case *format == "csv":
		return errors.New("export: csv is one file a table, which one ssh stream cannot carry: use json, or totalplace export --format csv on the server")
	case !ok:
		return fmt.Errorf("export: unknown --format %q: expected md, html or json", *format)
	}
	w, err := s.workshopByCode(sess, code)
	if err != nil {
		return err
	}
	pl, err := plan.Build(w.sess.State(), plan.Options{Scenario: *scenario})
	if err != nil {
		return fmt.Errorf("export: %w", err)
	}
	var b bytes.Buffer
	if err := write(&b, pl); err != nil {
		return fmt.Errorf("export: %w", err)
	}
	_, err = out.Write(b.Bytes())
	return err
}

// exportHint is how a facilitator fetches a workshop's plan from this server.
func (s *Server) exportHint(code string) string {
	join := strings.Replace(s.joinHint(code), "ssh -t", "ssh", 1)
	return strings.Replace(join, " join ", " export ", 1) + " --format html > plan.html"
}

// joinedBefore reports whether id has opened a screen on the workshop
// (a join event), not only started it.
func joinedBefore(st *sessions.State, id string) bool {
	for _, ev := range st.History {
		if ev.Kind == sessions.KindJoin && ev.Who == id {
			return true
		}
	}
	return false
}

// nameWords lets --name take the words ssh unquotes: `--name Nadia Khan
// --as icb` reaches the server as separate words, and the flag package
// would keep "Nadia" and silently drop the rest, --as included.
func nameWords(args []string) []string {
	out := make([]string, 0, len(args))
	for i := 0; i < len(args); i++ {
		a := args[i]
		out = append(out, a)
		if a != "--name" && a != "-name" {
			continue
		}
		var words []string
		for i+1 < len(args) && !strings.HasPrefix(args[i+1], "-") {
			i++
			words = append(words, args[i])
		}
		out = append(out, strings.Join(words, " "))
	}
	return out
}

// workshopByCode finds the workshop a code names, slowing down and then
// refusing an address that keeps trying wrong codes.
func (s *Server) workshopByCode(sess ssh.Session, code string) (*workshop, error) {
	addr := sess.RemoteAddr()
	if wait, refused := s.limiter.check(addr); refused {
		return nil, fmt.Errorf("too many wrong codes from your address: try again in %s", wait.Round(1e9))
	}
	w, err := s.reg.lookup(code)
	if err != nil {
		if errors.Is(err, errUnknownCode) {
			s.limiter.failed(addr)
			return nil, fmt.Errorf("no workshop has the code %q: check it with your facilitator", normalCode(code))
		}
		return nil, err
	}
	return w, nil
}

// parseJoin reads join's arguments and finds the workshop.
func (s *Server) parseJoin(sess ssh.Session, args []string) (*joining, error) {
	fs := flag.NewFlagSet("join", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	name := fs.String("name", "", "your name as others see it")
	as := fs.String("as", "", "the agency you speak for (id or short name), or observer")
	var code string
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		code, args = args[0], args[1:]
	}
	if err := fs.Parse(nameWords(args)); err != nil {
		return nil, fmt.Errorf("join: %v (usage: join CODE [--name NAME] [--as AGENCY|observer])", err)
	}
	if fs.NArg() > 1 || (code != "" && fs.NArg() > 0) {
		return nil, fmt.Errorf("join: %q is not understood here (usage: join CODE [--name NAME] [--as AGENCY|observer])", strings.Join(fs.Args(), " "))
	}
	if code == "" && fs.NArg() > 0 {
		code = fs.Arg(0)
	}
	if code == "" {
		return nil, errors.New("join needs the workshop's code: ssh -t HOST join CODE")
	}
	w, err := s.workshopByCode(sess, code)
	if err != nil {
		return nil, err
	}
	who := sessions.Participant{ID: identity(sess), Name: strings.TrimSpace(*name), Role: sessions.RolePartner, Guest: isGuest(sess)}
	if who.Guest && s.cfg.Guests == GuestsNone {
		return nil, s.guestRefusal(who)
	}
	j := &joining{w: w, named: who.Name != "", asGiven: strings.TrimSpace(*as) != ""}
	if known, ok := w.sess.State().Participant(who.ID); ok && strings.TrimSpace(*as) != "" {
		// Who speaks for which agency is settled when they first join.
		if id, _ := agencyByName(w.sess.State(), *as); id != known.Agency && !(strings.EqualFold(*as, string(sessions.RoleObserver)) && known.Role == sessions.RoleObserver) {
			return nil, fmt.Errorf("you joined this workshop %s; to speak for another, ask the facilitator (or join without --as)", joinedAs(w.sess.State(), known))
		}
	}
	if known, ok := w.sess.State().Participant(who.ID); ok {
		// Back after a drop: the same seat, name and agency, unasked. The
		// facilitator's first screen still asks for a name: new took the
		// login's, which may be "root".
		j.named, j.asGiven = joinedBefore(w.sess.State(), who.ID) || who.Name != "", true
		if who.Name == "" {
			who.Name = known.Name
		}
		if strings.TrimSpace(*as) == "" {
			who.Agency = known.Agency
			if known.Role == sessions.RoleObserver {
				who.Role = known.Role
			}
		}
	}
	if who.Name == "" {
		who.Name = displayName(sess)
	}
	if who.ID == w.Facilitator {
		who.Role = sessions.RoleFacilitator
	}
	st := w.sess.State()
	switch a := strings.TrimSpace(*as); {
	case a == "":
	case strings.EqualFold(a, string(sessions.RoleObserver)):
		if who.Role != sessions.RoleFacilitator {
			who.Role = sessions.RoleObserver
		}
	default:
		id, ok := agencyByName(st, a)
		if !ok {
			return nil, fmt.Errorf("no agency %q in this workshop: expected one of %s, or observer", a, agencyList(st))
		}
		who.Agency = id
	}
	if strings.TrimSpace(*as) != "" {
		if err := s.guestRefusal(who); err != nil {
			return nil, err
		}
	}
	if _, taken := w.sess.State().NameHolder(who); taken && j.named {
		return nil, fmt.Errorf("%q is someone else's name in this workshop: join with another --name", who.Name)
	}
	j.who = who
	return j, nil
}

// enter opens the screen for a join (asking on screen what it left
// out), and afterwards says how to come back if the server is stopping.
func (s *Server) enter(sess ssh.Session, j *joining, next ssh.Handler) {
	sess.Context().SetValue(joiningKey{}, j)
	next(sess)
	if e, ok := sess.Context().Value(entranceKey{}).(*entrance); ok && e.done != nil {
		e.in.stopped.Store(true)
		if e.lines != nil {
			_ = e.lines.Close() // the terminal back as it was, before anything more is said
		}
		close(e.done)
	}
	if e, ok := sess.Context().Value(entranceKey{}).(*entrance); ok && e.failed {
		code := ""
		if e.joined != nil {
			code = e.joined.w.Code
		}
		fmt.Fprintf(sess, "%s\nIt has been logged for whoever runs the server. Everything you did before it is saved; join again with:\n  %s\n",
			faultText, s.joinHint(code))
		return
	}
	if e, ok := sess.Context().Value(entranceKey{}).(*entrance); ok && e.screen != nil && e.screen.Removed() {
		fmt.Fprintf(sess, "The facilitator has removed you from workshop %s. Ask them before you join again.\n", e.joined.w.Code)
		return
	}
	if s.stopping.Load() && j.w != nil {
		fmt.Fprintf(sess, "The workshop server is stopping. Everything up to now is saved; when it is back, rejoin with:\n  %s\n", s.joinHint(j.w.Code))
	}
}

// program builds the screen for a join: the lobby first when the join
// left something to ask, then the workshop screen on the participant's
// seat, in one program (a second program on the same connection would
// lose the first key typed to it: the first one's reader still waits).
func (s *Server) program(sess ssh.Session) *tea.Program {
	j, ok := sess.Context().Value(joiningKey{}).(*joining)
	if !ok {
		return nil
	}
	e := &entrance{s: s, sess: sess}
	sess.Context().SetValue(entranceKey{}, e)
	if j.w == nil || !j.named || !j.asGiven {
		var partial *joining
		if j.w != nil {
			partial = j
		}
		e.lobby = newLobby(s, sess, partial)
	}
	if e.lobby == nil || e.lobby.done {
		if err := e.open(j); err != nil {
			wish.Errorf(sess, "%v\n", err)
			return nil
		}
		e.lobby = nil
	}
	lim := s.cfg.Limits
	opts := append(bm.MakeOptions(sess), tea.WithoutSignalHandler())
	// Bubble Tea's input reader hands each key to the event loop with a
	// send that nothing else can unblock: a key that arrives as the
	// connection drops, read after the loop has stopped on the cancelled
	// context, keeps the reader, and through it the whole program and its
	// screen, for good (one in a few hundred drops, measured by
	// BenchmarkReconnect). So the program does not stop on the session's
	// context: a dropped connection ends its input, and the program stops
	// on that end of input once the reader has handed over every key.
	in := &sessionInput{r: sess, ended: make(chan struct{})}
	e.in = in
	var m tea.Model = e
	if sess.EmulatedPty() {
		opts = append(opts, tea.WithInput(in))
		// Screens are drawn a changed line at a time rather than by Bubble
		// Tea's cell renderer: see package linedraw for why (CPU and
		// memory with a room of participants).
		pty, _, _ := sess.Pty()
		env := append(sess.Environ(), "TERM="+pty.Term)
		e.lines = linedraw.New(e, sess, linedraw.Options{Profile: colorprofile.Env(env), Environ: env})
		m = e.lines
		opts = append(opts, tea.WithoutRenderer(), tea.WithOutput(e.lines.Output()))
	} else {
		opts = append(opts, tea.WithContext(sess.Context())) // a real PTY: Bubble Tea reads its file
		close(in.ended)
	}
	var p *tea.Program
	opts = append(opts,
		// A window larger than the server draws is drawn at the largest size.
		// (This replaces MakeOptions' filter, so it also keeps its rule: a
		// remote screen is never suspended.)
		tea.WithFilter(func(_ tea.Model, msg tea.Msg) tea.Msg {
			switch msg := msg.(type) {
			case tea.WindowSizeMsg:
				return tea.WindowSizeMsg{Width: min(msg.Width, lim.MaxWidth), Height: min(msg.Height, lim.MaxHeight)}
			case tea.SuspendMsg:
				return tea.ResumeMsg{}
			case tea.QuitMsg:
				// The connection dropped (the middleware quits the program
				// then): wait for the reader to finish, or a moment. Even
				// when its read has already ended: what it read last may
				// not be handed over yet (a key typed just before the
				// drop), and nothing would ever take it once the program
				// stopped.
				if sess.Context().Err() != nil {
					go func() {
						select {
						case <-in.ended:
							// The reader hands over what it last read just
							// after its read ends.
							time.Sleep(100 * time.Millisecond)
						case <-time.After(2 * time.Second):
						}
						p.Kill()
					}()
					return nil
				}
			}
			return msg
		}))
	p = tea.NewProgram(m, opts...)
	if e.lines != nil {
		e.lines.Attach(p)
	}
	e.prog = p
	s.programs.Store(p, struct{}{})
	e.done = make(chan struct{})
	go func() {
		// The screen ends with its program (enter closes it), or with
		// the connection, whichever is first: a client that keeps its
		// connection for other sessions (ssh's ControlMaster) must not
		// keep a seat it has left.
		select {
		case <-sess.Context().Done():
		case <-e.done:
		}
		s.programs.Delete(p)
		if e.screen != nil {
			e.screen.Close()
		}
		if e.leave != nil {
			e.leave()
		}
	}()
	if s.stopping.Load() { // the server began stopping as this one joined
		go p.Quit()
	}
	return p
}

// sessionInput is a session's input as its program reads it, noting when
// it has ended (the connection dropped, or the client closed its input).
type sessionInput struct {
	r       io.Reader
	once    sync.Once
	ended   chan struct{}
	stopped atomic.Bool // the program has ended: nothing more is handed to its reader
}

func (s *sessionInput) Read(b []byte) (int, error) {
	n, err := s.r.Read(b)
	if s.stopped.Load() {
		// Keys typed after the program ended would block its reader.
		n, err = 0, io.EOF
	}
	if err != nil {
		s.once.Do(func() { close(s.ended) })
	}
	return n, err
}

// screenFault, set only by tests, sees every message a screen gets, so a
// test can make one screen panic as a bug would.
var screenFault atomic.Pointer[func(tea.Msg)]

// entrance is one connection's program: the lobby, if there is anything
// to ask, then the workshop screen.
type entrance struct {
	s      *Server
	sess   ssh.Session
	lobby  *lobby
	screen *tui.Model
	size   tea.WindowSizeMsg
	joined *joining
	leave  func() // gives up the screen's place in the workshop's count
	failed bool   // a bug panicked in this screen: it is closing
	prog   *tea.Program
	done   chan struct{} // closed when the program has ended
	in     *sessionInput
	lines  *linedraw.Model // draws the program's screens, on an emulated PTY
}

// viewMsg is what screenFault sees when a screen draws.
type viewMsg struct{}

// faultText is all a screen that failed shows while it closes.
const faultText = "Something went wrong on this screen, so it is closing. The workshop is unharmed."

// recovered closes a screen whose code panicked, logging why with the
// stack, so one participant's bug never touches anyone else's screen or
// the workshop (whose state changes only through the session, which the
// panic did not reach half-way: commands are applied whole or not at all).
func (e *entrance) recovered(r any) {
	e.failed = true
	who := identity(e.sess)
	if e.joined != nil {
		who = e.joined.who.ID
	}
	e.s.log.Error("a screen failed and was closed", "panic", fmt.Sprint(r), "who", who, "stack", string(debug.Stack()))
}

// open seats the participant and makes their workshop screen, if the
// workshop has room.
func (e *entrance) open(j *joining) error {
	if n := j.w.screens.Add(1); int(n) > e.s.cfg.Limits.Participants {
		j.w.screens.Add(-1)
		return fmt.Errorf("this workshop is full: %d participants are in it", e.s.cfg.Limits.Participants)
	}
	seat, err := j.w.hub.Seat(j.who)
	if err != nil {
		j.w.screens.Add(-1)
		return fmt.Errorf("join: %w", err)
	}
	e.leave = func() { j.w.screens.Add(-1) }
	e.joined = j
	opts := tui.Options{Room: j.w.room, ASCII: tui.LocaleIsASCII(e.sess.Environ()),
		PlanHint: e.s.exportHint(j.w.Code)}
	if j.who.Role == sessions.RoleFacilitator {
		// The facilitator tells the room how to join: the code stays on
		// their screen (a workshop started in the lobby has no other).
		opts.JoinHint = "Join: " + e.s.joinHint(j.w.Code)
	}
	e.screen = tui.NewSeated(seat, opts)
	e.s.log.Info("joined", "code", j.w.Code, "who", j.who.ID, "role", j.who.Role)
	return nil
}

func (e *entrance) Init() tea.Cmd {
	if e.screen != nil {
		return e.screen.Init()
	}
	return e.lobby.Init()
}

func (e *entrance) Update(msg tea.Msg) (m tea.Model, cmd tea.Cmd) {
	if e.failed {
		return e, tea.Quit
	}
	defer func() {
		if r := recover(); r != nil {
			e.recovered(r)
			m, cmd = e, tea.Quit
		}
	}()
	if f := screenFault.Load(); f != nil {
		(*f)(msg) // a test's stand-in for a bug in one screen
	}
	if ws, ok := msg.(tea.WindowSizeMsg); ok {
		e.size = ws
	}
	if e.screen != nil {
		_, cmd = e.screen.Update(msg)
		return e, cmd
	}
	_, cmd = e.lobby.Update(msg)
	switch {
	case e.lobby.left:
		return e, tea.Quit
	case e.lobby.done:
		if err := e.open(e.lobby.j); err != nil {
			e.lobby.done, e.lobby.problem = false, err.Error()
			return e, cmd
		}
		size := e.size
		e.screen.Update(size)
		return e, e.screen.Init()
	}
	return e, cmd
}

func (e *entrance) View() (v tea.View) {
	if e.failed {
		return tea.NewView(faultText)
	}
	defer func() {
		if r := recover(); r != nil {
			e.recovered(r)
			v = tea.NewView(faultText)
			if p := e.prog; p != nil {
				go p.Quit()
			}
		}
	}()
	if f := screenFault.Load(); f != nil {
		(*f)(viewMsg{})
	}
	if e.screen != nil {
		return e.screen.View()
	}
	return e.lobby.View()
}

// mayFacilitate reports whether the caller may start workshops.
func (s *Server) mayFacilitate(sess ssh.Session) bool {
	if s.cfg.Facilitators == "" {
		return true
	}
	pk := sess.PublicKey()
	return pk != nil && authorized(s.cfg.Facilitators, pk)
}

// agencyByName finds an agency by its id, short name or name.
func agencyByName(st *sessions.State, s string) (string, bool) {
	for _, a := range st.Place.Agencies {
		if strings.EqualFold(a.ID, s) || strings.EqualFold(a.Short, s) || strings.EqualFold(a.Name, s) {
			return a.ID, true
		}
	}
	return "", false
}

func agencyList(st *sessions.State) string {
	var ids []string
	for _, a := range st.Place.Agencies {
		ids = append(ids, a.ID)
	}
	return strings.Join(ids, ", ")
}

// offered checks that a remote "new" names one of the server's places, not
// a path: what a client types must never open a file on the server.
func (s *Server) offered(place string) error {
	if slices.Contains(s.cfg.PlaceIDs, place) {
		return nil
	}
	return fmt.Errorf("no place %q here%s (ssh HOST places lists them)", place, model.DidYouMean(place, s.cfg.PlaceIDs))
}

// joinedAs says how a participant joined: "for county", "as an observer".
func joinedAs(st *sessions.State, p sessions.Participant) string {
	switch {
	case p.Role == sessions.RoleObserver:
		return "as an observer"
	case p.Role == sessions.RoleFacilitator:
		return "as its facilitator"
	case p.Agency != "":
		return "for " + p.Agency
	}
	return "without an agency"
}
