package guard

import "time"

// Phase selects which detectors a check runs.
//
// With the default policy (detect everything, block nothing) and with the
// seed's policy (block prompt injection only) most detectors can only record;
// they need not delay the call. The gateway runs PhaseInline before the call
// goes upstream (or before the answer goes out) and PhaseDeferred after it,
// then Merges the two decisions into the one it logs. Merge of both phases
// gives what PhaseAll gives.
type Phase int

const (
	PhaseAll      Phase = iota // every enabled detector: what CheckInput/CheckOutput do
	PhaseInline                // detectors whose action is block or redact, and every scan they depend on
	PhaseDeferred              // the rest (detect-only): may run after the call went upstream / the answer went out
)

func (p Phase) String() string {
	switch p {
	case PhaseAll:
		return "all"
	case PhaseInline:
		return "inline"
	case PhaseDeferred:
		return "deferred"
	}
	return "phase(?)"
}

// A unit is a scan whose findings are computed together, so it runs whole in
// one phase: the injection scan of user text decides between
// prompt_injection and jailbreak from the rule evidence of both; the
// obfuscation scan decodes payloads and scans them again with the injection
// detectors of the segment's source, and its own score rises when that rescan
// finds an attack; the PII scan skips what the secrets scan covers, and
// excerpts of both are cut from the text with every match masked. A unit is
// inline when any detector whose findings it produces (or whose findings it
// needs) blocks or redacts.
type unit int

const (
	uUserText  unit = iota // prompt_injection, jailbreak, system_prompt_extraction on user text
	uUserObf               // obfuscation of user text, and the rescan of decoded payloads (uUserText's detectors)
	uDataText              // indirect_injection on tool results and documents
	uDataObf               // obfuscation of data, and the rescan of decoded payloads (indirect_injection)
	uSensitive             // secrets and PII (input and output)
	uLinks                 // dangerous_output: markdown images and links
	uLeak                  // system_prompt_extraction: answers that repeat the system prompt
	nUnits
)

// unitMode is where a unit runs under the engine's policy.
type unitMode uint8

const (
	modeOff unitMode = iota
	modeInline
	modeDeferred
)

// strong reports a detector whose action cannot wait: block or redact.
func (e *Engine) strong(slot int) bool { return e.policies[slot].Action >= ActionRedact }

// planUnits resolves every unit's mode from the policy (once, in New).
func (e *Engine) planUnits() {
	mode := func(on, strong bool) unitMode {
		switch {
		case !on:
			return modeOff
		case strong:
			return modeInline
		}
		return modeDeferred
	}
	userOn := e.on(slotPI) || e.on(slotJB) || e.on(slotSPE)
	userStrong := e.strong(slotPI) || e.strong(slotJB) || e.strong(slotSPE)
	e.units[uUserText] = mode(userOn, userStrong)
	e.units[uUserObf] = mode(e.on(slotObf) || userOn, e.strong(slotObf) || userStrong)
	e.units[uDataText] = mode(e.on(slotII), e.strong(slotII))
	e.units[uDataObf] = mode(e.on(slotObf) || e.on(slotII), e.strong(slotObf) || e.strong(slotII))
	e.units[uSensitive] = mode(e.on(slotSec) || e.on(slotPII), e.strong(slotSec) || e.strong(slotPII))
	e.units[uLinks] = mode(e.on(slotDO), e.strong(slotDO))
	e.units[uLeak] = mode(e.on(slotSPE), e.strong(slotSPE))
}

// runs reports whether unit u runs in phase ph.
func (e *Engine) runs(u unit, ph Phase) bool {
	switch m := e.units[u]; ph {
	case PhaseInline:
		return m == modeInline
	case PhaseDeferred:
		return m == modeDeferred
	default:
		return m != modeOff
	}
}

// clock returns a check's start time (the engine's clock) and the time its
// duration is measured from: one reading when the engine's clock is the
// system's (a reading costs tens of nanoseconds, four checks per call).
func (e *Engine) clock() (start, t0 time.Time) {
	if e.realClock {
		t0 = time.Now()
		return t0, t0
	}
	return e.opts.Now(), time.Now()
}

// CheckInputPhase is CheckInput restricted to the detectors of phase ph.
// The burst-rate counter counts the request in PhaseInline (and PhaseAll),
// never in PhaseDeferred, and unbounded_consumption is always checked inline:
// it costs nothing and its rate state is updated there.
func (e *Engine) CheckInputPhase(in *Input, ph Phase) Decision {
	start, t0 := e.clock()
	var fs []finding
	if in != nil {
		fs = e.scanInput(in, start, ph)
	}
	d := e.decide(fs, in, nil)
	d.Start = start
	d.Duration = time.Since(t0)
	return d
}

// CheckOutputPhase is CheckOutput restricted to the detectors of phase ph.
func (e *Engine) CheckOutputPhase(out *Output, ph Phase) Decision {
	start, t0 := e.clock()
	var fs []finding
	if out != nil {
		fs = e.scanOutput(out, ph)
	}
	d := e.decide(fs, nil, out)
	d.Start = start
	d.Duration = time.Since(t0)
	return d
}

// HasDeferredInput reports whether PhaseDeferred of an input has work to do
// (some input detector only records).
func (e *Engine) HasDeferredInput() bool {
	for _, u := range []unit{uUserText, uUserObf, uDataText, uDataObf, uSensitive} {
		if e.units[u] == modeDeferred {
			return true
		}
	}
	return false
}

// HasInlineOutput reports whether some output detector blocks or redacts, so
// the answer must wait for the check.
func (e *Engine) HasInlineOutput() bool {
	return e.units[uSensitive] == modeInline || e.units[uLinks] == modeInline || e.units[uLeak] == modeInline
}

// Merge joins the decisions of two phases of one check: the union of their
// detections (a's first) and redactions (a's text wins for a segment both
// redacted, which the phases never do), the strongest action, the category of
// the strongest blocking detection (by severity; a's on a tie), the earlier
// start and the sum of the durations.
func Merge(a, b Decision) Decision {
	d := Decision{Action: max(a.Action, b.Action), Start: a.Start, Duration: a.Duration + b.Duration}
	if d.Start.IsZero() || !b.Start.IsZero() && b.Start.Before(d.Start) {
		d.Start = b.Start
	}
	if n := len(a.Detections) + len(b.Detections); n > 0 {
		d.Detections = make([]Detection, 0, n)
		d.Detections = append(append(d.Detections, a.Detections...), b.Detections...)
	}
	if len(a.Redacted)+len(b.Redacted) > 0 {
		d.Redacted = make(map[int]string, len(a.Redacted)+len(b.Redacted))
		for k, v := range b.Redacted {
			d.Redacted[k] = v
		}
		for k, v := range a.Redacted {
			d.Redacted[k] = v
		}
	}
	switch {
	case a.Action == ActionBlock && b.Action == ActionBlock:
		d.Category = a.Category
		if sevRank(strongestBlock(b).Severity) > sevRank(strongestBlock(a).Severity) {
			d.Category = b.Category
		}
	case a.Action == ActionBlock:
		d.Category = a.Category
	case b.Action == ActionBlock:
		d.Category = b.Category
	}
	return d
}

// strongestBlock is the blocking detection that gave d its category (the
// first of the highest severity, as decide picks it).
func strongestBlock(d Decision) Detection {
	best := -1
	for i, det := range d.Detections {
		if det.Action == ActionBlock && (best < 0 || sevRank(det.Severity) > sevRank(d.Detections[best].Severity)) {
			best = i
		}
	}
	if best < 0 {
		return Detection{}
	}
	return d.Detections[best]
}
