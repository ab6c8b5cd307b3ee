package sessions

import (
	"context"
	"errors"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"totalplace/model"
)

// Previews is a workshop's shared preview service: "what would this move
// do?" for any allocation, asked by every screen while a move is set up.
// Results are light (no neighbourhood grid) and cached by allocation and
// move, so screens that ask the same question share one run and a change
// that leaves the allocation alone (a join, a reason) invalidates nothing.
// At most a few runs go at once, whatever the number of screens, and a
// question whose asker has moved on (its context ended) is dropped before
// it runs.
type Previews struct {
	prep    *model.Prepared
	slots   chan struct{}      // one token per run allowed at once
	engines chan *model.Engine // idle engines, reused
	runs    atomic.Int64       // engine runs made, for tests and benchmarks

	mu    sync.Mutex
	calls map[string]*previewCall
	order []string // keys, oldest first, for eviction
}

type previewCall struct {
	done chan struct{} // closed when r and err are set
	r    *model.Result
	err  error
}

// previewCacheSize bounds the cache: light results are a few kilobytes
// for a county and well under a megabyte for an England-sized place.
const previewCacheSize = 128

// errDropped marks a call abandoned by its asker before it ran: anyone
// else waiting on it asks again.
var errDropped = errors.New("preview dropped")

// NewPreviews makes a preview service over prep allowing limit runs at
// once; 0 means half the CPUs (at least one), leaving the rest for the
// session and the screens.
func NewPreviews(prep *model.Prepared, limit int) *Previews {
	if limit <= 0 {
		limit = max(1, runtime.NumCPU()/2)
	}
	return &Previews{prep: prep, slots: make(chan struct{}, limit), engines: make(chan *model.Engine, limit), calls: map[string]*previewCall{}}
}

// Runs is how many engine runs the service has made.
func (p *Previews) Runs() int64 { return p.runs.Load() }

// Run returns the light result of sc with mv added, or the engine's
// refusal. It blocks until the result is ready or ctx ends.
func (p *Previews) Run(ctx context.Context, sc model.Scenario, mv model.Move) (*model.Result, error) {
	key := previewKey(sc, mv)
	for {
		c, owner := p.call(key)
		if owner {
			p.compute(ctx, key, c, sc, mv)
		}
		select {
		case <-c.done:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
		if errors.Is(c.err, errDropped) {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
			continue // its first asker moved on; this one still wants it
		}
		return c.r, c.err
	}
}

// call finds the call for key or makes one, which the caller then owns.
func (p *Previews) call(key string) (c *previewCall, owner bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if c, ok := p.calls[key]; ok {
		return c, false
	}
	c = &previewCall{done: make(chan struct{})}
	p.calls[key] = c
	p.order = append(p.order, key)
	if len(p.order) > previewCacheSize {
		delete(p.calls, p.order[0])
		p.order = p.order[1:]
	}
	return c, true
}

func (p *Previews) compute(ctx context.Context, key string, c *previewCall, sc model.Scenario, mv model.Move) {
	defer close(c.done)
	select {
	case p.slots <- struct{}{}:
	case <-ctx.Done():
		p.forget(key, c)
		c.err = errDropped
		return
	}
	defer func() { <-p.slots }()
	if ctx.Err() != nil { // went stale while waiting for a slot
		p.forget(key, c)
		c.err = errDropped
		return
	}
	var e *model.Engine
	select {
	case e = <-p.engines:
	default:
		e = p.prep.NewEngine()
	}
	// A new slice: the state's moves are shared with other snapshots.
	moves := make([]model.Move, 0, len(sc.Moves)+1)
	c.r, c.err = e.RunLight(model.Scenario{Moves: append(append(moves, sc.Moves...), mv), Pools: sc.Pools})
	p.runs.Add(1)
	select {
	case p.engines <- e:
	default:
	}
}

// forget removes a dropped call so the next asker runs it afresh.
func (p *Previews) forget(key string, c *previewCall) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.calls[key] == c {
		delete(p.calls, key)
	}
}

// previewKey identifies an allocation and a move exactly: every field of
// every move, in order, and the pools.
func previewKey(sc model.Scenario, mv model.Move) string {
	var b strings.Builder
	b.Grow(48 * (len(sc.Moves) + 1))
	write := func(m model.Move) {
		b.WriteString(m.From)
		b.WriteByte(0)
		b.WriteString(m.To)
		b.WriteByte(0)
		b.WriteString(strconv.FormatFloat(m.Amount, 'g', -1, 64))
		b.WriteByte(0)
		b.WriteString(strconv.Itoa(m.Year))
		if m.Target.MostDeprivedFifth {
			b.WriteString("\x00d")
		}
		for _, code := range m.Target.Neighbourhoods {
			b.WriteByte(0)
			b.WriteString(code)
		}
		b.WriteByte(1)
	}
	for _, m := range sc.Moves {
		write(m)
	}
	b.WriteByte(2)
	for _, id := range sc.Pools {
		b.WriteString(id)
		b.WriteByte(0)
	}
	b.WriteByte(2)
	write(mv)
	return b.String()
}
