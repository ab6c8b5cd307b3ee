package tui

import "charm.land/bubbles/v2/key"

// KeyMap is the one keymap: Update matches against it and the help overlay
// and key line are generated from it, so they cannot drift apart.
type KeyMap struct {
	Up, Down               key.Binding
	PageUp, PageDown       key.Binding
	ScrollUp, ScrollDown   key.Binding // the panel, whatever has the cursor
	Top, Bottom            key.Binding
	Pick                   key.Binding
	Cancel                 key.Binding
	Less, More             key.Binding
	LessBig, MoreBig       key.Binding
	Undo, Redo             key.Binding
	NextPanel, PrevPanel   key.Binding
	Panel                  key.Binding
	Save, Open, Compare    key.Binding
	Target, Later, Earlier key.Binding // amount step of a move
	TogglePool, EditWhy    key.Binding // Pools and History panels
	Agree, Decline         key.Binding // a proposal waiting for this participant's answer
	Console, Rewind        key.Binding // the facilitator's
	Follow                 key.Binding // show what the facilitator's screen shows
	Vote, GainShare        key.Binding // Plan panel: priorities, a gain-share agreement
	EndGainShare, SignOff  key.Binding // Plan panel
	AskCentre              key.Binding // ask the centre for money the place may not move
	Projector, Help, Quit  key.Binding
	Drag                   key.Binding // mouse, help text only
	TypeAmount, TypeReason key.Binding // help text only
}

func newKeyMap() *KeyMap {
	return &KeyMap{
		Up:           key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", "previous silo")),
		Down:         key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", "next silo")),
		PageUp:       key.NewBinding(key.WithKeys("pgup"), key.WithHelp("pgup", "page up")),
		PageDown:     key.NewBinding(key.WithKeys("pgdown"), key.WithHelp("pgdn", "page down")),
		ScrollUp:     key.NewBinding(key.WithKeys("shift+up", "K"), key.WithHelp("shift+↑/↓", "scroll the panel")),
		ScrollDown:   key.NewBinding(key.WithKeys("shift+down", "J"), key.WithHelp("shift+↓", "scroll the panel down")),
		Top:          key.NewBinding(key.WithKeys("home", "g"), key.WithHelp("home/g", "first silo")),
		Bottom:       key.NewBinding(key.WithKeys("end", "G"), key.WithHelp("end/G", "last silo")),
		Pick:         key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "move from / to / confirm")),
		Cancel:       key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "cancel")),
		Less:         key.NewBinding(key.WithKeys("left"), key.WithHelp("←/→", "−/+ £1m, or choose item")),
		More:         key.NewBinding(key.WithKeys("right"), key.WithHelp("→", "+£1m")),
		LessBig:      key.NewBinding(key.WithKeys("shift+left", "["), key.WithHelp("[ ]", "−/+ £10m")),
		MoreBig:      key.NewBinding(key.WithKeys("shift+right", "]"), key.WithHelp("]", "+£10m")),
		Undo:         key.NewBinding(key.WithKeys("u"), key.WithHelp("u", "undo last move")),
		Redo:         key.NewBinding(key.WithKeys("U", "ctrl+r"), key.WithHelp("U/ctrl+r", "redo")),
		NextPanel:    key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", "next panel")),
		PrevPanel:    key.NewBinding(key.WithKeys("shift+tab"), key.WithHelp("shift+tab", "previous panel")),
		Panel:        key.NewBinding(key.WithKeys("1", "2", "3", "4", "5", "6", "7", "8", "9"), key.WithHelp("1-9", "show panel")),
		Save:         key.NewBinding(key.WithKeys("s"), key.WithHelp("s", "save scenario")),
		Open:         key.NewBinding(key.WithKeys("o"), key.WithHelp("o", "switch to scenario")),
		Compare:      key.NewBinding(key.WithKeys("c"), key.WithHelp("c", "pin scenario to compare")),
		Target:       key.NewBinding(key.WithKeys("t"), key.WithHelp("t", "target most deprived fifth")),
		Later:        key.NewBinding(key.WithKeys("y"), key.WithHelp("y/Y", "start a year later/earlier")),
		Earlier:      key.NewBinding(key.WithKeys("Y"), key.WithHelp("Y", "start a year earlier")),
		TogglePool:   key.NewBinding(key.WithKeys("x"), key.WithHelp("x", "pool/unpool (Pools panel)")),
		EditWhy:      key.NewBinding(key.WithKeys("w"), key.WithHelp("w", "reason for a move (History)")),
		Agree:        key.NewBinding(key.WithKeys("a"), key.WithHelp("a", "agree to a proposal")),
		Decline:      key.NewBinding(key.WithKeys("d"), key.WithHelp("d", "decline a proposal")),
		Console:      key.NewBinding(key.WithKeys("F"), key.WithHelp("F", "facilitator's console: stages, freeze, consent")),
		Rewind:       key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "rewind to the chosen move (History)")),
		Follow:       key.NewBinding(key.WithKeys("f"), key.WithHelp("f", "follow the facilitator's screen")),
		Vote:         key.NewBinding(key.WithKeys("v"), key.WithHelp("v", "your priorities: 10 points (Plan)")),
		GainShare:    key.NewBinding(key.WithKeys("b"), key.WithHelp("b", "record a gain-share (Plan)")),
		EndGainShare: key.NewBinding(key.WithKeys("e"), key.WithHelp("e", "end the chosen gain-share (Plan)")),
		SignOff:      key.NewBinding(key.WithKeys("m"), key.WithHelp("m", "sign the plan off (Plan stage)")),
		AskCentre:    key.NewBinding(key.WithKeys("A"), key.WithHelp("A", "ask the centre to free a fixed silo's money")),
		Projector:    key.NewBinding(key.WithKeys("p"), key.WithHelp("p", "projector mode")),
		Help:         key.NewBinding(key.WithKeys("?"), key.WithHelp("?", "help")),
		Quit:         key.NewBinding(key.WithKeys("q", "ctrl+c"), key.WithHelp("q", "quit")),
		Drag:         key.NewBinding(key.WithKeys(), key.WithHelp("drag", "drop a bar on a silo; sideways sets £")),
		TypeAmount:   key.NewBinding(key.WithKeys(), key.WithHelp("5 = £5m", "type an amount (250k, 2.5m)")),
		TypeReason:   key.NewBinding(key.WithKeys(), key.WithHelp("why", "type a one-line reason, then enter")),
	}
}

// shortHelp is the key line for the current stage of a move.
func (k *KeyMap) shortHelp(st stage) []key.Binding {
	switch st {
	case stageTarget:
		return []key.Binding{withHelpKey(k.Up, "↑/↓", "choose silo"), withHelp(k.Pick, "move to"), k.Cancel}
	case stageAmount:
		return []key.Binding{withHelp(k.Less, "−/+ £1m"), k.LessBig, k.TypeAmount, withHelp(k.Target, "target"), withHelp(k.Later, "year"), withHelp(k.Pick, "next"), k.Cancel}
	case stageWhy:
		return []key.Binding{k.TypeReason, withHelp(k.Pick, "confirm"), k.Cancel}
	}
	return []key.Binding{k.Help, k.Quit, withHelpKey(k.Up, "↑/↓", "choose silo"), withHelp(k.Pick, "move from"), k.Undo, withHelpKey(k.Redo, "U", "redo"), k.Panel, k.Projector}
}

// inputHelp is the key line while a name or a move's why is typed: the
// board's keys would only type letters then.
func (k *KeyMap) inputHelp(mode inputMode) []key.Binding {
	switch mode {
	case inputSaveName:
		return []key.Binding{withHelp(k.Pick, "save"), k.Cancel}
	case inputRemove:
		return []key.Binding{withHelp(k.Pick, "remove"), k.Cancel}
	case inputDecline:
		return []key.Binding{withHelp(k.Pick, "decline"), withHelp(k.Cancel, "leave it open")}
	case inputAgree:
		return []key.Binding{withHelp(k.Pick, "agree"), withHelp(k.Cancel, "leave it open")}
	case inputGainShare:
		return []key.Binding{withHelp(k.Pick, "record"), k.Cancel}
	case inputSignOff:
		return []key.Binding{withHelp(k.Pick, "sign off"), k.Cancel}
	case inputPanelName:
		return []key.Binding{withHelp(k.Pick, "next: its points"), k.Cancel}
	}
	return []key.Binding{withHelp(k.Pick, "save reason"), k.Cancel}
}

// fullHelp is the help overlay, in columns; short descriptions so two
// columns fit in 80 cells.
func (k *KeyMap) fullHelp() [][]key.Binding {
	return [][]key.Binding{
		{
			withHelpKey(k.Up, "↑/↓ j/k", "choose silo"),
			withHelpKey(k.PageUp, "pgup/pgdn", "page up/down"),
			withHelpKey(k.Top, "home/end", "first/last silo"),
			withHelp(k.Pick, "pick from/to, confirm"),
			k.Cancel,
			withHelp(k.Drag, "drop a bar on a silo"),
			withHelp(k.Less, "−/+ £1m; choose item"),
			withHelpKey(k.Agree, "a d A", "proposals; ask centre"),
			withHelpKey(k.Console, "F r f", "console; rewind; follow"),
		},
		{
			withHelpKey(k.LessBig, "[ ]", "−/+ £10m"),
			withHelp(k.TypeAmount, "type an amount"),
			withHelpKey(k.Target, "t y Y", "target; later/earlier"),
			withHelpKey(k.Undo, "u U ctrl+r", "undo/redo last move"),
			withHelpKey(k.Panel, "tab 1-9", "switch panel"),
			withHelpKey(k.Save, "s o c", "save/open/pin scenario"),
			withHelpKey(k.TogglePool, "x w", "pool; a move's reason"),
			withHelpKey(k.Vote, "v b e m", "Plan panel (9) keys"),
			withHelpKey(k.Help, "? q p", "help, quit, projector"),
		},
	}
}

func withHelp(b key.Binding, desc string) key.Binding {
	b.SetHelp(b.Help().Key, desc)
	return b
}

func withHelpKey(b key.Binding, keys, desc string) key.Binding {
	b.SetHelp(keys, desc)
	return b
}
