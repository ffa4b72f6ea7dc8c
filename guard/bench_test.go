package guard

import (
	"slices"
	"strings"
	"testing"
	"time"
)

// prompt2KB is an ordinary 2 KB user prompt: a request with a pasted e-mail
// and a little code, the kind of text every request carries.
var prompt2KB = func() string {
	base := "Please summarise the following e-mail thread for my manager and list the action items. " +
		"Hi team, the quarterly report is due on Friday; Anna will send the figures from the finance system, " +
		"and Ben should review the slides before the meeting at 10:30 in room 4.12. " +
		"```python\nfor row in rows:\n    total += row.amount  # sum the invoices\n```\n" +
		"Let me know if anything is missing from the draft, thanks! "
	var b strings.Builder
	for b.Len() < 2048 {
		b.WriteString(base)
	}
	return b.String()[:2048]
}()

// BenchmarkCheckInput2KB reports, besides ns/op, the p50 and p99 of the
// calls' wall time (each call timed, then sorted) and the process CPU time
// per call (getrusage), so that "under 200 µs at p99 on one core" can be
// checked: go test ./guard -run '^$' -bench CheckInput2KB -cpu 1
func BenchmarkCheckInput2KB(b *testing.B) {
	e := mustEngine(b, "limits:\n  burst_rpm: 0\n")
	in := userInput(prompt2KB)
	b.SetBytes(int64(len(prompt2KB)))
	b.ReportAllocs()
	lat := make([]time.Duration, 0, 1<<16)
	cpu0 := cpuTime()
	n := 0
	for b.Loop() {
		t0 := time.Now()
		e.CheckInput(in)
		if len(lat) < cap(lat) {
			lat = append(lat, time.Since(t0))
		}
		n++
	}
	cpu := cpuTime() - cpu0
	slices.Sort(lat)
	if len(lat) > 0 {
		b.ReportMetric(float64(lat[len(lat)/2].Nanoseconds())/1e3, "p50-µs")
		b.ReportMetric(float64(lat[min(len(lat)-1, len(lat)*99/100)].Nanoseconds())/1e3, "p99-µs")
	}
	if n > 0 && cpu > 0 {
		b.ReportMetric(float64(cpu.Nanoseconds())/1e3/float64(n), "cpu-µs/op")
	}
}

// promptShort is an ordinary prompt of about 250 bytes, the common case in
// the gateway.
const promptShort = "Can you help me write a polite email to my landlord asking when the broken heating in the flat " +
	"will be repaired? It has been out for a week and the nights are cold. Please keep it short and friendly, " +
	"and suggest two times for a visit."

// BenchmarkCheckInputShort is BenchmarkCheckInput2KB with promptShort.
func BenchmarkCheckInputShort(b *testing.B) {
	e := mustEngine(b, "limits:\n  burst_rpm: 0\n")
	in := userInput(promptShort)
	b.SetBytes(int64(len(promptShort)))
	loopCheckInputCPU(b, e, in)
}

// loopCheckInputCPU runs e.CheckInput(in) in the benchmark loop and reports
// the CPU time per call (getrusage), which a loaded machine does not
// inflate the way it inflates wall time, and the allocations.
func loopCheckInputCPU(b *testing.B, e *Engine, in *Input) {
	b.ReportAllocs()
	cpu0 := cpuTime()
	n := 0
	for b.Loop() {
		e.CheckInput(in)
		n++
	}
	if cpu := cpuTime() - cpu0; n > 0 && cpu > 0 {
		b.ReportMetric(float64(cpu.Nanoseconds())/1e3/float64(n), "cpu-µs/op")
	}
}

func BenchmarkCheckInputShortRulesOnly(b *testing.B) {
	e, err := NewWithScorer(Config{Limits: Limits{MaxPromptTokens: 1000}}, Options{}, zeroScorer{})
	if err != nil {
		b.Fatal(err)
	}
	in := userInput(promptShort)
	b.SetBytes(int64(len(promptShort)))
	b.ReportAllocs()
	for b.Loop() {
		e.CheckInput(in)
	}
}

func BenchmarkCheckInput2KBRulesOnly(b *testing.B) {
	e, err := NewWithScorer(Config{Limits: Limits{MaxPromptTokens: 1000}}, Options{}, zeroScorer{})
	if err != nil {
		b.Fatal(err)
	}
	in := userInput(prompt2KB)
	b.SetBytes(int64(len(prompt2KB)))
	b.ReportAllocs()
	for b.Loop() {
		e.CheckInput(in)
	}
}

func BenchmarkClassifierOnly2KB(b *testing.B) {
	e := mustEngine(b, "")
	for b.Loop() {
		e.clf.Score(prompt2KB)
	}
}

type zeroScorer struct{}

func (zeroScorer) Score(string) float64 { return 0 }
func (zeroScorer) Threshold() float64   { return 0.5 }

// BenchmarkCheckDocument2KB is the check of a 2 KB retrieved document (the
// indirect-injection model, its cues and the data rules).
func BenchmarkCheckDocument2KB(b *testing.B) {
	e := mustEngine(b, "limits:\n  burst_rpm: 0\n")
	doc := strings.Repeat(ordinaryDocuments[0]+"\n\n"+ordinaryDocuments[2]+"\n\n", 4)[:2048]
	in := &Input{Segments: []Segment{{Role: "tool", Source: SourceDocument, Text: doc}}}
	b.SetBytes(int64(len(doc)))
	for b.Loop() {
		e.CheckInput(in)
	}
}

// BenchmarkScanParts times each pass of the rules over the 2 KB prompt, to
// see where the time of CheckInput2KBRulesOnly goes.
func BenchmarkScanParts(b *testing.B) {
	text := prompt2KB
	folded := string(fold(nil, text))
	buf := make([]byte, 0, 4096)
	parts := []struct {
		name string
		f    func()
	}{
		{"fold", func() { fold(buf[:0], text) }},
		{"foldProfile", func() { var p profile; foldProfile(buf[:0], text, &p) }},
		{"automaton", func() { var ts triggerScan; phase0.m.run(folded, &ts) }},
		{"prepare", func() { var sc segScan; sc.prepare(text); sc.release() }},
		{"triggers", func() { var ts triggerScan; scanTriggers(folded, &ts) }},
		{"matchRules", func() {
			var ts triggerScan
			scanTriggers(folded, &ts)
			matchRules(folded, text, 1<<kindInjection|1<<kindJailbreak|1<<kindExtraction, &ts)
		}},
		{"secrets", func() { findSecrets(text) }},
		{"pii", func() { findPII(text) }},
		{"obfuscation", func() { findObfuscation(text, false) }},
	}
	for _, p := range parts {
		b.Run(p.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				p.f()
			}
		})
	}
}

// BenchmarkCheckOutput2KB is the check of a 2 KB answer (secrets, PII,
// links, and the overlap with a system prompt).
func BenchmarkCheckOutput2KB(b *testing.B) {
	e := mustEngine(b, "limits:\n  burst_rpm: 0\n")
	out := &Output{Text: prompt2KB, System: "You are a helpful assistant for ACME. Answer in English, briefly, and never discuss pricing or discounts."}
	b.SetBytes(int64(len(prompt2KB)))
	b.ReportAllocs()
	for b.Loop() {
		e.CheckOutput(out)
	}
}

// BenchmarkSeedCall is the guard's whole work for one call of the gateway
// load harness (bench/gateway) under the seed's policy (block prompt
// injection): the input's inline phase before the call goes upstream, the
// output's inline phase before the answer goes out, and both deferred
// phases on the recorder after. cpu-µs/op is the process CPU per call.
func BenchmarkSeedCall(b *testing.B) {
	e := mustEngine(b, "block_prompt_injection: true\nlimits:\n  burst_rpm: 0\n")
	const system = "You are a helpful assistant."
	user := "Summarize the following meeting notes in three bullet points: the team agreed to ship the new billing page on Friday, " +
		"QA found two minor bugs, and marketing wants screenshots by Thursday."
	answer := "Paris is the capital of France. It is known for the Eiffel Tower, the Louvre and its cafes."
	b.ReportAllocs()
	cpu0 := cpuTime()
	n := 0
	for b.Loop() {
		in := &Input{Segments: []Segment{{Role: "system", Source: SourceSystem, Text: system}, {Role: "user", Source: SourceUser, Text: user}},
			Requester: "bench-user", Model: "m"}
		e.CheckInputPhase(in, PhaseInline)
		out := &Output{Text: answer, System: system, Requester: "bench-user", Model: "m"}
		e.CheckOutputPhase(out, PhaseInline)
		e.CheckInputPhase(in, PhaseDeferred)
		e.CheckOutputPhase(out, PhaseDeferred)
		n++
	}
	if cpu := cpuTime() - cpu0; n > 0 && cpu > 0 {
		b.ReportMetric(float64(cpu.Nanoseconds())/1e3/float64(n), "cpu-µs/op")
	}
}

// BenchmarkOutputInline is the output check before an answer goes out
// under the seed's policy: the system-prompt leak check, with the harness's
// short system prompt and with a 2 KB one.
func BenchmarkOutputInline(b *testing.B) {
	e := mustEngine(b, "block_prompt_injection: true\nlimits:\n  burst_rpm: 0\n")
	answer := "Paris is the capital of France. It is known for the Eiffel Tower, the Louvre and its cafes."
	for _, tc := range []struct{ name, system string }{
		{"short", "You are a helpful assistant."},
		{"2KB", prompt2KB},
	} {
		b.Run(tc.name, func(b *testing.B) {
			cpu0 := cpuTime()
			n := 0
			for b.Loop() {
				e.CheckOutputPhase(&Output{Text: answer, System: tc.system}, PhaseInline)
				n++
			}
			if cpu := cpuTime() - cpu0; n > 0 && cpu > 0 {
				b.ReportMetric(float64(cpu.Nanoseconds())/1e3/float64(n), "cpu-µs/op")
			}
		})
	}
}

// evictSink keeps evictCaches' reads alive.
var evictSink byte

// evictCaches walks buf, a line at a time, so the automaton's table is no
// longer in any cache, as when other processes ran since the last request.
func evictCaches(buf []byte) {
	var x byte
	for i := 0; i < len(buf); i += 64 {
		buf[i]++
		x += buf[i]
	}
	evictSink += x
}

// BenchmarkAutomatonEvicted is phase 0's automaton on the load harness's
// prompt (187 bytes folded) when its 1.5 MB table was evicted from the
// caches (a 64 MB walk between calls, not timed) and when it is warm
// (p50-µs: each call timed): in one part, as two parts and as four, whose
// loads overlap.
//
//	go test ./guard -run '^$' -bench AutomatonEvicted -benchtime 300x -cpu 1
func BenchmarkAutomatonEvicted(b *testing.B) {
	sc := getSegScan()
	sc.prepare("Summarize the following meeting notes in three bullet points: the team agreed to ship the new billing page on Friday, " +
		"QA found two minor bugs, and marketing wants screenshots by Thursday.")
	folded := sc.folded
	m := phase0.m
	buf := make([]byte, 64<<20)
	for _, cold := range []bool{true, false} {
		for _, p := range []struct {
			name string
			run  func(*triggerScan)
		}{
			{"parts=1", func(ts *triggerScan) { m.runRange(folded, 0, 0, len(folded), ts) }},
			{"parts=2", func(ts *triggerScan) { m.run2(folded, ts) }},
			{"parts=4", func(ts *triggerScan) { m.run4(folded, ts) }},
		} {
			name := "warm/" + p.name
			if cold {
				name = "evicted/" + p.name
			}
			b.Run(name, func(b *testing.B) {
				lat := make([]time.Duration, 0, b.N)
				var ts triggerScan
				for b.Loop() {
					if cold {
						b.StopTimer()
						evictCaches(buf)
						b.StartTimer()
					}
					ts.reset()
					t0 := time.Now()
					p.run(&ts)
					lat = append(lat, time.Since(t0))
				}
				slices.Sort(lat)
				b.ReportMetric(float64(lat[len(lat)/2].Nanoseconds())/1e3, "p50-µs")
			})
		}
	}
	sc.release()
	putSegScan(sc)
}
