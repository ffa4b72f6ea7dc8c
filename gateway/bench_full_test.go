package gateway

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"slices"
	"strconv"
	"syscall"
	"testing"
	"time"

	"github.com/wardenhq/warden/config"
	"github.com/wardenhq/warden/guard"
	"github.com/wardenhq/warden/pipeline"
	"github.com/wardenhq/warden/record"
	"github.com/wardenhq/warden/store"
)

// benchBody is the request of the overhead harness (bench/gateway).
const benchBody = `{"model":"gpt-4o","messages":[{"role":"system","content":"You are a helpful assistant."},{"role":"user","content":"Summarize the following meeting notes in three bullet points: the team agreed to ship the new billing page on Friday, QA found two minor bugs, and marketing wants screenshots by Thursday."}],"temperature":0.2,"user":"bench-user","metadata":{"tags":["bench"],"trace_id":"bench"}}`

// benchAnswer is the non-streamed answer of the harness's mock upstream.
const benchAnswer = `{"id":"chatcmpl-bench1","object":"chat.completion","created":1715367049,"model":"gpt-4o-2024-08-06",` +
	`"choices":[{"index":0,"message":{"role":"assistant","content":"Paris is the capital of France. It is known for the Eiffel Tower, the Louvre and its cafes."},"logprobs":null,"finish_reason":"stop"}],` +
	`"usage":{"prompt_tokens":29,"completion_tokens":22,"total_tokens":51},"system_fingerprint":"fp_bench"}`

// encodeSink encodes each record as the pipeline does and drops it: the
// request path's share of logging without the disk.
type encodeSink struct{}

func (encodeSink) Enqueue(rec any) error {
	if r, ok := rec.(*record.RequestLog); ok {
		_, err := r.MarshalJSON()
		return err
	}
	return nil
}

// BenchmarkGateway measures the whole handler for a non-streamed chat, as
// the overhead harness sends it: against a fake upstream on loopback or the
// mock provider, with the guard, logging to a sink that only encodes or to
// a real pipeline and local store. cpu-ns/op is the process's CPU time per
// call, delivery to the store included (it is waited for at the end):
//
//	go test -run '^$' -bench Gateway -benchmem ./gateway
func BenchmarkGateway(b *testing.B) {
	up := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, benchAnswer)
	}))
	defer up.Close()
	for _, v := range []struct {
		name     string
		upstream string // "loopback" or "mock"
		store    bool
		guard    bool
	}{
		{"loopback/encode", "loopback", false, false},
		{"loopback/encode+guard", "loopback", false, true},
		{"loopback/store+guard", "loopback", true, true},
		{"mock/encode", "mock", false, false},
		{"mock/store", "mock", true, false},
	} {
		b.Run(v.name, func(b *testing.B) {
			model := "model: openai/gpt-4o, api_base: " + up.URL + "/v1, api_key: sk-bench"
			if v.upstream == "mock" {
				model = "model: mock/gpt-4o, mock_response: " + "Paris is the capital of France."
			}
			cfg, err := config.Parse([]byte("model_list:\n - {model_name: gpt-4o, litellm_params: {"+model+"}}\n"), "b", testEnv(nil))
			if err != nil {
				b.Fatal(err)
			}
			o := Options{Config: cfg, Requests: encodeSink{}, Convictions: encodeSink{}}
			var pipes []*pipeline.Pipeline
			if v.store {
				dir := b.TempDir()
				st, err := store.Open(filepath.Join(dir, "warden.db"))
				if err != nil {
					b.Fatal(err)
				}
				defer st.Close()
				for _, t := range []string{record.RequestTable, record.ConvictionTable} {
					p, err := pipeline.New(pipeline.Options{Stream: t, Dir: filepath.Join(dir, t)}, st.Exporter(t))
					if err != nil {
						b.Fatal(err)
					}
					p.Start()
					pipes = append(pipes, p)
				}
				o.Requests, o.Convictions = pipes[0], pipes[1]
			}
			if v.guard {
				o.Guard = benchGuard(b)
			}
			s, err := New(o)
			if err != nil {
				b.Fatal(err)
			}
			if err := s.Start(); err != nil {
				b.Fatal(err)
			}
			h := s.Handler()
			body := []byte(benchBody)
			var overheads []float64
			serve := func() {
				r := httptest.NewRequest("POST", "/v1/chat/completions", bytes.NewReader(body))
				r.RemoteAddr = "127.0.0.1:40000"
				w := httptest.NewRecorder()
				h.ServeHTTP(w, r)
				if w.Code != http.StatusOK {
					b.Fatal(w.Code, w.Body.String())
				}
				ms, _ := strconv.ParseFloat(w.Header().Get("x-warden-overhead-duration-ms"), 64)
				overheads = append(overheads, ms*1000)
			}
			serve() // connections and lazy tables
			b.ReportAllocs()
			cpu0 := cpuTime()
			for b.Loop() {
				serve()
			}
			ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
			defer cancel()
			if err := s.Shutdown(ctx); err != nil {
				b.Fatal(err)
			}
			for _, p := range pipes {
				if err := p.Shutdown(ctx); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(cpuTime()-cpu0)/float64(b.N), "cpu-ns/op")
			// Warden's own time as its header reports it (µs, median).
			slices.Sort(overheads)
			b.ReportMetric(overheads[len(overheads)/2], "overhead-µs-p50")
		})
	}
}

// benchGuardrails is the overhead harness's guardrails section: prompt
// injection blocked, every other detector recording, and no burst limit
// (one requester sends every call).
const benchGuardrails = "guardrails: {block_prompt_injection: true, limits: {burst_rpm: 0}}\n"

// benchGuard is the guard the overhead harness runs Warden with.
func benchGuard(b *testing.B) *guard.Engine {
	b.Helper()
	cfg, err := config.Parse([]byte("model_list:\n - {model_name: m, litellm_params: {model: mock/m}}\n"+benchGuardrails), "b", testEnv(nil))
	if err != nil {
		b.Fatal(err)
	}
	gc, err := guard.ParseConfig(&cfg.Guardrails)
	if err != nil {
		b.Fatal(err)
	}
	eng, err := guard.New(gc, guard.Options{})
	if err != nil {
		b.Fatal(err)
	}
	return eng
}

func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
