package main

import (
	"bytes"
	"context"
	"io"
	"math"
	"net/http"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/wardenhq/warden/record"
	"github.com/wardenhq/warden/store"
)

// serveLog is a log sink safe for the server's goroutines.
type serveLog struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *serveLog) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *serveLog) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// startServe runs serve in the background and returns its URL and a stop
// function that shuts it down and returns serve's error.
func startServe(t *testing.T, o serveOptions) (string, func() error, *serveLog) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	logs := &serveLog{}
	urlc := make(chan string, 1)
	errc := make(chan error, 1)
	go func() { errc <- serve(ctx, o, logs, func(u string) { urlc <- u }) }()
	select {
	case u := <-urlc:
		var once sync.Once
		var serr error
		stop := func() error {
			once.Do(func() { cancel(); serr = <-errc })
			return serr
		}
		t.Cleanup(func() { _ = stop() })
		return u, stop, logs
	case err := <-errc:
		cancel()
		t.Fatalf("serve: %v\nlogs:\n%s", err, logs)
	case <-time.After(30 * time.Second):
		cancel()
		t.Fatalf("serve did not start; logs:\n%s", logs)
	}
	return "", nil, nil
}

func postJSON(t *testing.T, url, body string) (int, string) {
	t.Helper()
	tr := &http.Transport{}
	defer tr.CloseIdleConnections()
	resp, err := (&http.Client{Transport: tr}).Post(url, "application/json", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// The README's first journey with no config: the built-in mock answers the
// seed's curl at once, and after shutdown every call (the failed one too)
// is a row of LiteLLM_CL in the local store with the seed's KQL columns.
func TestServeDefaultConfigToLocalStore(t *testing.T) {
	dir := t.TempDir()
	url, stop, logs := startServe(t, serveOptions{host: "127.0.0.1", port: 0, dataDir: dir, getenv: func(string) string { return "" }})
	st, body := postJSON(t, url+"/chat/completions", `{"model":"gpt-3.5-turbo","messages":[{"role":"user","content":"what llm are you"}],"metadata":{"your-custom-metadata":"custom-field"}}`)
	if st != 200 || !strings.Contains(body, "mock") {
		t.Fatalf("chat: %d %s", st, body)
	}
	st, body = postJSON(t, url+"/v1/chat/completions", `{"model":"no-such-model","messages":[{"role":"user","content":"x"}]}`)
	if st != 400 || !strings.Contains(body, "gpt-3.5-turbo") {
		t.Fatalf("unknown model: %d %s", st, body)
	}
	if err := stop(); err != nil {
		t.Fatalf("shutdown: %v\nlogs:\n%s", err, logs)
	}
	for _, want := range []string{"warden listening", "records go to the local store", "AIDR guardrails on"} {
		if !strings.Contains(logs.String(), want) {
			t.Errorf("startup log lacks %q:\n%s", want, logs)
		}
	}
	s, err := store.Open(filepath.Join(dir, "warden.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	rows, err := s.Query(context.Background(), record.RequestTable, store.QueryOptions{
		Columns: []string{"TimeGenerated", "model", "status", "total_tokens", "response_cost"}})
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 2 {
		t.Fatalf("rows = %v", rows)
	}
	statuses := map[any]bool{}
	for _, r := range rows {
		statuses[r["status"]] = true
		if c, _ := r["response_cost"].(float64); r["status"] == "success" && (c <= 0 || r["total_tokens"] == nil) {
			t.Errorf("success row without cost or tokens: %v", r)
		}
		if r["TimeGenerated"] == nil || r["model"] == nil {
			t.Errorf("row = %v", r)
		}
	}
	if !statuses["success"] || !statuses["failure"] {
		t.Errorf("statuses = %v", statuses)
	}
	id, err := os.ReadFile(filepath.Join(dir, sensorIDFile))
	if err != nil || len(strings.TrimSpace(string(id))) != 36 {
		t.Errorf("sensor id = %q %v", id, err)
	}
}

// A user's config with unsupported keys starts; the keys are listed once.
func TestServeListsUnsupportedKeys(t *testing.T) {
	dir := t.TempDir()
	cfg := filepath.Join(dir, "config.yaml")
	if err := os.WriteFile(cfg, []byte(`
model_list:
  - model_name: gpt-4o
    litellm_params: {model: openai/gpt-4o, mock_response: "hi there", api_key: os.environ/MY_KEY}
litellm_settings:
  callbacks: ["azure_sentinel"]
  cache: true
general_settings:
  master_key: sk-1234
  database_url: postgres://x
`), 0o600); err != nil {
		t.Fatal(err)
	}
	env := map[string]string{"MY_KEY": "sk-upstream-very-secret"}
	url, stop, logs := startServe(t, serveOptions{configPath: cfg, host: "127.0.0.1", dataDir: dir, getenv: func(k string) string { return env[k] }})
	req, _ := http.NewRequest("POST", url+"/v1/chat/completions", strings.NewReader(`{"model":"gpt-4o","messages":[{"role":"user","content":"hi"}]}`))
	req.Header.Set("Authorization", "Bearer sk-1234")
	tr := &http.Transport{}
	resp, err := (&http.Client{Transport: tr}).Do(req)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	tr.CloseIdleConnections()
	if resp.StatusCode != 200 || !strings.Contains(string(b), "hi there") {
		t.Fatalf("%d %s", resp.StatusCode, b)
	}
	if err := stop(); err != nil {
		t.Fatal(err)
	}
	l := logs.String()
	if strings.Count(l, "general_settings.database_url; litellm_settings.cache") != 1 {
		t.Errorf("unsupported keys not listed once:\n%s", l)
	}
	for _, secret := range []string{"sk-1234", "sk-upstream-very-secret", "postgres://x"} {
		if strings.Contains(l, secret) {
			t.Errorf("log contains %q", secret)
		}
	}
}

func TestServeConfigErrors(t *testing.T) {
	dir := t.TempDir()
	cfg := filepath.Join(dir, "config.yaml")
	if err := os.WriteFile(cfg, []byte("model_list:\n  - model_name: a\n    litellm_params: {model: openai/x, api_key: os.environ/NOT_SET_ANYWHERE_42}\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	var stdout, stderr bytes.Buffer
	code := runMain([]string{"serve", "--config", cfg, "--data-dir", dir, "--port", "0", "--host", "127.0.0.1"}, &stdout, &stderr)
	if code != 1 || !strings.Contains(stderr.String(), "NOT_SET_ANYWHERE_42 is not set (model_list[0].litellm_params.api_key") {
		t.Errorf("code %d stderr %s", code, stderr.String())
	}
	stderr.Reset()
	if code := runMain([]string{"serve", "--port", "70000"}, &stdout, &stderr); code != 2 {
		t.Errorf("bad port: code %d %s", code, stderr.String())
	}
}

func TestTuneGCKeepsTheOperatorsSettings(t *testing.T) {
	prevPercent := debug.SetGCPercent(100)
	prevLimit := debug.SetMemoryLimit(math.MaxInt64)
	t.Cleanup(func() {
		debug.SetGCPercent(prevPercent)
		debug.SetMemoryLimit(prevLimit)
	})

	tuneGC(func(string) string { return "" })
	if got := debug.SetGCPercent(100); got != gcPercent {
		t.Errorf("with no GOGC, GC percent = %d, want %d", got, gcPercent)
	}
	if got := debug.SetMemoryLimit(math.MaxInt64); got != gcSoftLimit {
		t.Errorf("with no GOMEMLIMIT, memory limit = %d, want %d", got, gcSoftLimit)
	}

	env := map[string]string{"GOGC": "50", "GOMEMLIMIT": "1GiB"}
	tuneGC(func(k string) string { return env[k] })
	if got := debug.SetGCPercent(100); got != 100 {
		t.Errorf("with GOGC set, GC percent changed to %d", got)
	}
	if got := debug.SetMemoryLimit(-1); got != math.MaxInt64 {
		t.Errorf("with GOMEMLIMIT set, memory limit changed to %d", got)
	}
}
