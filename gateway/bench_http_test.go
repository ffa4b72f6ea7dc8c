package gateway

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/wardenhq/warden/config"
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
