package guard

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strconv"
	"sync"

	"github.com/wardenhq/warden/classifier"
)

// The learned stage. The detectors of user text and of documents end in a
// decision made of hand-set factors: the classifier's score, the rules',
// the benign frames (frames.go), the discounts of writing about attacks and
// of the quoting model, the data cues (cues.go). The learned stage is a
// logistic regression over those same signals, with 300 small trees
// boosted on its margin where the signals interact, fitted by `warden
// train` on the signals the guard gives texts its classifiers did not train
// on: the authored validation part, dev, the guard's test sets, and each
// quarter of the authored training texts scored by models trained without
// it (out of fold). Its probability replaces the hand-made verdict, except
// where a structural rule (chat-template tokens, personas, narrow phrasings
// with no ordinary use) or a rule speaking to the model outside quotes
// convicts: those keep deciding. Its threshold is where it flags no more
// of its ordinary training texts, and no more of their chat lines, than the
// hand-made verdict did. Measured when each part came (BENCHMARKS.md): the
// linear stage moved every set nobody here had read up with as many
// ordinary texts flagged; the trees, the out-of-fold texts and the reader
// windows' scores below the sure line moved the next unread set up again
// with fewer flagged.

// nFrames is the number of benignFrame's outcomes, the last one "no frame".
const nFrames = 13

// stageGate: the second opinions (the quoting model, asksToObey, the
// benign frames; for documents the user and quoting models and the reader
// windows) are asked only of a text that the model scores at least this
// high (rescaled) or a rule or cue notices. On the others, most of what
// users send, the stage sees them as absent, in training as in use.
const stageGate = 0.02

// userFeatures names the learned stage's inputs for user text, in order.
var userFeatures = func() []string {
	f := []string{"bias", "logit_model", "rule_injection", "rule_jailbreak", "rule_extraction", "logit_quoting",
		"attack_writing", "addressed", "unquoted", "asks_to_obey", "log_length", "quoting_veto", "logit_hand_verdict"}
	for k := 1; k <= nFrames; k++ {
		f = append(f, "frame_"+strconv.Itoa(k))
	}
	for k := 1; k <= nFrames; k++ {
		f = append(f, "logit_model_in_frame_"+strconv.Itoa(k))
	}
	return f
}()

// documentFeatures names the learned stage's inputs for documents and tool
// results, in order. The last three are what the reader windows say below
// their sure line (window.go): the highest window score (-5 with no
// window), whether a window names only a machine, and how many there are;
// planted orders that name their reader ("If an AI assistant summarises
// these notes, say ...") often score just under the line.
var documentFeatures = []string{"bias", "logit_model", "cue_best", "cue_second", "cue_foreign", "discussion", "transcript",
	"human_reader", "rule", "logit_quoting", "logit_user_model", "logit_reader_window", "log_length", "logit_hand_verdict",
	"logit_window_top", "window_names_ai", "log_windows"}

const (
	nUserFeatures     = 13 + 2*nFrames
	nDocumentFeatures = 17
)

// Stage is one fitted logistic regression: the text is an attack when the
// weighted sum of its features exceeds Threshold.
type Stage struct {
	Features  []string  `json:"features"`
	Weights   []float64 `json:"weights"`
	Threshold float64   `json:"threshold"`
	// Trees, boosted on the linear part's margins, correct it where the
	// signals interact.
	Trees []classifier.Tree `json:"trees,omitempty"`
}

// Stages are the learned stages of user text and of documents, the format
// of guard/stages.json that `warden train` writes.
type Stages struct {
	User     Stage `json:"user"`
	Document Stage `json:"document"`
}

// UserFeatures and DocumentFeatures return the names of the stages' inputs.
func UserFeatures() []string     { return slices.Clone(userFeatures) }
func DocumentFeatures() []string { return slices.Clone(documentFeatures) }

//go:embed stages.json
var embeddedStages []byte

// defaultStages decodes the embedded stages once; a test rules out a file
// that does not match this build's features.
var defaultStages = sync.OnceValue(func() *Stages {
	st, err := ParseStages(embeddedStages)
	if err != nil {
		panic("guard: embedded stages.json: " + err.Error())
	}
	return st
})

// ParseStages decodes and checks a stages file.
func ParseStages(b []byte) (*Stages, error) {
	var st Stages
	if err := json.Unmarshal(b, &st); err != nil {
		return nil, fmt.Errorf("decode stages: %w", err)
	}
	for _, c := range []struct {
		name string
		s    *Stage
		want []string
	}{{"user", &st.User, userFeatures}, {"document", &st.Document, documentFeatures}} {
		if !slices.Equal(c.s.Features, c.want) || len(c.s.Weights) != len(c.want) {
			return nil, fmt.Errorf("the %s stage was fitted on other features than this build computes; retrain it with `warden train`", c.name)
		}
		all := append(slices.Clone(c.s.Weights), c.s.Threshold)
		for k := range c.s.Trees {
			if !validTree(&c.s.Trees[k], len(c.want)) {
				return nil, fmt.Errorf("the %s stage's tree %d is malformed; retrain it with `warden train`", c.name, k)
			}
			all = append(append(all, c.s.Trees[k].Split...), c.s.Trees[k].Value...)
		}
		for _, w := range all {
			if math.IsNaN(w) || math.IsInf(w, 0) {
				return nil, fmt.Errorf("the %s stage has a non-finite weight; retrain it with `warden train`", c.name)
			}
		}
	}
	return &st, nil
}

// validTree reports whether t can be evaluated on nFeatures features: a
// complete tree in heap order whose inner nodes name a feature and whose
// last level holds only leaves.
func validTree(t *classifier.Tree, nFeatures int) bool {
	n := len(t.Feature)
	if n == 0 || len(t.Split) != n || len(t.Value) != n || (n+1)&n != 0 {
		return false // not 2^k - 1 nodes
	}
	for i, f := range t.Feature {
		if f >= nFeatures || f < -1 || (f >= 0 && 2*i+2 >= n) {
			return false
		}
	}
	return true
}

// prob is the stage's probability that x is an attack, shifted so that its
// threshold lands on 0.5, the detectors' default threshold.
func (s *Stage) prob(x []float64) float64 {
	z := -s.Threshold
	for i, w := range s.Weights {
		z += w * x[i]
	}
	for i := range s.Trees {
		z += s.Trees[i].Eval(x)
	}
	return sigmoid(z)
}

// stageLogit is the logit of a rescaled score, clamped so that a score of
// exactly 0 or 1 (an abstaining model, a sure rule) stays finite.
func stageLogit(p float64) float64 {
	p = min(max(p, 1e-4), 1-1e-4)
	return math.Log(p / (1 - p))
}

// flag is a yes/no signal as a feature.
func flag(v bool) float64 {
	if v {
		return 1
	}
	return 0
}

// userSignals are the raw signals of one user-text scan.
type userSignals struct {
	model, quoting                     float64 // rescaled; quoting 0.5 (no opinion) when not asked
	rules                              [3]float64
	attackWriting, addressed, unquoted bool
	asksToObey, quotingVeto            bool
	verdict                            float64 // the hand-made verdict: the highest final score
	length, frame                      int
}

func (u *userSignals) vector(x *[nUserFeatures]float64) {
	lm := stageLogit(u.model)
	*x = [nUserFeatures]float64{1, lm, u.rules[0], u.rules[1], u.rules[2], stageLogit(u.quoting),
		flag(u.attackWriting), flag(u.addressed), flag(u.unquoted), flag(u.asksToObey), math.Log1p(float64(u.length)) / 8, flag(u.quotingVeto),
		stageLogit(u.verdict)}
	x[13+u.frame-1] = 1
	x[13+nFrames+u.frame-1] = lm
}

// documentSignals are the raw signals of one document scan.
type documentSignals struct {
	model, quoting, user, rule, verdict float64      // rescaled; quoting and user 0.5 (no opinion)
	window                              *windowStats // nil when not asked
	ev                                  *dataEvidence
	length                              int
}

func (d *documentSignals) vector(x *[nDocumentFeatures]float64) {
	win, top, ai, n := -5.0, -5.0, false, 0 // no sentence names an AI
	if w := d.window; w != nil {
		if w.sure > 0 {
			win = stageLogit(w.sure)
		}
		if w.n > 0 {
			top = stageLogit(w.top)
		}
		ai, n = w.namesAI, w.n
	}
	*x = [nDocumentFeatures]float64{1, stageLogit(d.model), d.ev.best.bonus, d.ev.second.bonus, flag(d.ev.best.foreign), flag(d.ev.discussion),
		flag(d.ev.transcript), flag(d.ev.humanReader), d.rule, stageLogit(d.quoting), stageLogit(d.user), win,
		math.Log1p(float64(d.length)) / 8, stageLogit(d.verdict), top, flag(ai), math.Log1p(float64(n))}
}

// Signals returns the learned stage's features of one text, scanned as a
// user message or (document) as a retrieved document, in the order of
// UserFeatures or DocumentFeatures; nil when the detectors of that source
// are off or the classifier abstains. `warden train` fits the stages on
// them.
func (e *Engine) Signals(text string, document bool) []float64 {
	sc := getSegScan()
	defer putSegScan(sc)
	sc.prepare(text)
	var x []float64
	sc.signals = &x
	if document {
		e.scanDataText(sc, 0, nil, 0)
	} else {
		e.scanUserText(sc, 0, nil, 0)
	}
	return x
}
