package guard

import (
	"encoding/json"
	"math"
	"testing"
	"time"

	"github.com/wardenhq/warden/record"
)

// guardrailInfoRef is GuardrailInformation as it was: json.Marshal of the
// entry. The hand-written encoder must write the same bytes.
func guardrailInfoRef(d Decision, mode string) json.RawMessage {
	b, _ := json.Marshal([]guardrailInfo{d.guardrailEntry(mode)}) // NaN: no bytes, as before
	return b
}

// Every decision the engines make on the corpora, under every policy, at
// times and durations of every magnitude, renders as json.Marshal renders it.
func TestGuardrailInformationMatchesMarshal(t *testing.T) {
	starts := []time.Time{{}, time.Unix(0, 0), time.Date(2026, 11, 21, 14, 5, 6, 123456789, time.UTC), time.Unix(1<<40, 7)}
	durs := []time.Duration{0, 1, 999, 1500, 42 * time.Microsecond, 3 * time.Millisecond, 17 * time.Second, 1 << 62}
	check := func(d Decision) {
		t.Helper()
		for _, mode := range []string{"pre_call", "post_call"} {
			if got, want := d.GuardrailInformation(mode), guardrailInfoRef(d, mode); string(got) != string(want) {
				t.Fatalf("guardrail information\n %s\nwant\n %s", got, want)
			}
		}
	}
	n := 0
	texts := phaseCorpus(t)
	for name, cfg := range phasePolicies() {
		e := phaseEngine(t, cfg)
		for i, text := range texts {
			in := &Input{Segments: []Segment{{Role: "user", Source: SourceUser, Text: text}, {Role: "tool", Source: SourceTool, Text: text}},
				MaxTokens: 4000, Requester: "k"}
			for _, d := range []Decision{e.CheckInput(in), e.CheckOutput(&Output{Text: text, System: text})} {
				d.Start, d.Duration = starts[(i+n)%len(starts)], durs[(i+2*n)%len(durs)]
				check(d)
				n++
			}
		}
		_ = name
	}
	// Strings json.Marshal escapes, scores that are not finite, the map of
	// masked entities: the encoder hands these to json.Marshal.
	det := Detection{DetectorID: DetPII, Category: "Sensitive <data> & \"more\"", OWASP: "LLM02", Severity: "high",
		Technique: record.MitreRef{UID: "AML.T0057"}, Score: 0.25, Threshold: 1e-7, Action: ActionDetect, Entity: "E\\MAIL\u2028é"}
	for _, d := range []Decision{
		{Action: ActionDetect, Detections: []Detection{det}},
		{Action: ActionRedact, Detections: []Detection{{DetectorID: DetPII, Category: "PII", Action: ActionRedact, Entity: "EMAIL", Score: 0.9}}},
		{Action: ActionDetect, Detections: []Detection{{DetectorID: DetPII, Category: "PII", Action: ActionDetect, Score: math.NaN()}}},
		{Action: ActionDetect, Detections: []Detection{{DetectorID: DetPII, Category: "PII", Action: ActionDetect, Score: 1e21, Threshold: 123456789.125}}},
		{Action: ActionBlock, Detections: []Detection{det, det}},
		{Action: Action(9)},
	} {
		check(d)
		n++
	}
	t.Logf("%d decisions", n)
}

func FuzzAppendJSONFloat(f *testing.F) {
	for _, x := range []float64{0, 1, -1, 0.5, 1e-6, 9.99e-7, 1e-7, 1e20, 1e21, 1.7e9, 123.456, 5e-324, math.MaxFloat64, -0.0} {
		f.Add(x)
	}
	f.Fuzz(func(t *testing.T, x float64) {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return
		}
		want, _ := json.Marshal(x)
		if got := appendJSONFloat(nil, x); string(got) != string(want) {
			t.Fatalf("%v: %s, json.Marshal %s", x, got, want)
		}
	})
}
