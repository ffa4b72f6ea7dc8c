// Package guard is Warden's AI detection and response (AIDR) engine: it scans
// every prompt and every answer that passes through the gateway for prompt
// injection, jailbreaks, indirect injection, system-prompt extraction,
// secrets, personal data, obfuscation, unbounded consumption and dangerous
// output; a policy decides per detector to allow, record, redact or block;
// and every detection at or above its threshold becomes a conviction record
// with its OWASP LLM Top 10 category and MITRE ATLAS mapping.
//
// The engine is pure Go, needs no network and no ML runtime, and is safe for
// concurrent use. It starts no goroutines.
package guard

import (
	"errors"
	"log/slog"
	"sort"
	"strings"
	"time"

	"github.com/wardenhq/warden/classifier"
	"github.com/wardenhq/warden/record"
)

// Source says where a piece of the prompt came from; it decides which
// detectors read it.
type Source int

const (
	SourceUser      Source = iota // what the user typed
	SourceSystem                  // the operator's system message
	SourceTool                    // tool and function results
	SourceDocument                // retrieved documents (RAG context)
	SourceAssistant               // earlier answers of the model
)

func (s Source) String() string {
	switch s {
	case SourceUser:
		return "user"
	case SourceSystem:
		return "system"
	case SourceTool:
		return "tool"
	case SourceDocument:
		return "document"
	case SourceAssistant:
		return "assistant"
	}
	return "unknown"
}

// Segment is one piece of text of a request (a message, or one text part of
// a message).
type Segment struct {
	Role   string
	Source Source
	Text   string
}

// Input is what CheckInput reads: the request's text and its size.
type Input struct {
	Segments  []Segment
	MaxTokens int    // the request's max_tokens or max_completion_tokens; 0 = not given
	Requester string // key alias, end user or IP: the burst-rate key, and the conviction's requester
	Model     string

	// pre keeps phase 0's gates of each segment from PhaseInline for a
	// PhaseDeferred that only runs the gated finders (secrets and PII),
	// so the segment is not folded and scanned a second time.
	pre []segGates
}

// Output is what CheckOutput reads: the model's answer.
type Output struct {
	Text      string
	System    string // the request's system message, to find answers that repeat it
	Requester string
	Model     string
	Streamed  bool
}

// OutputSegment is the segment index of the answer in Detection.Segment and
// the key of the redacted answer in Decision.Redacted.
const OutputSegment = -1

// Detection is one finding at or above its detector's threshold.
type Detection struct {
	DetectorID string          `json:"detector_id"`
	Category   string          `json:"category"` // human name, the conviction's detection_category
	OWASP      string          `json:"owasp"`
	Severity   string          `json:"severity"`
	Technique  record.MitreRef `json:"technique"`
	Tactic     record.MitreRef `json:"tactic"`
	Score      float64         `json:"score"`
	Threshold  float64         `json:"threshold"`
	Action     Action          `json:"action"`
	Excerpt    string          `json:"excerpt"` // short, secrets and personal data masked
	Segment    int             `json:"segment"` // index in Input.Segments, or OutputSegment
	Entity     string          `json:"entity,omitempty"`
}

// Decision is the result of one check.
type Decision struct {
	Action     Action         // strongest action of the detections (ActionAllow when none)
	Detections []Detection    // every detection at or above its threshold
	Redacted   map[int]string // segment index -> text with matched spans replaced; OutputSegment for the answer
	Category   string         // for the client when blocked, e.g. "prompt injection"; no internals
	Start      time.Time
	Duration   time.Duration
}

// Blocked reports whether the call must be refused.
func (d Decision) Blocked() bool { return d.Action == ActionBlock }

// Options identify this Warden instance in conviction records.
type Options struct {
	TenantID string // configured tenant id written to every conviction
	SensorID string // this Warden instance, stable across restarts
	Logger   *slog.Logger
	Now      func() time.Time
}

// Scorer is the classifier the injection detectors use. *classifier.Model
// implements it.
type Scorer interface {
	Score(text string) float64
	Threshold() float64
}

// Engine applies the detectors and the policy. Safe for concurrent use.
type Engine struct {
	cfg      Config
	opts     Options
	clf      Scorer     // user input
	iclf     Scorer     // tool results and documents
	qclf     Scorer     // second opinion on flagged user input (nil: none)
	stages   *Stages    // the learned stage (stage.go); nil: the hand-made verdict
	clfNorm  normScorer // clf, when it scores normalised text too; else nil
	iclfNorm normScorer // the same of iclf
	policies [len(detectorIndex)]policy
	hosts    []string
	rate     *rateLimiter
	units    [nUnits]unitMode // where each scan runs (phase.go)
	// realClock: opts.Now is time.Now, so a check's start time and the
	// start of its duration can be one reading.
	realClock bool
}

// policy is a detector's resolved policy and description.
type policy struct {
	DetectorPolicy
	info      detectorInfo
	technique record.MitreRef
	tactic    record.MitreRef
}

// detectorIndex gives each detector a slot in Engine.policies.
var detectorIndex = [...]string{DetPromptInjection, DetJailbreak, DetIndirectInjection, DetSystemPromptExtract,
	DetSecrets, DetPII, DetObfuscation, DetUnboundedConsume, DetDangerousOutput}

func slotOf(id string) int {
	for i, d := range detectorIndex {
		if d == id {
			return i
		}
	}
	panic("guard: unknown detector " + id)
}

// New builds an engine. A zero cfg means the defaults (detect everything,
// block nothing).
func New(cfg Config, opts Options) (*Engine, error) {
	return newEngine(cfg, opts, nil)
}

// NewWithScorer is New with another classifier (tests, evaluation of a
// retrained model), used for user input and for tool results and documents
// alike, with no second opinion. A nil scorer means the embedded
// classifiers: classifier.Default for user input, classifier.Indirect for
// tool results and documents, classifier.Quoting as the second opinion on
// flagged user input.
func NewWithScorer(cfg Config, opts Options, s Scorer) (*Engine, error) {
	return newEngine(cfg, opts, s)
}

func newEngine(cfg Config, opts Options, s Scorer) (*Engine, error) {
	is := s
	var qs Scorer
	var st *Stages
	if s == nil {
		s, is, qs, st = classifier.Default(), classifier.Indirect(), classifier.Quoting(), defaultStages()
	}
	return newEngineWith(cfg, opts, s, is, qs, st)
}

// NewWithModels is New with the three classifiers given (the user model,
// the indirect model and the quoting model) and no learned stage: `warden
// train` fits the stage on the signals of the models it has just trained
// (Engine.Signals).
func NewWithModels(cfg Config, opts Options, user, indirect, quoting Scorer) (*Engine, error) {
	return newEngineWith(cfg, opts, user, indirect, quoting, nil)
}

func newEngineWith(cfg Config, opts Options, s, is, qs Scorer, st *Stages) (*Engine, error) {
	cfg = cfg.withDefaults()
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	realClock := opts.Now == nil
	if opts.Now == nil {
		opts.Now = time.Now
	}
	e := &Engine{cfg: cfg, opts: opts, clf: s, iclf: is, qclf: qs, stages: st, realClock: realClock}
	e.clfNorm, _ = s.(normScorer)
	e.iclfNorm, _ = is.(normScorer)
	for i, id := range detectorIndex {
		info, _ := infoOf(id)
		tech, tac, err := mitreFor(info.technique, info.tactic)
		if err != nil {
			return nil, err
		}
		e.policies[i] = policy{DetectorPolicy: cfg.Detectors[id], info: info, technique: tech, tactic: tac}
	}
	for _, h := range cfg.AllowedHosts {
		e.hosts = append(e.hosts, strings.ToLower(strings.TrimSuffix(h, ".")))
	}
	if cfg.Limits.BurstRPM > 0 {
		e.rate = newRateLimiter(cfg.Limits.BurstRPM, time.Minute, maxRateKeys)
	}
	e.planUnits()
	return e, nil
}

// Config returns the engine's effective configuration.
func (e *Engine) Config() Config { return e.cfg }

// BlockMessage is the text a blocked client reads after the category.
func (e *Engine) BlockMessage() string { return e.cfg.BlockMessage }

// BufferedStreaming reports whether streamed answers must be held and checked
// before they are sent (stream_mode: buffered), so output can be blocked or
// redacted. In passthrough mode output detections of streams are recorded only.
func (e *Engine) BufferedStreaming() bool { return e.cfg.StreamMode == StreamBuffered }

// ErrBlocked is a convenience error for callers that turn a blocking
// decision into an error value.
var ErrBlocked = errors.New("blocked by guardrails policy")

// finding is a raw detector result before the policy is applied.
type finding struct {
	slot      int
	score     float64
	segment   int
	start     int // span in the segment text for redaction; start < 0 = no span
	end       int
	entity    string      // redaction marker ("EMAIL") or detail
	excerpt   string      // already masked
	extra     []redaction // more spans of the same finding (invisible characters)
	detail    string
	technique string // overrides the detector's technique (unbounded_consumption)
	severity  string // overrides the configured severity upwards (e.g. a private key)
}

// CheckInput scans a request before it goes upstream with every enabled
// detector (CheckInputPhase with PhaseAll). It also counts the request for
// the requester's burst rate.
func (e *Engine) CheckInput(in *Input) Decision { return e.CheckInputPhase(in, PhaseAll) }

// CheckOutput scans the model's answer before the client sees it (or, for a
// passthrough stream, after it was sent) with every enabled detector.
func (e *Engine) CheckOutput(out *Output) Decision { return e.CheckOutputPhase(out, PhaseAll) }

func (e *Engine) on(slot int) bool { return e.policies[slot].Action != ActionAllow }

// decide applies the policy to raw findings: threshold, action, redaction.
func (e *Engine) decide(fs []finding, in *Input, out *Output) Decision {
	var d Decision
	type span struct {
		start, end int
		entity     string
	}
	var spans map[int][]span
	for _, f := range fs {
		p := e.policies[f.slot]
		if p.Action == ActionAllow || f.score < p.Threshold {
			continue
		}
		sev := p.Severity
		if f.severity != "" && sevRank(f.severity) > sevRank(sev) {
			sev = f.severity
		}
		det := Detection{DetectorID: p.info.id, Category: p.info.name, OWASP: p.info.owasp, Severity: sev,
			Technique: p.technique, Tactic: p.tactic, Score: round3(f.score), Threshold: p.Threshold,
			Action: p.Action, Excerpt: f.excerpt, Segment: f.segment, Entity: f.entity}
		if f.technique != "" && f.technique != p.info.technique {
			if tech, tac, err := mitreFor(f.technique, ""); err == nil {
				det.Technique, det.Tactic = tech, tac
			}
		}
		if p.Action == ActionRedact && f.start < 0 {
			// Nothing to replace: record it as a detection.
			det.Action = ActionDetect
		}
		if det.Action == ActionRedact {
			if spans == nil {
				spans = map[int][]span{}
			}
			spans[f.segment] = append(spans[f.segment], span{f.start, f.end, f.entity})
			for _, x := range f.extra {
				spans[f.segment] = append(spans[f.segment], span{x.start, x.end, x.entity})
			}
		}
		if det.Action > d.Action {
			d.Action = det.Action
		}
		d.Detections = append(d.Detections, det)
	}
	if d.Action == ActionBlock {
		// The category of the strongest blocking detection, by severity.
		best := -1
		for i, det := range d.Detections {
			if det.Action == ActionBlock && (best < 0 || sevRank(det.Severity) > sevRank(d.Detections[best].Severity)) {
				best = i
			}
		}
		d.Category = e.policies[slotOf(d.Detections[best].DetectorID)].info.client
	}
	for seg, ss := range spans {
		var text string
		switch {
		case seg == OutputSegment && out != nil:
			text = out.Text
		case in != nil && seg >= 0 && seg < len(in.Segments):
			text = in.Segments[seg].Text
		default:
			continue
		}
		rs := make([]redaction, len(ss))
		for i, s := range ss {
			rs[i] = redaction{s.start, s.end, s.entity}
		}
		if d.Redacted == nil {
			d.Redacted = map[int]string{}
		}
		d.Redacted[seg] = applyRedactions(text, rs)
	}
	return d
}

func sevRank(s string) int {
	for i, v := range severities {
		if v == s {
			return i
		}
	}
	return -1
}

func round3(f float64) float64 {
	return float64(int64(f*1000+0.5)) / 1000
}

// redaction replaces text[start:end] with [REDACTED:entity], or removes it
// when entity is empty.
type redaction struct {
	start, end int
	entity     string
}

// applyRedactions replaces the spans (which may overlap) in text.
func applyRedactions(text string, rs []redaction) string {
	s, _ := redactWithPositions(text, rs)
	return s
}

// redactWithPositions is applyRedactions that also returns where each
// redaction (in the order given) landed in the result.
func redactWithPositions(text string, in []redaction) (string, [][2]int) {
	rs := make([]redaction, len(in))
	copy(rs, in)
	order := make([]int, len(rs))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool {
		ra, rb := rs[order[a]], rs[order[b]]
		if ra.start != rb.start {
			return ra.start < rb.start
		}
		return ra.end > rb.end
	})
	pos := make([][2]int, len(rs))
	var b strings.Builder
	b.Grow(len(text) + 16*len(rs))
	p := 0
	for _, k := range order {
		r := rs[k]
		if r.start < p {
			if r.end > p {
				p = r.end
			}
			pos[k] = [2]int{max(0, b.Len()-1), b.Len()}
			continue
		}
		if r.start > len(text) {
			pos[k] = [2]int{b.Len(), b.Len()}
			continue
		}
		b.WriteString(text[p:r.start])
		st := b.Len()
		if r.entity != "" { // empty: the span is removed (invisible characters)
			b.WriteString("[REDACTED:")
			b.WriteString(r.entity)
			b.WriteString("]")
		}
		pos[k] = [2]int{st, b.Len()}
		p = min(max(r.end, p), len(text))
	}
	b.WriteString(text[p:])
	return b.String(), pos
}
