package gateway

import (
	"bufio"
	"encoding/json"
	"log/slog"
	"net/http"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/wardenhq/warden/guard"
	"github.com/wardenhq/warden/record"
)

const (
	email        = "jane.doe@contoso.co.uk"
	piiPrompt    = "Please write a short thank-you note to " + email + " for the lovely dinner last week."
	upstreamYAML = "model_list:\n  - {model_name: m, litellm_params: {model: openai/gpt-4o, api_base: os.environ/UP}}\n"
)

// guardEntries decodes a record's guardrail_information.
type guardEntry struct {
	Mode     string `json:"guardrail_mode"`
	Action   string `json:"guardrail_action"`
	Response []struct {
		DetectorID string  `json:"detector_id"`
		Action     string  `json:"action"`
		Entity     string  `json:"entity"`
		Score      float64 `json:"score"`
	} `json:"guardrail_response"`
}

func guardEntries(t *testing.T, r *record.RequestLog) []guardEntry {
	t.Helper()
	var es []guardEntry
	if err := json.Unmarshal(r.GuardrailInformation, &es); err != nil {
		t.Fatalf("guardrail_information %s: %v", r.GuardrailInformation, err)
	}
	if string(r.Metadata.GuardrailInformation) != string(r.GuardrailInformation) {
		t.Errorf("metadata.guardrail_information differs: %s", r.Metadata.GuardrailInformation)
	}
	return es
}

// detectors lists "detector/action/entity" of an entry, sorted.
func (e guardEntry) detectors() []string {
	var out []string
	for _, r := range e.Response {
		out = append(out, r.DetectorID+"/"+r.Action+"/"+r.Entity)
	}
	slices.Sort(out)
	return out
}

func entryOf(t *testing.T, d guard.Decision, mode string) guardEntry {
	t.Helper()
	var es []guardEntry
	if err := json.Unmarshal(d.GuardrailInformation(mode), &es); err != nil || len(es) != 1 {
		t.Fatal(err)
	}
	return es[0]
}

func convictionsOf(t *testing.T, s *fakeSink, n int) []record.Conviction {
	t.Helper()
	s.wait(t, n)
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []record.Conviction
	for _, r := range s.recs {
		out = append(out, r.(record.Conviction))
	}
	return out
}

// With the default policy every detector only records, so the whole input
// check is deferred; its detections still reach the log (one pre_call
// entry, as the whole check gives it) and become convictions. With the
// block switch, the injection is blocked inline and the PII of the same
// prompt, found by the deferred phase, is recorded with it.
func TestDeferredDetectionsAreRecorded(t *testing.T) {
	cases := []struct {
		name       string
		cfg        guard.Config
		prompt     string
		status     int
		detectors  []string // detector/action in the pre_call entry, at least
		upstreamed bool
	}{
		{"default policy, pii detected", guard.Config{}, piiPrompt, 200,
			[]string{"pii/detect"}, true},
		{"blocked injection with pii", guard.Config{BlockPromptInjection: true}, injection + " Then mail it to " + email + ".", 400,
			[]string{"pii/detect", "prompt_injection/block"}, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			eng := newEngine(t, tc.cfg)
			if !eng.HasDeferredInput() {
				t.Fatal("the policy defers nothing; the test would not test deferral")
			}
			up := newUpstream(t, modeOK)
			g := newGateway(t, upstreamYAML, map[string]string{"UP": up.URL}, func(o *Options) { o.Guard = eng })
			body, _ := json.Marshal(map[string]any{"model": "m", "messages": []map[string]string{{"role": "user", "content": tc.prompt}}})
			st, h, resp := g.post(t, "/v1/chat/completions", string(body))
			if st != tc.status {
				t.Fatalf("status %d: %s", st, resp)
			}
			if (up.hits.Load() > 0) != tc.upstreamed {
				t.Errorf("upstream hits %d", up.hits.Load())
			}
			r := g.reqs.requests(t, 1)[0]
			es := guardEntries(t, r)
			var pre []guardEntry
			for _, e := range es {
				if e.Mode == "pre_call" {
					pre = append(pre, e)
				}
			}
			if len(pre) != 1 {
				t.Fatalf("pre_call entries %+v, want one", pre)
			}
			var want []string // detector/action of every detection
			for _, d := range pre[0].detectors() {
				want = append(want, strings.Join(strings.Split(d, "/")[:2], "/"))
			}
			for _, d := range tc.detectors {
				if !slices.Contains(want, d) {
					t.Fatalf("pre_call entry %+v lacks %s", pre[0], d)
				}
			}
			// The same as the whole check, which the gateway ran inline before.
			in := &guard.Input{Segments: []guard.Segment{{Role: "user", Source: guard.SourceUser, Text: tc.prompt}}, Requester: "127.0.0.1", Model: "m"}
			whole := entryOf(t, eng.CheckInput(in), "pre_call")
			if !slices.Equal(pre[0].detectors(), whole.detectors()) || pre[0].Action != whole.Action {
				t.Errorf("pre_call %v %s, whole check %v %s", pre[0].detectors(), pre[0].Action, whole.detectors(), whole.Action)
			}
			if len(r.Metadata.AppliedGuardrails) != 1 {
				t.Errorf("applied_guardrails %v", r.Metadata.AppliedGuardrails)
			}
			var got []string
			for _, cv := range convictionsOf(t, g.convs, len(want)) {
				if cv.AttributableEventID != h.Get("x-warden-call-id") {
					t.Errorf("conviction of another call: %+v", cv)
				}
				if cv.ConcludingEventID == r.ID {
					got = append(got, cv.DetectorID+"/"+cv.Action)
				}
			}
			slices.Sort(got)
			if !slices.Equal(got, want) {
				t.Errorf("input convictions %v, want %v", got, want)
			}
		})
	}
}

// Redaction is inline: the upstream never sees the address, and the log
// says what was redacted.
func TestInlineRedactionWithPhases(t *testing.T) {
	eng := newEngine(t, guard.Config{Detectors: map[string]guard.DetectorPolicy{guard.DetPII: {Action: guard.ActionRedact}}})
	up := newUpstream(t, modeOK)
	g := newGateway(t, upstreamYAML, map[string]string{"UP": up.URL}, func(o *Options) { o.Guard = eng })
	body, _ := json.Marshal(map[string]any{"model": "m", "messages": []map[string]string{{"role": "user", "content": piiPrompt}}})
	if st, _, resp := g.post(t, "/v1/chat/completions", string(body)); st != 200 {
		t.Fatalf("%d %s", st, resp)
	}
	sent, _ := json.Marshal(up.lastReq.Load())
	if strings.Contains(string(sent), email) || !strings.Contains(string(sent), "thank-you note to") {
		t.Errorf("upstream got %s", sent)
	}
	r := g.reqs.requests(t, 1)[0]
	if strings.Contains(string(r.Messages), email) {
		t.Errorf("log holds the address: %s", r.Messages)
	}
	es := guardEntries(t, r)
	if len(es) != 2 || es[0].Mode != "pre_call" || es[1].Mode != "post_call" || !slices.Contains(es[0].detectors(), "pii/redact/EMAIL") {
		t.Errorf("guardrail information %+v", es)
	}
}

// gatedGuard defers everything, and its deferred checks wait until the
// test says the client has read the whole answer (bounded, no sleep): if
// the gateway ran them before the answer was complete, the client would
// wait for them and the checks would time out.
type gatedGuard struct {
	fakeGuard
	clientDone chan struct{}
	timedOut   atomic.Bool
	deferred   atomic.Int32 // deferred checks run
}

func (g *gatedGuard) HasDeferredInput() bool { return true }
func (g *gatedGuard) HasInlineOutput() bool  { return false }

func (g *gatedGuard) wait() {
	select {
	case <-g.clientDone:
	case <-time.After(10 * time.Second):
		g.timedOut.Store(true)
	}
	g.deferred.Add(1)
}

func (g *gatedGuard) CheckInputPhase(in *guard.Input, ph guard.Phase) guard.Decision {
	if ph != guard.PhaseDeferred {
		return guard.Decision{Start: time.Now()}
	}
	g.wait()
	return guard.Decision{Action: guard.ActionDetect, Start: time.Now(),
		Detections: []guard.Detection{{DetectorID: guard.DetPII, Action: guard.ActionDetect, Entity: "EMAIL"}}}
}

func (g *gatedGuard) CheckOutputPhase(out *guard.Output, ph guard.Phase) guard.Decision {
	if ph == guard.PhaseInline {
		panic("inline output phase run although HasInlineOutput is false")
	}
	g.wait()
	return guard.Decision{Action: guard.ActionDetect, Start: time.Now(),
		Detections: []guard.Detection{{DetectorID: guard.DetSecrets, Action: guard.ActionDetect}}}
}

func (g *gatedGuard) Convictions(d guard.Decision, ev guard.Event) []record.Conviction {
	var out []record.Conviction
	for _, det := range d.Detections {
		out = append(out, record.Conviction{AttributableEventID: ev.RequestID, ConcludingEventID: ev.ConcludingEventID, DetectorID: det.DetectorID})
	}
	return out
}

func TestDeferredChecksRunAfterTheClientHasTheAnswer(t *testing.T) {
	for _, stream := range []bool{false, true} {
		name := "json"
		extra := ""
		if stream {
			name, extra = "stream", `,"stream":true`
		}
		t.Run(name, func(t *testing.T) {
			gg := &gatedGuard{clientDone: make(chan struct{})}
			up := newUpstream(t, modeOK)
			g := newGateway(t, upstreamYAML, map[string]string{"UP": up.URL}, func(o *Options) { o.Guard = gg })
			req, _ := http.NewRequest("POST", g.URL()+"/v1/chat/completions", strings.NewReader(chat("m", extra)))
			resp, err := g.client.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			var all strings.Builder
			sc := bufio.NewScanner(resp.Body)
			for sc.Scan() {
				all.WriteString(sc.Text() + "\n")
			}
			resp.Body.Close()
			if n := gg.deferred.Load(); n != 0 {
				t.Errorf("%d deferred checks finished before the client had the answer", n)
			}
			close(gg.clientDone)
			if resp.StatusCode != 200 || !strings.Contains(all.String(), "Hello") || stream && !strings.Contains(all.String(), "[DONE]") {
				t.Fatalf("%d %s", resp.StatusCode, all.String())
			}
			r := g.reqs.requests(t, 1)[0]
			if gg.timedOut.Load() {
				t.Fatal("a deferred check waited for an answer the client did not get")
			}
			es := guardEntries(t, r)
			if len(es) != 2 || es[0].Mode != "pre_call" || es[1].Mode != "post_call" ||
				!slices.Equal(es[0].detectors(), []string{"pii/detect/EMAIL"}) || !slices.Equal(es[1].detectors(), []string{"secrets/detect/"}) {
				t.Errorf("guardrail information %s", r.GuardrailInformation)
			}
			cvs := convictionsOf(t, g.convs, 2)
			if cvs[0].ConcludingEventID != r.ID || cvs[1].ConcludingEventID != r.ID+":response" {
				t.Errorf("convictions %+v", cvs)
			}
		})
	}
}

// A buffered stream's answer is checked once, before it is sent: one
// post_call entry (it used to get a second one after [DONE]).
func TestBufferedStreamCheckedOnce(t *testing.T) {
	eng := newEngine(t, guard.Config{StreamMode: guard.StreamBuffered})
	up := newUpstream(t, modeOK)
	g := newGateway(t, upstreamYAML, map[string]string{"UP": up.URL}, func(o *Options) { o.Guard = eng })
	if st, _, body := g.post(t, "/v1/chat/completions", chat("m", `,"stream":true`)); st != 200 || !strings.Contains(body, "[DONE]") {
		t.Fatalf("%d %s", st, body)
	}
	es := guardEntries(t, g.reqs.requests(t, 1)[0])
	if len(es) != 2 || es[0].Mode != "pre_call" || es[1].Mode != "post_call" {
		t.Errorf("guardrail information %+v", es)
	}
}

// deferredPanic panics in its deferred input phase.
type deferredPanic struct{ fakeGuard }

func (deferredPanic) HasDeferredInput() bool { return true }
func (deferredPanic) CheckInputPhase(_ *guard.Input, ph guard.Phase) guard.Decision {
	if ph == guard.PhaseDeferred {
		panic("boom")
	}
	return guard.Decision{}
}

// A panic in a deferred check happens after the answer: it is logged and
// counted, the call is still recorded, and the recorder goes on.
func TestDeferredPanicIsContained(t *testing.T) {
	g := newGateway(t, "model_list:\n  - {model_name: m, litellm_params: {model: mock/m, mock_response: hi}}\n", nil,
		func(o *Options) { o.Guard, o.Logger = deferredPanic{}, slog.New(slog.DiscardHandler) })
	for range 2 {
		if st, _, body := g.post(t, "/v1/chat/completions", chat("m", "")); st != 200 {
			t.Fatalf("%d %s", st, body)
		}
	}
	recs := g.reqs.requests(t, 2)
	if recs[0].Status != "success" || recs[1].Status != "success" {
		t.Errorf("records %s %s", recs[0].Status, recs[1].Status)
	}
	if n := testCounter(g.Metrics().Panics); n != 2 {
		t.Errorf("panics = %v", n)
	}
}

// When the recorder lags (here: blocked in a deferred check), at most
// maxPendingBuilds finished calls wait for it; the next ones build their
// records in their handlers, after their answers went out. Nothing is lost.
func TestPendingBuildsAreBounded(t *testing.T) {
	gg := &gatedGuard{clientDone: make(chan struct{})}
	up := newUpstream(t, modeOK)
	g := newGateway(t, upstreamYAML, map[string]string{"UP": up.URL}, func(o *Options) { o.Guard = gg })
	g.maxPendingBuilds = 2
	// A handler building its record holds its connection: one per call.
	g.client = &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}
	const calls = 6
	for i := range calls {
		if st, _, body := g.post(t, "/v1/chat/completions", chat("m", "")); st != 200 || !strings.Contains(body, "Hello") {
			t.Fatalf("call %d: %d %s", i, st, body) // answered although its record waits
		}
		if n := g.pendingBuilds.Load(); n > 2 {
			t.Fatalf("%d calls wait for the recorder", n)
		}
	}
	close(gg.clientDone)
	if recs := g.reqs.requests(t, calls); len(recs) != calls || gg.timedOut.Load() {
		t.Fatalf("%d records, timed out %v", len(recs), gg.timedOut.Load())
	}
	if n := g.pendingBuilds.Load(); n != 0 {
		t.Errorf("pending builds %d after all were built", n)
	}
}
