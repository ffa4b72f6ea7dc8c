// Command gateway measures what a gateway adds to an LLM call: it starts a
// mock OpenAI-compatible upstream with a fixed latency on 127.0.0.1, drives
// a fixed request rate open-loop (sends on a schedule, latency measured from
// the scheduled send time) directly against the mock, through a bare
// httputil.ReverseProxy (the floor on this machine, run as a child process),
// through `warden serve` (built from ./cmd/warden, logging to the local store
// and detection on), and through any other gateway given with -target. It
// prints Markdown tables of latency added over direct, Warden's own overhead
// header, CPU time per request and peak memory of the child processes, for
// BENCHMARKS.md.
//
//	go run ./bench/gateway -rate 1000 -duration 15s -warmup 3s -rounds 3
//
// Run it from the module root (it builds ./cmd/warden unless -warden-bin is
// given).
package main

import (
	"bytes"
	"context"
	"debug/buildinfo"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// targetFlag is one -target: [name=]URL.
type targetFlag struct{ name, url string }

type options struct {
	mode            string
	rate            float64
	duration        time.Duration
	warmup          time.Duration
	upstreamLatency time.Duration
	stream          bool
	targets         []targetFlag
	targetModel     string
	targetKey       string
	targetHeaders   http.Header
	targetPID       int
	wardenBin       string
	skipProxy       bool
	skipWarden      bool
	guardrails      string
	rounds          int
	mockAddr        string
	maxInFlight     int
	timeout         time.Duration
	promptBytes     int
	profile         string
	keep            bool
	timeline        time.Duration
	// -mode proxy
	listen, upstream string
}

func main() {
	var o options
	fs := flag.NewFlagSet("gateway", flag.ExitOnError)
	fs.StringVar(&o.mode, "mode", "bench", "bench (run the benchmark), proxy (bare reverse proxy child: -listen, -upstream), or mock (serve only the mock upstream on -mock-addr)")
	fs.Float64Var(&o.rate, "rate", 1000, "requests per second, sent on a fixed schedule")
	fs.DurationVar(&o.duration, "duration", 15*time.Second, "measured time per target and round")
	fs.DurationVar(&o.warmup, "warmup", 3*time.Second, "load before measuring, per target and round (not counted)")
	fs.DurationVar(&o.upstreamLatency, "upstream-latency", 20*time.Millisecond, "fixed latency of the mock upstream")
	fs.BoolVar(&o.stream, "stream", false, "ask for streamed answers (SSE); latency is to the last byte")
	fs.Func("target", "another gateway to measure, [name=]URL (base URL, or the full .../chat/completions URL); repeatable. "+
		"Point its model at the mock (fix the mock's port with -mock-addr)", func(s string) error {
		name, u, ok := strings.Cut(s, "=")
		if !ok || strings.Contains(name, "/") {
			name, u = "", s
		}
		pu, err := url.Parse(u)
		if err != nil || pu.Host == "" {
			return fmt.Errorf("%q is not a URL like http://127.0.0.1:4000", u)
		}
		if name == "" {
			name = pu.Host
		}
		o.targets = append(o.targets, targetFlag{name: name, url: u})
		return nil
	})
	fs.StringVar(&o.targetModel, "target-model", "gpt-4o", "model name sent to every target")
	fs.StringVar(&o.targetKey, "target-key", "", "bearer key sent to -target gateways (e.g. LiteLLM's master key)")
	o.targetHeaders = http.Header{}
	fs.Func("target-header", "a header sent to -target gateways, \"Name: value\"; repeatable (e.g. Portkey's x-portkey-provider and x-portkey-custom-host)", func(s string) error {
		k, v, ok := strings.Cut(s, ":")
		if !ok || strings.TrimSpace(k) == "" {
			return fmt.Errorf("%q is not a header like \"Name: value\"", s)
		}
		o.targetHeaders.Add(strings.TrimSpace(k), strings.TrimSpace(v))
		return nil
	})
	fs.IntVar(&o.targetPID, "target-pid", 0, "pid of the (single) -target process, to measure its CPU and peak memory")
	fs.StringVar(&o.wardenBin, "warden-bin", "", "use this warden binary instead of building ./cmd/warden")
	fs.BoolVar(&o.skipProxy, "skip-proxy", false, "do not measure the bare reverse proxy")
	fs.BoolVar(&o.skipWarden, "skip-warden", false, "do not measure Warden")
	fs.StringVar(&o.guardrails, "guardrails", defaultGuardrails, "Warden's guardrails: section as flow YAML (\"\": none, Warden's defaults: every detector on in detect mode). "+
		"The default blocks prompt injection and turns off the per-requester burst limit, which a single load generator at this rate would trip on every call")
	fs.IntVar(&o.rounds, "rounds", 1, "repeat every target this many times, interleaved, to show the spread")
	fs.StringVar(&o.mockAddr, "mock-addr", "127.0.0.1:0", "listen address of the mock upstream")
	fs.IntVar(&o.maxInFlight, "max-inflight", 20000, "requests in flight at most; sends beyond count as errors (overload)")
	fs.DurationVar(&o.timeout, "timeout", 10*time.Second, "per-request timeout")
	fs.IntVar(&o.promptBytes, "prompt-bytes", 0, "pad the user message to about this many bytes (0: a one-line question)")
	fs.StringVar(&o.profile, "profile", "", "after the rounds, load Warden once more and save a CPU profile from its /debug/pprof to this file (needs serve to expose pprof)")
	fs.DurationVar(&o.timeline, "timeline", 0, "also print each run's latency per time bucket of this width (e.g. 1s), to see when stalls happen")
	fs.BoolVar(&o.keep, "keep", false, "keep the temporary directory (Warden's config, data and logs)")
	fs.StringVar(&o.listen, "listen", "127.0.0.1:0", "-mode proxy: listen address")
	fs.StringVar(&o.upstream, "upstream", "", "-mode proxy: upstream base URL")
	_ = fs.Parse(os.Args[1:])

	var err error
	switch o.mode {
	case "proxy":
		err = runProxy(o.listen, o.upstream)
	case "mock":
		err = runMockOnly(o)
	case "bench":
		err = runBench(o, os.Stdout)
	default:
		err = fmt.Errorf("-mode %q: use bench, proxy or mock", o.mode)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

// defaultGuardrails is the security team's journey: prompt injection is
// blocked, every other detector records. burst_rpm is off because every
// request of the load generator comes from one requester.
const defaultGuardrails = "{block_prompt_injection: true, limits: {burst_rpm: 0}}"

func runMockOnly(o options) error {
	m, err := newMockUpstream(o.mockAddr, o.upstreamLatency)
	if err != nil {
		return err
	}
	m.Start()
	fmt.Fprintf(os.Stderr, "mock upstream on %s (latency %s); Ctrl-C to stop\n", m.URL(), o.upstreamLatency)
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	<-ctx.Done()
	return m.Shutdown(context.Background())
}

// target is one thing the load is run against.
type target struct {
	name string
	url  string
	hdr  http.Header
	pid  int    // 0: not measured
	proc *child // started by the harness
}

func chatURL(base string) string {
	if strings.HasSuffix(strings.TrimRight(base, "/"), "/chat/completions") {
		return base
	}
	return strings.TrimRight(base, "/") + "/v1/chat/completions"
}

func requestBody(model string, stream bool, promptBytes int) []byte {
	// A benign, everyday prompt. (Short greetings such as "Hello, how are
	// you?" were scored as prompt injection by the classifier when this was
	// written; the preflight check reports such a block instead of
	// benchmarking error answers.)
	q := "Summarize the following meeting notes in three bullet points: the team agreed to ship the new billing page on Friday, " +
		"QA found two minor bugs, and marketing wants screenshots by Thursday."
	if promptBytes > len(q) {
		// Ordinary prose, so detectors see text like a real prompt.
		pad := "Here is some context about the trip I am planning to Europe next spring with my family. "
		var b strings.Builder
		for b.Len()+len(q) < promptBytes {
			b.WriteString(pad)
		}
		q = b.String() + q
	}
	qj, _ := jsonString(q)
	s := `{"model":"` + model + `","messages":[{"role":"system","content":"You are a helpful assistant."},{"role":"user","content":` + qj + `}],` +
		`"temperature":0.2,"user":"bench-user","metadata":{"tags":["bench"],"trace_id":"bench"}`
	if stream {
		s += `,"stream":true`
	}
	return []byte(s + "}")
}

func runBench(o options, out io.Writer) error {
	if o.rate <= 0 || o.duration <= 0 || o.rounds < 1 {
		return errors.New("-rate, -duration and -rounds must be positive")
	}
	logf := func(format string, args ...any) { fmt.Fprintf(os.Stderr, "bench: "+format+"\n", args...) }
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	tmp, err := os.MkdirTemp("", "gwbench-")
	if err != nil {
		return err
	}
	if o.keep {
		logf("temporary directory %s (kept)", tmp)
	} else {
		defer os.RemoveAll(tmp)
	}

	mock, err := newMockUpstream(o.mockAddr, o.upstreamLatency)
	if err != nil {
		return err
	}
	mock.Start()
	defer mock.Shutdown(context.Background())
	logf("mock upstream %s, latency %s", mock.URL(), o.upstreamLatency)

	targets := []*target{{name: "direct", url: chatURL(mock.URL())}}

	if !o.skipProxy {
		self, err := os.Executable()
		if err != nil {
			return fmt.Errorf("find own binary for the proxy child: %w", err)
		}
		port, err := freePort()
		if err != nil {
			return err
		}
		addr := "127.0.0.1:" + strconv.Itoa(port)
		c, err := startChild("reverse proxy", []string{self, "-mode", "proxy", "-listen", addr, "-upstream", mock.URL()},
			os.Environ(), filepath.Join(tmp, "proxy.log"))
		if err != nil {
			return err
		}
		defer c.stop(5 * time.Second)
		rctx, cancel := context.WithTimeout(ctx, 20*time.Second)
		err = c.waitReady(rctx, "http://"+addr+"/health")
		cancel()
		if err != nil {
			return err
		}
		targets = append(targets, &target{name: "httputil.ReverseProxy", url: chatURL("http://" + addr), pid: c.pid(), proc: c})
	}

	var wardenInfo string
	var wardenTarget *target
	if !o.skipWarden {
		bin := o.wardenBin
		if bin == "" {
			// Not named "warden": a `pkill warden` run by someone else on a
			// shared machine must not end the benchmark's target.
			bin = filepath.Join(tmp, "gwtarget")
			logf("building ./cmd/warden")
			cmd := exec.CommandContext(ctx, "go", "build", "-o", bin, "./cmd/warden")
			cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
			if err := cmd.Run(); err != nil {
				return fmt.Errorf("go build ./cmd/warden failed (run from the module root, or pass -warden-bin): %w", err)
			}
		}
		wardenInfo = binaryInfo(bin)
		t, c, err := startWarden(ctx, o, bin, tmp, mock.URL())
		if err != nil {
			return err
		}
		defer c.stop(15 * time.Second)
		targets = append(targets, t)
		wardenTarget = t
	}

	for _, tf := range o.targets {
		t := &target{name: tf.name, url: chatURL(tf.url), hdr: o.targetHeaders.Clone()}
		if o.targetKey != "" {
			t.hdr.Set("Authorization", "Bearer "+o.targetKey)
		}
		if o.targetPID > 0 && len(o.targets) == 1 {
			t.pid = o.targetPID
		}
		targets = append(targets, t)
	}

	for _, t := range targets {
		if err := preflight(ctx, o, t); err != nil {
			return err
		}
	}

	loadBefore := loadAvg()
	started := time.Now()
	var rounds []round
	var runErr error
rounds:
	for r := 1; r <= o.rounds; r++ {
		var rd round
		for _, t := range targets {
			logf("round %d/%d: %s, %.0f req/s for %s after %s warm-up", r, o.rounds, t.name, o.rate, o.duration, o.warmup)
			st, err := measure(ctx, o, t, requestBody(o.targetModel, o.stream, o.promptBytes))
			if err != nil {
				runErr = err
				break rounds
			}
			if t.proc != nil {
				select {
				case <-t.proc.done:
					// Report the rounds already measured, then the error.
					runErr = fmt.Errorf("%s exited during round %d (its runs of that round are not reported); its output:\n%s", t.name, r, t.proc.tail())
					break rounds
				default:
				}
			}
			rd.Runs = append(rd.Runs, st)
		}
		rd.LoadAvg = loadAvg()
		rounds = append(rounds, rd)
	}
	if len(rounds) == 0 {
		return runErr
	}

	var profileNote string
	if o.profile != "" && wardenTarget != nil && runErr == nil {
		profileNote = captureProfile(ctx, o, wardenTarget, o.profile, logf)
	}

	writeReport(out, o, rounds, reportMeta{
		Command: commandLine(), Machine: machineInfo(), GoVersion: runtime.Version(), Warden: wardenInfo,
		LoadBefore: loadBefore, Wall: time.Since(started), Profile: profileNote,
	})
	return runErr
}

// startWarden writes a config with one model, openai/gpt-4o at the mock,
// records to the local store in tmp/data (no Azure settings), detection on,
// and starts `warden serve` on a free port.
func startWarden(ctx context.Context, o options, bin, tmp, mockURL string) (*target, *child, error) {
	dataDir := filepath.Join(tmp, "data")
	cfg := "model_list:\n" +
		"  - model_name: " + o.targetModel + "\n" +
		"    litellm_params:\n" +
		"      model: openai/gpt-4o\n" +
		"      api_base: " + mockURL + "/v1\n" +
		"      api_key: sk-bench-not-a-real-key\n" +
		"litellm_settings:\n" +
		"  callbacks: [\"azure_sentinel\"]\n" +
		"warden:\n" +
		"  data_dir: " + dataDir + "\n"
	if o.guardrails != "" {
		cfg += "guardrails: " + o.guardrails + "\n"
	}
	cfgPath := filepath.Join(tmp, "config.yaml")
	if err := os.WriteFile(cfgPath, []byte(cfg), 0o600); err != nil {
		return nil, nil, err
	}
	port, err := freePort()
	if err != nil {
		return nil, nil, err
	}
	// No AZURE_* variables reach Warden: records go to the local store, as
	// the offline journey does, and no real tenant is ever called.
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "AZURE_") {
			env = append(env, kv)
		}
	}
	c, err := startChild("warden", []string{bin, "serve", "--config", cfgPath, "--host", "127.0.0.1", "--port", strconv.Itoa(port)},
		env, filepath.Join(tmp, "warden.log"))
	if err != nil {
		return nil, nil, err
	}
	base := "http://127.0.0.1:" + strconv.Itoa(port)
	rctx, cancel := context.WithTimeout(ctx, 60*time.Second)
	defer cancel()
	if err := c.waitReady(rctx, base+"/health/readiness"); err != nil {
		c.stop(5 * time.Second)
		return nil, nil, err
	}
	return &target{name: "warden", url: chatURL(base), pid: c.pid(), proc: c}, c, nil
}

// measure runs the load against t once and returns its stats, with the CPU
// and memory of t's process when it has one.
func measure(ctx context.Context, o options, t *target, body []byte) (runStats, error) {
	client := newClient(4096)
	defer client.CloseIdleConnections()
	var cpu0, self0 time.Duration
	var cpuErr error
	spec := loadSpec{URL: t.url, Body: body, Header: http.Header{"Content-Type": {"application/json"}},
		Rate: o.rate, Warmup: o.warmup, Duration: o.duration, Timeout: o.timeout, MaxInFlight: o.maxInFlight,
		OnMeasureStart: func() {
			self0, _ = procCPU(os.Getpid())
			if t.pid > 0 {
				cpu0, cpuErr = procCPU(t.pid)
			}
		}}
	for k, v := range t.hdr {
		spec.Header[k] = v
	}
	res := runLoad(ctx, client, spec)
	if ctx.Err() != nil {
		return runStats{}, ctx.Err()
	}
	st := summarize(t.name, res)
	if self1, err := procCPU(os.Getpid()); err == nil && st.Sent > 0 {
		st.HarnessCPU = (self1 - self0) / time.Duration(st.Sent)
	}
	if t.pid > 0 && cpuErr == nil && st.Sent > 0 {
		cpu1, err1 := procCPU(t.pid)
		hwm, rss, err2 := procMem(t.pid)
		if err1 == nil && err2 == nil {
			st.HasProc = true
			st.CPUPerReq = (cpu1 - cpu0) / time.Duration(st.Sent)
			st.PeakRSSKB, st.RSSKB = hwm, rss
		}
	}
	return st, nil
}

// preflight sends one request to t and fails unless it answers 200, so a
// misconfigured target (or a benign prompt blocked by a guardrail) is named
// instead of being benchmarked as a stream of error answers.
func preflight(ctx context.Context, o options, t *target) error {
	ctx, cancel := context.WithTimeout(ctx, o.timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, t.url, bytes.NewReader(requestBody(o.targetModel, o.stream, o.promptBytes)))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	for k, v := range t.hdr {
		req.Header[k] = v
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return fmt.Errorf("preflight call to %s (%s): %w", t.name, t.url, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(io.LimitReader(resp.Body, 2048))
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("preflight call to %s (%s) answered %d, not 200: %s", t.name, t.url, resp.StatusCode, b)
	}
	return nil
}

// captureProfile loads Warden once more while taking a CPU profile of it:
// from its /debug/pprof when serve exposes one, otherwise with Linux perf
// (perf record -g on the child's pid; Go binaries keep frame pointers and
// symbols, so the call graph reads as Go functions). It returns a note for
// the report, with the top of the profile when perf was used.
func captureProfile(ctx context.Context, o options, t *target, path string, logf func(string, ...any)) string {
	base := strings.TrimSuffix(t.url, "/v1/chat/completions")
	secs := max(1, int(o.duration/time.Second))
	usePprof := false
	if resp, err := http.Get(base + "/debug/pprof/"); err == nil {
		resp.Body.Close()
		usePprof = resp.StatusCode == http.StatusOK
	}
	perfBin, perfErr := exec.LookPath("perf")
	if !usePprof && perfErr != nil {
		return "no CPU profile: warden serve does not expose /debug/pprof and perf is not installed"
	}
	tool := "pprof"
	if !usePprof {
		tool = "perf"
	}
	logf("profiling warden with %s for %ds under the same load", tool, secs)
	done := make(chan error, 1)
	go func() {
		select {
		case <-time.After(o.warmup):
		case <-ctx.Done():
			done <- ctx.Err()
			return
		}
		if usePprof {
			r, err := http.Get(fmt.Sprintf("%s/debug/pprof/profile?seconds=%d", base, secs))
			if err != nil {
				done <- err
				return
			}
			defer r.Body.Close()
			b, err := io.ReadAll(r.Body)
			if err == nil {
				err = os.WriteFile(path, b, 0o644)
			}
			done <- err
			return
		}
		cmd := exec.CommandContext(ctx, perfBin, "record", "-F", "999", "-g", "-p", strconv.Itoa(t.pid), "-o", path, "--", "sleep", strconv.Itoa(secs))
		if out, err := cmd.CombinedOutput(); err != nil {
			done <- fmt.Errorf("perf record: %w: %s", err, out)
			return
		}
		done <- nil
	}()
	st, err := measure(ctx, o, t, requestBody(o.targetModel, o.stream, o.promptBytes))
	if err != nil {
		return "no CPU profile: " + err.Error()
	}
	if err := <-done; err != nil {
		return "no CPU profile: " + err.Error()
	}
	note := fmt.Sprintf("CPU profile of warden under the same load (%s, %d calls, %s µs CPU/call while profiled): `%s`", tool, st.Sent, us(st.CPUPerReq), path)
	if usePprof {
		return note + " — read it with `go tool pprof -top " + path + "`\n"
	}
	return note + " — read it with `perf report -i " + path + "`\n\n" + perfSummary(perfBin, path)
}

// perfSummary renders the top of a perf profile: functions by self time,
// and Warden's own functions (package github.com/wardenhq/...) by inclusive
// time, which shows which stage of the request path costs the most.
func perfSummary(perfBin, path string) string {
	run := func(args ...string) string {
		out, err := exec.Command(perfBin, append([]string{"report", "-i", path, "--stdio", "-g", "none", "--sort", "symbol"}, args...)...).Output()
		if err != nil {
			return ""
		}
		return string(out)
	}
	self := parsePerfReport(run("--no-children", "--percent-limit", "1"), "")
	incl := parsePerfReport(run("--children", "--percent-limit", "2"), "wardenhq")
	var b strings.Builder
	b.WriteString("| self % | function (top by self time) |\n|---:|---|\n")
	for i, l := range self {
		if i == 20 {
			break
		}
		fmt.Fprintf(&b, "| %.1f | `%s` |\n", l.pct, l.sym)
	}
	b.WriteString("\n| inclusive % | Warden function (top by time including callees) |\n|---:|---|\n")
	for i, l := range incl {
		if i == 25 {
			break
		}
		fmt.Fprintf(&b, "| %.1f | `%s` |\n", l.pct, l.sym)
	}
	return b.String()
}

type perfLine struct {
	pct float64
	sym string
}

// parsePerfReport reads `perf report --stdio -g none --sort symbol` output:
// lines like "  12.34%  [.] runtime.mallocgc" (with --children there are two
// percentages and the first is the inclusive one). Only symbols containing
// filter are kept.
func parsePerfReport(out string, filter string) []perfLine {
	var lines []perfLine
	for _, line := range strings.Split(out, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		i := strings.Index(line, "] ")
		if i < 0 {
			continue
		}
		// perf may append columns ("-  -") after the symbol.
		sym, _, _ := strings.Cut(strings.TrimSpace(line[i+2:]), "  ")
		f := strings.Fields(line[:i])
		if len(f) == 0 || !strings.HasSuffix(f[0], "%") {
			continue
		}
		pct, err := strconv.ParseFloat(strings.TrimSuffix(f[0], "%"), 64)
		if err != nil || (filter != "" && !strings.Contains(sym, filter)) {
			continue
		}
		lines = append(lines, perfLine{pct, sym})
	}
	return lines
}

// binaryInfo names the Go version and VCS revision a binary was built from.
func binaryInfo(path string) string {
	bi, err := buildinfo.ReadFile(path)
	if err != nil {
		return path
	}
	s := bi.GoVersion
	for _, kv := range bi.Settings {
		switch kv.Key {
		case "vcs.revision":
			s += ", commit " + kv.Value[:min(12, len(kv.Value))]
		case "vcs.modified":
			if kv.Value == "true" {
				s += " (with uncommitted changes)"
			}
		}
	}
	return s
}

func commandLine() string {
	args := []string{"go", "run", "./bench/gateway"}
	for _, a := range os.Args[1:] {
		if strings.ContainsAny(a, " \t'\"$") {
			a = strconv.Quote(a)
		}
		args = append(args, a)
	}
	return strings.Join(args, " ")
}

func nproc() int { return runtime.NumCPU() }
