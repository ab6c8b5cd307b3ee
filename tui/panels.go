package tui

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"totalplace/sessions"
)

// panelView is one tabbed panel as a component (after soft-serve's
// common.Component): it owns the item it has chosen and its scroll,
// answers its own keys, names its own help, and draws its whole content
// from the workshop's state, which it reads through the Model and never
// changes. The root routes keys to the active panel and composes what it
// draws; drawing changes nothing.
type panelView interface {
	// choose steps the panel's chosen item (← →).
	choose(m *Model, d int)
	// chosen is the panel's own view state that shapes its content: the
	// room shares content only between screens that chose alike.
	chosen(m *Model) panelChoice
	// content is the panel's whole content at w×h, and the line to keep in
	// view when it is stepped to (-1 for none).
	content(m *Model, w, h int) (string, int)
	// keyPress handles the panel's own action keys; false when msg is not one.
	keyPress(m *Model, msg tea.KeyPressMsg) (tea.Cmd, bool)
	// help is the panel's own keys, for the key line.
	help(k *KeyMap) []key.Binding
	// fit keeps the chosen item within a new state.
	fit(st *sessions.State)
	// scroller is the panel's scroll.
	scroller() *panelScroll
}

// panelChoice is what a panel has chosen, as the room keys it.
type panelChoice struct {
	sel, sel2 int
	seq       uint64
}

// panelScroll is a panel's scroll: the offset asked for, and what the
// panel held and showed when it last settled (Update keeps it in range).
type panelScroll struct {
	off          int
	total, shown int
	follow       bool // bring the focus line into view when it next settles
}

func (s *panelScroll) scroller() *panelScroll { return s }

// noKeys is for panels with no action keys of their own.
type noKeys struct{}

func (noKeys) keyPress(*Model, tea.KeyPressMsg) (tea.Cmd, bool) { return nil, false }
func (noKeys) help(*KeyMap) []key.Binding                       { return nil }

// outcomeChoice is the outcome chosen in Outcomes, Gap and Why: one
// choice, so stepping through outcomes in one panel carries to the others.
type outcomeChoice struct{ i int }

func (c *outcomeChoice) step(st *sessions.State, d int) {
	if n := len(st.Place.Outcomes); n > 0 {
		c.i = (c.i + d + n) % n
	}
}

func (c *outcomeChoice) fit(st *sessions.State) {
	if c.i >= len(st.Place.Outcomes) {
		c.i = 0
	}
}

type outcomesPanel struct {
	panelScroll
	noKeys
	outcome *outcomeChoice
}

func (p *outcomesPanel) choose(m *Model, d int)    { p.outcome.step(m.st, d) }
func (p *outcomesPanel) fit(st *sessions.State)    { p.outcome.fit(st) }
func (p *outcomesPanel) chosen(*Model) panelChoice { return panelChoice{} } // draws every outcome
func (p *outcomesPanel) content(m *Model, w, h int) (string, int) {
	return m.renderOutcomes(w, h), -1
}

type gapPanel struct {
	panelScroll
	noKeys
	outcome *outcomeChoice
}

func (p *gapPanel) choose(m *Model, d int)    { p.outcome.step(m.st, d) }
func (p *gapPanel) fit(st *sessions.State)    { p.outcome.fit(st) }
func (p *gapPanel) chosen(*Model) panelChoice { return panelChoice{sel: p.outcome.i} }
func (p *gapPanel) content(m *Model, w, h int) (string, int) {
	return m.renderGap(p.outcome.i, w, h), -1
}

type ledgerPanel struct {
	panelScroll
	noKeys
}

func (p *ledgerPanel) choose(*Model, int)        {}
func (p *ledgerPanel) fit(*sessions.State)       {}
func (p *ledgerPanel) chosen(*Model) panelChoice { return panelChoice{} }
func (p *ledgerPanel) content(m *Model, w, h int) (string, int) {
	return m.renderLedger(w, h), -1
}

type whyPanel struct {
	panelScroll
	noKeys
	outcome *outcomeChoice
}

func (p *whyPanel) choose(m *Model, d int)    { p.outcome.step(m.st, d) }
func (p *whyPanel) fit(st *sessions.State)    { p.outcome.fit(st) }
func (p *whyPanel) chosen(*Model) panelChoice { return panelChoice{sel: p.outcome.i} }
func (p *whyPanel) content(m *Model, w, h int) (string, int) {
	return m.renderWhy(p.outcome.i, w, h), -1
}

// scenariosPanel chooses a saved scenario (sel) and may pin one to compare
// (pinned, -1 for the current moves). o and c act on it from any panel.
type scenariosPanel struct {
	panelScroll
	noKeys
	sel, pinned int
	seen        int // scenarios saved when last fitted: a new one is shown
}

func (p *scenariosPanel) choose(m *Model, d int) {
	if n := len(m.st.Scenarios); n > 0 {
		p.sel = (p.sel + d + n) % n
	}
}

func (p *scenariosPanel) fit(st *sessions.State) {
	if n := len(st.Scenarios); n > p.seen && p.seen >= 0 {
		p.sel = n - 1 // show the one just saved
	}
	p.seen = len(st.Scenarios)
	if p.sel >= len(st.Scenarios) {
		p.sel = len(st.Scenarios) - 1
	}
	if p.sel < 0 && len(st.Scenarios) > 0 {
		p.sel = 0
	}
	if p.pinned >= len(st.Scenarios) {
		p.pinned = -1
	}
}

func (p *scenariosPanel) chosen(*Model) panelChoice { return panelChoice{sel: p.sel, sel2: p.pinned} }
func (p *scenariosPanel) content(m *Model, w, h int) (string, int) {
	return m.renderScenarios(p.sel, p.pinned, w, h), -1
}

// historyPanel chooses a move (seq, 0 for the newest); w gives it a reason.
type historyPanel struct {
	panelScroll
	seq uint64
}

func (p *historyPanel) choose(m *Model, d int) {
	seqs := m.moveSeqs()
	if len(seqs) == 0 {
		return
	}
	cur := p.chosenMove(m)
	for i, s := range seqs {
		if s == cur {
			p.seq = seqs[(i+d+len(seqs))%len(seqs)]
			break
		}
	}
	p.follow = true
}

// chosenMove is the Seq of the move chosen (the newest unless another
// was), or 0 when there are none.
func (p *historyPanel) chosenMove(m *Model) uint64 {
	seqs := m.moveSeqs()
	if len(seqs) == 0 {
		return 0
	}
	for _, s := range seqs {
		if s == p.seq {
			return s
		}
	}
	return seqs[0]
}

func (p *historyPanel) fit(*sessions.State)         {}
func (p *historyPanel) chosen(m *Model) panelChoice { return panelChoice{seq: p.chosenMove(m)} }
func (p *historyPanel) content(m *Model, w, h int) (string, int) {
	return m.renderHistory(p.chosenMove(m), w, h)
}

func (p *historyPanel) keyPress(m *Model, msg tea.KeyPressMsg) (tea.Cmd, bool) {
	switch {
	case key.Matches(msg, m.com.keys.EditWhy):
		return m.editWhy(p.chosenMove(m)), true
	case key.Matches(msg, m.com.keys.Rewind):
		return m.rewindTo(p.chosenMove(m)), true
	}
	return nil, false
}

func (p *historyPanel) help(k *KeyMap) []key.Binding {
	return []key.Binding{withHelpKey(k.Less, "←/→", "choose move"), withHelp(k.EditWhy, "reason"), withHelp(k.Rewind, "rewind")}
}

// placePanel shows the place and the silo under the board's cursor.
type placePanel struct {
	panelScroll
	noKeys
}

func (p *placePanel) choose(*Model, int)          {}
func (p *placePanel) fit(*sessions.State)         {}
func (p *placePanel) chosen(m *Model) panelChoice { return panelChoice{sel: m.siloAt(m.cursor)} }
func (p *placePanel) content(m *Model, w, h int) (string, int) {
	return m.renderPlace(w, h), -1
}

// poolsPanel chooses a pool; x pools or unpools it.
type poolsPanel struct {
	panelScroll
	sel int
}

func (p *poolsPanel) choose(m *Model, d int) {
	if n := len(m.st.Place.Pools); n > 0 {
		p.sel = (p.sel + d + n) % n
	}
}

func (p *poolsPanel) fit(st *sessions.State) {
	if p.sel >= len(st.Place.Pools) {
		p.sel = 0
	}
}

func (p *poolsPanel) chosen(*Model) panelChoice { return panelChoice{sel: p.sel} }
func (p *poolsPanel) content(m *Model, w, h int) (string, int) {
	return m.renderPools(p.sel, w, h), -1
}

func (p *poolsPanel) keyPress(m *Model, msg tea.KeyPressMsg) (tea.Cmd, bool) {
	if key.Matches(msg, m.com.keys.TogglePool) {
		if m.refuses(sessions.KindPool) {
			return nil, true
		}
		return m.togglePool(p.sel), true
	}
	return nil, false
}

func (p *poolsPanel) help(k *KeyMap) []key.Binding {
	return []key.Binding{withHelpKey(k.Less, "←/→", "choose pool"), withHelp(k.TogglePool, "pool/unpool")}
}

// newPanels makes the eight panels, in key order 1-8.
func newPanels() [panelCount]panelView {
	oc := &outcomeChoice{}
	return [panelCount]panelView{
		panelOutcomes:  &outcomesPanel{outcome: oc},
		panelGap:       &gapPanel{outcome: oc},
		panelLedger:    &ledgerPanel{},
		panelWhy:       &whyPanel{outcome: oc},
		panelScenarios: &scenariosPanel{pinned: -1, seen: -1},
		panelHistory:   &historyPanel{},
		panelPlace:     &placePanel{},
		panelPools:     &poolsPanel{},
		panelPlan:      &planPanel{},
	}
}

// active is the panel on screen.
func (m *Model) active() panelView { return m.panels[m.panel] }

// scenarios is the Scenarios panel, which o and c act on from any panel.
func (m *Model) scenarios() *scenariosPanel { return m.panels[panelScenarios].(*scenariosPanel) }
