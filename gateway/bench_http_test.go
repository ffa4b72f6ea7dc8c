package gateway

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"path/filepath"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/wardenhq/warden/config"
	"github.com/wardenhq/warden/pipeline"
	"github.com/wardenhq/warden/record"
	"github.com/wardenhq/warden/store"
)

// benchStreamAnswer is a streamed answer like the harness's mock sends: a
// role chunk, 8 content chunks, a finish chunk, a usage chunk and [DONE].
func benchStreamAnswer() []string {
	head := `{"id":"chatcmpl-bench1","object":"chat.completion.chunk","created":1715367049,"model":"gpt-4o-2024-08-06","system_fingerprint":"fp_bench",`
	ev := []string{head + `"choices":[{"index":0,"delta":{"role":"assistant","content":""},"logprobs":null,"finish_reason":null}]}`}
	for i := range 8 {
		ev = append(ev, head+`"choices":[{"index":0,"delta":{"content":"word`+strconv.Itoa(i)+` "},"logprobs":null,"finish_reason":null}]}`)
	}
	ev = append(ev, head+`"choices":[{"index":0,"delta":{},"logprobs":null,"finish_reason":"stop"}]}`,
		head+`"choices":[],"usage":{"prompt_tokens":29,"completion_tokens":8,"total_tokens":37}}`, "[DONE]")
	return ev
}

// BenchmarkGatewayHTTP measures a call through real loopback sockets, as the
// overhead harness does but closed-loop and in one process: a client, the
// target, and a fake upstream answering at once. The targets are the
// upstream directly, a bare httputil.ReverseProxy and Warden (request log
// encoded and dropped; with and without the guard). cpu-ns/op is the whole
// process's CPU per call (client and upstream included), so the proxy's
// and Warden's own CPU are their cpu-ns/op minus the direct one's:
//
//	go test -run '^$' -bench GatewayHTTP -benchtime 3000x -cpu 1 ./gateway
func BenchmarkGatewayHTTP(b *testing.B) {
	events := benchStreamAnswer()
	up := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		if !bytes.Contains(body, []byte(`"stream":true`)) {
			w.Header().Set("Content-Type", "application/json")
			_, _ = io.WriteString(w, benchAnswer)
			return
		}
		w.Header().Set("Content-Type", "text/event-stream")
		f := w.(http.Flusher)
		for _, e := range events {
			_, _ = io.WriteString(w, "data: "+e+"\n\n")
			f.Flush()
		}
	}))
	defer up.Close()
	upURL, _ := url.Parse(up.URL)

	for _, stream := range []bool{false, true} {
		for _, target := range []string{"direct", "proxy", "warden", "warden+guard"} {
			name := target
			body := []byte(benchBody)
			if stream {
				name = "stream/" + target
				body = append(body[:len(body)-1:len(body)-1], `,"stream":true}`...)
			}
			b.Run(name, func(b *testing.B) {
				base := up.URL
				switch target {
				case "proxy":
					rp := httputil.NewSingleHostReverseProxy(upURL)
					rp.FlushInterval = -1 // as the harness's proxy: SSE passed through at once
					ps := httptest.NewServer(rp)
					defer ps.Close()
					base = ps.URL
				case "warden", "warden+guard":
					cfg, err := config.Parse([]byte("model_list:\n - {model_name: gpt-4o, litellm_params: {model: openai/gpt-4o, api_base: "+
						up.URL+"/v1, api_key: sk-bench}}\n"), "b", testEnv(nil))
					if err != nil {
						b.Fatal(err)
					}
					o := Options{Config: cfg, Requests: encodeSink{}, Convictions: encodeSink{}, Addr: "127.0.0.1:0"}
					if target == "warden+guard" {
						o.Guard = benchGuard(b)
					}
					s, err := New(o)
					if err != nil {
						b.Fatal(err)
					}
					if err := s.Start(); err != nil {
						b.Fatal(err)
					}
					defer func() {
						ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
						defer cancel()
						_ = s.Shutdown(ctx)
					}()
					base = s.URL()
				}
				tr := &http.Transport{MaxIdleConnsPerHost: 4}
				defer tr.CloseIdleConnections()
				hc := &http.Client{Transport: tr}
				u := base + "/v1/chat/completions"
				var overheads []float64
				buf := make([]byte, 32<<10)
				call := func() {
					req, _ := http.NewRequest("POST", u, bytes.NewReader(body))
					req.Header.Set("Content-Type", "application/json")
					resp, err := hc.Do(req)
					if err != nil {
						b.Fatal(err)
					}
					n := 0
					for {
						m, err := resp.Body.Read(buf[n:])
						n += m
						if err == io.EOF {
							break
						}
						if err != nil {
							b.Fatal(err)
						}
					}
					resp.Body.Close()
					if resp.StatusCode != http.StatusOK || n == 0 {
						b.Fatal(resp.StatusCode, string(buf[:n]))
					}
					if h := resp.Header.Get("x-warden-overhead-duration-ms"); h != "" {
						ms, _ := strconv.ParseFloat(h, 64)
						overheads = append(overheads, ms*1000)
					}
				}
				call() // connections
				overheads = overheads[:0]
				b.ReportAllocs()
				cpu0 := cpuTime()
				for b.Loop() {
					call()
				}
				b.ReportMetric(float64(cpuTime()-cpu0)/float64(b.N), "cpu-ns/op")
				if len(overheads) > 0 {
					slices.Sort(overheads)
					b.ReportMetric(overheads[len(overheads)/2], "overhead-µs-p50")
				}
			})
		}
	}
}

// BenchmarkPaced sends b.N calls open-loop at a fixed rate (each in
// its own goroutine, as the overhead harness does) to an upstream that
// answers after 20 ms, so most of the time every part waits: the regime
// of the harness, where waking goroutines up costs as much as the work.
// Warden logs to a real pipeline and local store, with the harness's
// guardrails (warden-encode: records encoded and dropped, to tell the
// delivery's share). cpu-ns/op is the whole process's (client and upstream
// included): subtract direct's to compare the proxy's and Warden's own.
// A few thousand calls at 500/s take seconds and load a core lightly:
//
//	go test -run '^$' -bench Paced -benchtime 2000x ./gateway
func BenchmarkPaced(b *testing.B) {
	const rate = 500
	events := benchStreamAnswer()
	up := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		t := time.NewTimer(20 * time.Millisecond)
		defer t.Stop()
		select {
		case <-t.C:
		case <-r.Context().Done():
			return
		}
		if !bytes.Contains(body, []byte(`"stream":true`)) {
			w.Header().Set("Content-Type", "application/json")
			_, _ = io.WriteString(w, benchAnswer)
			return
		}
		w.Header().Set("Content-Type", "text/event-stream")
		f := w.(http.Flusher)
		for _, e := range events { // back to back, each flushed, as the harness's mock
			_, _ = io.WriteString(w, "data: "+e+"\n\n")
			f.Flush()
		}
	}))
	defer up.Close()
	upURL, _ := url.Parse(up.URL)
	for _, stream := range []bool{false, true} {
		for _, target := range []string{"direct", "proxy", "warden", "warden-encode"} {
			name, body := target, []byte(benchBody)
			if stream {
				name = "stream/" + target
				body = append(body[:len(body)-1:len(body)-1], `,"stream":true}`...)
			}
			b.Run(name, func(b *testing.B) {
				benchPaced(b, rate, body, func(b *testing.B) (string, func()) {
					switch target {
					case "proxy":
						rp := httputil.NewSingleHostReverseProxy(upURL)
						rp.Transport = &http.Transport{MaxIdleConns: 4096, MaxIdleConnsPerHost: 1024}
						rp.FlushInterval = -1
						ps := httptest.NewServer(rp)
						return ps.URL, ps.Close
					case "warden", "warden-encode":
						s, stop := benchStoreGateway(b, up.URL, target == "warden-encode")
						return s.URL(), stop
					}
					return up.URL, func() {}
				})
			})
		}
	}
}

// benchPaced sends b.N calls of body at rate to the target start returns.
func benchPaced(b *testing.B, rate int, body []byte, start func(*testing.B) (string, func())) {
	base, stop := start(b)
	defer stop()
	tr := &http.Transport{MaxIdleConnsPerHost: 256, MaxIdleConns: 256}
	defer tr.CloseIdleConnections()
	hc := &http.Client{Transport: tr}
	u := base + "/v1/chat/completions"
	var failed atomic.Int64
	call := func() {
		req, _ := http.NewRequest("POST", u, bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		resp, err := hc.Do(req)
		if err != nil {
			failed.Add(1)
			return
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			failed.Add(1)
		}
	}
	var wg sync.WaitGroup
	for range 20 { // connections
		wg.Go(call)
	}
	wg.Wait()
	interval := time.Second / time.Duration(rate)
	b.ResetTimer()
	cpu0 := cpuTime()
	t0 := time.Now()
	for i := range b.N {
		if d := time.Until(t0.Add(time.Duration(i) * interval)); d > 0 {
			time.Sleep(d)
		}
		wg.Go(call)
	}
	wg.Wait()
	b.ReportMetric(float64(cpuTime()-cpu0)/float64(b.N), "cpu-ns/op")
	if n := failed.Load(); n > 0 {
		b.Fatalf("%d calls failed", n)
	}
}

// benchStoreGateway starts Warden as the harness runs it: the harness's
// guardrails, records through pipelines into a local store (or, with
// encodeOnly, encoded and dropped). stop shuts it down and waits for every
// record to reach the store.
func benchStoreGateway(b *testing.B, upstream string, encodeOnly bool) (*Server, func()) {
	b.Helper()
	cfg, err := config.Parse([]byte("model_list:\n - {model_name: gpt-4o, litellm_params: {model: openai/gpt-4o, api_base: "+
		upstream+"/v1, api_key: sk-bench}}\n"), "b", testEnv(nil))
	if err != nil {
		b.Fatal(err)
	}
	dir := b.TempDir()
	st, err := store.Open(filepath.Join(dir, "warden.db"))
	if err != nil {
		b.Fatal(err)
	}
	var pipes []*pipeline.Pipeline
	for _, t := range []string{record.RequestTable, record.ConvictionTable} {
		p, err := pipeline.New(pipeline.Options{Stream: t, Dir: filepath.Join(dir, t)}, st.Exporter(t))
		if err != nil {
			b.Fatal(err)
		}
		p.Start()
		pipes = append(pipes, p)
	}
	o := Options{Config: cfg, Requests: pipes[0], Convictions: pipes[1], Guard: benchGuard(b), Addr: "127.0.0.1:0"}
	if encodeOnly {
		o.Requests, o.Convictions = encodeSink{}, encodeSink{}
	}
	s, err := New(o)
	if err != nil {
		b.Fatal(err)
	}
	if err := s.Start(); err != nil {
		b.Fatal(err)
	}
	return s, func() {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		if err := s.Shutdown(ctx); err != nil {
			b.Error(err)
		}
		for _, p := range pipes {
			if err := p.Shutdown(ctx); err != nil {
				b.Error(err)
			}
		}
		st.Close()
	}
}
