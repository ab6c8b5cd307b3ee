package model

import "errors"

// Engine recalculates scenarios for one place. (Being written: API fixed.)
type Engine struct{ place *Place }

// NewEngine precomputes everything that depends only on the place.
func NewEngine(p *Place) *Engine { return &Engine{place: p} }

// Place returns the engine's place.
func (e *Engine) Place() *Place { return e.place }

// Check reports the first rule the scenario breaks, as a *MoveError, or nil.
func (e *Engine) Check(s Scenario) error { return errors.New("engine not built yet") }

// NewResult allocates a Result sized for this place, for RunInto.
func (e *Engine) NewResult() *Result { return &Result{} }

// RunInto checks the scenario and, if it is allowed, recalculates into r
// without allocating. A refused scenario leaves r unchanged.
func (e *Engine) RunInto(s Scenario, r *Result) error { return errors.New("engine not built yet") }

// Run is RunInto with a fresh Result.
func (e *Engine) Run(s Scenario) (*Result, error) {
	r := e.NewResult()
	if err := e.RunInto(s, r); err != nil {
		return nil, err
	}
	return r, nil
}
