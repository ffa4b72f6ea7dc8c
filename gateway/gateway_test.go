package gateway

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/wardenhq/warden/guard"
	"github.com/wardenhq/warden/record"
)

const chatBody = `{"model":%q,"messages":[{"role":"user","content":"hello"}]%s}`

func chat(model, extra string) string {
	return strings.Replace(strings.Replace(chatBody, "%q", `"`+model+`"`, 1), "%s", extra, 1)
}

// Two deployments of one model: the failing one is tried at most once per
// call and the call succeeds on the other; nothing is sent twice.
func TestRetryOnOtherDeployment(t *testing.T) {
	for _, mode := range []string{mode500, mode429, modeDieEarly} {
		t.Run(mode, func(t *testing.T) {
			bad, good := newUpstream(t, mode), newUpstream(t, modeOK)
			g := newGateway(t, `
model_list:
  - {model_name: m, litellm_params: {model: openai/gpt-4o, api_base: os.environ/BAD}}
  - {model_name: m, litellm_params: {model: openai/gpt-4o, api_base: os.environ/GOOD}}
router_settings: {num_retries: 2, allowed_fails: 100}
`, map[string]string{"BAD": bad.URL, "GOOD": good.URL})
			const calls = 6
			for i := range calls {
				extra := ""
				if i%2 == 1 {
					extra = `,"stream":true`
				}
				st, _, body := g.post(t, "/v1/chat/completions", chat("m", extra))
				if st != 200 || !strings.Contains(body, "Hello") {
					t.Fatalf("call %d: %d %s", i, st, body)
				}
			}
			if good.hits.Load() != calls || bad.hits.Load() > calls {
				t.Errorf("hits good=%d bad=%d", good.hits.Load(), bad.hits.Load())
			}
			recs := g.reqs.requests(t, calls)
			for _, r := range recs {
				if r.Status != "success" || r.APIBase != good.URL {
					t.Errorf("record status=%s api_base=%s", r.Status, r.APIBase)
				}
			}
			if g.reqs.len() != calls {
				t.Errorf("%d records for %d calls", g.reqs.len(), calls)
			}
		})
	}
}

// A stream that dies after bytes reached the client is not retried: the
// client gets an error event, the upstream one hit, the log a failure.
func TestMidStreamDeathNotRetried(t *testing.T) {
	a, b := newUpstream(t, modeDieMid), newUpstream(t, modeDieMid)
	g := newGateway(t, `
model_list:
  - {model_name: m, litellm_params: {model: openai/gpt-4o, api_base: os.environ/A}}
  - {model_name: m, litellm_params: {model: openai/gpt-4o, api_base: os.environ/B}}
router_settings: {num_retries: 3}
`, map[string]string{"A": a.URL, "B": b.URL})
	st, _, body := g.post(t, "/chat/completions", chat("m", `,"stream":true`))
	if st != 200 || !strings.Contains(body, "Hello") || !strings.Contains(body, `data: {"error":`) || strings.Contains(body, "[DONE]") {
		t.Fatalf("status %d body %q", st, body)
	}
	if n := a.hits.Load() + b.hits.Load(); n != 1 {
		t.Errorf("upstream hits = %d, want 1", n)
	}
	r := g.reqs.requests(t, 1)[0]
	if r.Status != "failure" || r.ErrorInformation.ErrorClass != "APIConnectionError" || !strings.Contains(string(r.Response), "Hello from") {
		t.Errorf("record = %+v response=%s", r.ErrorInformation, r.Response)
	}
}

// Fallbacks: the first group fails with a retryable error, the fallback
// group answers; the log names the group that answered.
func TestFallback(t *testing.T) {
	bad, good := newUpstream(t, mode429), newUpstream(t, modeOK)
	g := newGateway(t, `
model_list:
  - {model_name: big, litellm_params: {model: openai/gpt-4o, api_base: os.environ/BAD}}
  - {model_name: small, litellm_params: {model: openai/gpt-4o-mini, api_base: os.environ/GOOD}}
litellm_settings:
  num_retries: 1
  fallbacks: [{"big": ["small"]}]
`, map[string]string{"BAD": bad.URL, "GOOD": good.URL})
	st, _, body := g.post(t, "/v1/chat/completions", chat("big", ""))
	if st != 200 {
		t.Fatalf("%d %s", st, body)
	}
	if bad.hits.Load() != 2 || good.hits.Load() != 1 {
		t.Errorf("hits bad=%d good=%d, want 2 and 1", bad.hits.Load(), good.hits.Load())
	}
	r := g.reqs.requests(t, 1)[0]
	if r.ModelGroup != "small" || r.Model != "gpt-4o-mini" || r.Status != "success" {
		t.Errorf("record group=%s model=%s", r.ModelGroup, r.Model)
	}
}

// A failing deployment goes into cooldown after allowed_fails failures and
// is skipped while it lasts.
func TestCooldown(t *testing.T) {
	bad, good := newUpstream(t, mode500), newUpstream(t, modeOK)
	g := newGateway(t, `
model_list:
  - {model_name: m, litellm_params: {model: openai/x, api_base: os.environ/BAD}}
  - {model_name: m, litellm_params: {model: openai/x, api_base: os.environ/GOOD}}
router_settings: {allowed_fails: 0, cooldown_time: 3600, num_retries: 1}
`, map[string]string{"BAD": bad.URL, "GOOD": good.URL})
	for range 10 {
		if st, _, body := g.post(t, "/v1/chat/completions", chat("m", "")); st != 200 {
			t.Fatalf("%d %s", st, body)
		}
	}
	if bad.hits.Load() > 1 {
		t.Errorf("cooling deployment hit %d times", bad.hits.Load())
	}
}

// rpm limits: a deployment over its limit is skipped; all over -> 429.
func TestRPMLimit(t *testing.T) {
	up := newUpstream(t, modeOK)
	g := newGateway(t, `
model_list:
  - {model_name: m, litellm_params: {model: openai/x, api_base: os.environ/UP, rpm: 2}}
`, map[string]string{"UP": up.URL})
	var codes []int
	for range 3 {
		st, _, body := g.post(t, "/v1/chat/completions", chat("m", ""))
		codes = append(codes, st)
		if st == 429 && !strings.Contains(body, "rpm/tpm limit") {
			t.Errorf("429 body = %s", body)
		}
	}
	// The minute may roll over between calls; then all three pass.
	if codes[0] != 200 || codes[1] != 200 || (codes[2] != 429 && up.hits.Load() != 3) {
		t.Errorf("codes = %v", codes)
	}
	g.reqs.requests(t, 3)
}

// Timeouts answer 408, an unreachable upstream 502; both are logged.
func TestTimeoutAndUnreachable(t *testing.T) {
	slow := newUpstream(t, modeSlow)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	dead := "http://" + ln.Addr().String()
	ln.Close()
	g := newGateway(t, `
model_list:
  - {model_name: slow, litellm_params: {model: openai/x, api_base: os.environ/SLOW}}
  - {model_name: dead, litellm_params: {model: openai/x, api_base: os.environ/DEAD}}
litellm_settings: {request_timeout: 0.3, num_retries: 0}
`, map[string]string{"SLOW": slow.URL, "DEAD": dead})
	st, _, body := g.post(t, "/v1/chat/completions", chat("slow", ""))
	if st != 408 {
		t.Errorf("slow: %d %s", st, body)
	}
	st, _, body = g.post(t, "/v1/chat/completions", chat("dead", ""))
	if st != 502 {
		t.Errorf("dead: %d %s", st, body)
	}
	recs := g.reqs.requests(t, 2)
	if recs[0].ErrorInformation.ErrorCode != "408" || recs[1].ErrorInformation.ErrorCode != "502" || recs[1].Status != "failure" {
		t.Errorf("records = %+v / %+v", recs[0].ErrorInformation, recs[1].ErrorInformation)
	}
}

// Azure OpenAI upstream: deployment path, api-version and api-key; and the
// Azure-style path on Warden's side.
func TestAzureUpstreamAndPath(t *testing.T) {
	up := newUpstream(t, modeOK)
	g := newGateway(t, `
model_list:
  - model_name: gpt-4o
    litellm_params: {model: azure/my-gpt4o, api_base: os.environ/AZ, api_key: os.environ/AZ_KEY, api_version: "2024-10-21"}
`, map[string]string{"AZ": up.URL, "AZ_KEY": "azure-secret"})
	st, _, body := g.post(t, "/openai/deployments/gpt-4o/chat/completions?api-version=2024-10-21",
		`{"messages":[{"role":"user","content":"hi"}]}`)
	if st != 200 || !strings.Contains(body, "Hello from upstream") {
		t.Fatalf("%d %s", st, body)
	}
	h := up.lastHdr.Load().(http.Header)
	if h.Get("api-key") != "azure-secret" {
		t.Errorf("azure api-key header = %q", h.Get("api-key"))
	}
	r := g.reqs.requests(t, 1)[0]
	if r.CustomLLMProvider != "azure" || r.Model != "my-gpt4o" || r.ModelGroup != "gpt-4o" {
		t.Errorf("record = %s %s %s", r.CustomLLMProvider, r.Model, r.ModelGroup)
	}
	if strings.Contains(mustJSON(t, r), "azure-secret") {
		t.Error("the upstream key is in the record")
	}
}

// Anthropic upstream through the provider's translation.
func TestAnthropicUpstream(t *testing.T) {
	var gotPath, gotKey string
	an := newFakeServer(t, func(w http.ResponseWriter, r *http.Request) {
		gotPath, gotKey = r.URL.Path, r.Header.Get("x-api-key")
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{"id":"msg_1","type":"message","role":"assistant","model":"claude-sonnet-4-20250514","content":[{"type":"text","text":"Bonjour"}],"stop_reason":"end_turn","usage":{"input_tokens":7,"output_tokens":2}}`)
	})
	g := newGateway(t, `
model_list:
  - {model_name: claude, litellm_params: {model: anthropic/claude-sonnet-4-20250514, api_base: os.environ/AN, api_key: sk-ant-secret}}
`, map[string]string{"AN": an})
	st, _, body := g.post(t, "/v1/chat/completions", chat("claude", ""))
	if st != 200 || !strings.Contains(body, "Bonjour") {
		t.Fatalf("%d %s", st, body)
	}
	if !strings.HasSuffix(gotPath, "/messages") || gotKey != "sk-ant-secret" {
		t.Errorf("path %q key %q", gotPath, gotKey)
	}
	r := g.reqs.requests(t, 1)[0]
	if r.CustomLLMProvider != "anthropic" || r.PromptTokens != 7 || r.CompletionTokens != 2 {
		t.Errorf("record = %s %d %d", r.CustomLLMProvider, r.PromptTokens, r.CompletionTokens)
	}
}

func newFakeServer(t *testing.T, h http.HandlerFunc) string {
	u := newUpstream(t, modeOK)
	u.Config.Handler = h
	return u.URL
}

func mustJSON(t *testing.T, v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// Requests Warden refuses itself: each is answered in OpenAI's shape, with
// the overhead header, and logged once.
func TestRequestErrors(t *testing.T) {
	g := newGateway(t, `
model_list:
  - {model_name: m, litellm_params: {model: mock/m, mock_response: hi}}
general_settings: {master_key: sk-1}
warden: {max_request_body_bytes: 2048}
`, nil)
	auth := []string{"Authorization", "Bearer sk-1"}
	tests := []struct {
		name, path, body string
		hdr              []string
		status           int
		msg              string
	}{
		{"no key", "/v1/chat/completions", chat("m", ""), nil, 401, "no API key"},
		{"wrong key", "/v1/chat/completions", chat("m", ""), []string{"Authorization", "Bearer sk-2"}, 401, "invalid API key"},
		{"api-key header", "/v1/chat/completions", chat("m", ""), []string{"api-key", "sk-1"}, 200, ""},
		{"bad json", "/v1/chat/completions", `{"model":`, auth, 400, "not a JSON object"},
		{"missing model", "/v1/chat/completions", `{"messages":[{"role":"user","content":"x"}]}`, auth, 400, "model is required"},
		{"missing messages", "/v1/chat/completions", `{"model":"m"}`, auth, 400, "messages is required"},
		{"empty messages", "/v1/chat/completions", `{"model":"m","messages":[]}`, auth, 400, "must not be empty"},
		{"unknown model", "/v1/chat/completions", chat("gpt-9", ""), auth, 400, "The models are: m"},
		{"too large", "/v1/chat/completions", chat("m", `,"x":"`+strings.Repeat("a", 4096)+`"`), auth, 413, "larger than 2048 bytes"},
		{"missing prompt", "/v1/completions", `{"model":"m"}`, auth, 400, "prompt is required"},
		{"completion ok", "/v1/completions", `{"model":"m","prompt":"say hi"}`, auth, 200, ""},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st, h, body := g.post(t, tt.path, tt.body, tt.hdr...)
			if st != tt.status || !strings.Contains(body, tt.msg) {
				t.Fatalf("got %d %s, want %d with %q", st, body, tt.status, tt.msg)
			}
			if h.Get("x-warden-overhead-duration-ms") == "" || h.Get("x-litellm-call-id") == "" {
				t.Errorf("headers = %v", h)
			}
			if st != 200 {
				var e errorBody
				if err := json.Unmarshal([]byte(body), &e); err != nil || e.Error.Message == "" || e.Error.Type == "" || e.Error.Code == nil {
					t.Errorf("not OpenAI's error shape: %s", body)
				}
			}
			recs := g.reqs.requests(t, i+1)
			r := recs[i]
			wantStatus := "success"
			if tt.status != 200 {
				wantStatus = "failure"
			}
			if r.Status != wantStatus || r.ID != h.Get("x-warden-call-id") {
				t.Errorf("record status %s id %s", r.Status, r.ID)
			}
			if strings.Contains(mustJSON(t, r), "sk-1\"") || strings.Contains(mustJSON(t, r), "sk-2") {
				t.Error("a key is in the record")
			}
		})
	}
	if g.reqs.len() != len(tests) {
		t.Errorf("%d records for %d calls", g.reqs.len(), len(tests))
	}
	// Non-LLM endpoints: no record, overhead header anyway.
	resp, err := g.client.Get(g.URL() + "/health/liveliness")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 || resp.Header.Get("x-warden-overhead-duration-ms") == "" {
		t.Errorf("liveliness: %d %v", resp.StatusCode, resp.Header)
	}
	for _, p := range []string{"/health", "/v1/models"} {
		resp, err := g.client.Get(g.URL() + p)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != 401 {
			t.Errorf("%s without key: %d", p, resp.StatusCode)
		}
	}
	resp, err = g.client.Get(g.URL() + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	mb, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !strings.Contains(string(mb), `warden_gateway_requests_total{code="401",model="unknown",status="failure"} 2`) {
		t.Errorf("metrics lack the request counter:\n%s", grep(string(mb), "warden_gateway_requests_total"))
	}
}

func grep(s, sub string) string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if strings.Contains(l, sub) {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}

// panicGuard panics in the input check.
type panicGuard struct{ fakeGuard }

func (panicGuard) CheckInputPhase(*guard.Input, guard.Phase) guard.Decision { panic("boom") }

// A panic is a 500 in OpenAI's shape and one record; the server lives on.
func TestPanicIs500(t *testing.T) {
	g := newGateway(t, `
model_list:
  - {model_name: m, litellm_params: {model: mock/m, mock_response: hi}}
`, nil, func(o *Options) { o.Guard = panicGuard{} })
	st, _, body := g.post(t, "/v1/chat/completions", chat("m", ""))
	if st != 500 || !strings.Contains(body, `"type":"api_error"`) {
		t.Fatalf("%d %s", st, body)
	}
	st, _, _ = g.post(t, "/v1/embeddings", `{"model":"m","input":"x"}`) // no guard on embeddings
	if st != 200 {
		t.Errorf("server did not survive: %d", st)
	}
	recs := g.reqs.requests(t, 2)
	if recs[0].Status != "failure" || recs[0].ErrorInformation.ErrorCode != "500" {
		t.Errorf("panic record = %+v", recs[0].ErrorInformation)
	}
	if n := testCounter(g.Metrics().Panics); n != 1 {
		t.Errorf("panics = %v", n)
	}
}

// The client leaving mid-stream cancels the upstream call and is logged.
func TestClientDisconnectCancelsUpstream(t *testing.T) {
	up := newUpstream(t, modeStreamHang)
	g := newGateway(t, `
model_list:
  - {model_name: m, litellm_params: {model: openai/x, api_base: os.environ/UP}}
`, map[string]string{"UP": up.URL})
	ctx, cancel := context.WithCancel(context.Background())
	req, _ := http.NewRequestWithContext(ctx, "POST", g.URL()+"/v1/chat/completions", strings.NewReader(chat("m", `,"stream":true`)))
	resp, err := g.client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	line, err := bufio.NewReader(resp.Body).ReadString('\n')
	if err != nil || !strings.Contains(line, "Hello") {
		t.Fatalf("first line %q %v", line, err)
	}
	cancel()
	resp.Body.Close()
	r := g.reqs.requests(t, 1)[0]
	if r.Status != "failure" || r.ErrorInformation.ErrorCode != "499" {
		t.Errorf("record = %+v", r.ErrorInformation)
	}
}

// turn_off_message_logging replaces messages and answer with LiteLLM's marker.
func TestTurnOffMessageLogging(t *testing.T) {
	g := newGateway(t, `
model_list:
  - {model_name: m, litellm_params: {model: mock/m, mock_response: "secret answer"}}
litellm_settings: {turn_off_message_logging: true}
`, nil)
	if st, _, body := g.post(t, "/v1/chat/completions", chat("m", "")); st != 200 || !strings.Contains(body, "secret answer") {
		t.Fatalf("%d %s", st, body)
	}
	r := g.reqs.requests(t, 1)[0]
	js := mustJSON(t, r)
	if strings.Contains(js, "secret answer") || strings.Contains(js, `"hello"`) || !strings.Contains(string(r.Messages), "redacted-by-litellm") ||
		!strings.Contains(string(r.Response), "redacted-by-litellm") {
		t.Errorf("record not redacted: messages=%s response=%s", r.Messages, r.Response)
	}
	if r.TotalTokens == 0 {
		t.Error("tokens lost by redaction")
	}
}

// A model without a price: cost 0 and the debug info saying why.
func TestNoPrice(t *testing.T) {
	g := newGateway(t, `
model_list:
  - {model_name: m, litellm_params: {model: mock/unpriced-model, mock_response: hi}}
`, nil, func(o *Options) { o.Pricer = fakePricer{} })
	g.post(t, "/v1/chat/completions", chat("m", ""))
	r := g.reqs.requests(t, 1)[0]
	if r.ResponseCost != 0 || !strings.Contains(string(r.ResponseCostFailureDebug), "model not in price table") {
		t.Errorf("cost %v debug %s", r.ResponseCost, r.ResponseCostFailureDebug)
	}
}

// Every record marshals to the request table's JSON shape with the seed's
// KQL columns.
func TestRecordHasSeedColumns(t *testing.T) {
	g := newGateway(t, `
model_list:
  - {model_name: gpt-4o, litellm_params: {model: mock/gpt-4o, mock_response: hi}}
`, nil, func(o *Options) { o.Pricer = fakePricer{} })
	g.post(t, "/chat/completions", chat("gpt-4o", `,"metadata":{"your-custom-metadata":"custom-field"}`))
	g.post(t, "/chat/completions", chat("gpt-4o", `,"mock_response":"litellm.InternalServerError"`))
	for _, r := range g.reqs.requests(t, 2) {
		var m map[string]any
		if err := json.Unmarshal([]byte(mustJSON(t, r)), &m); err != nil {
			t.Fatal(err)
		}
		for _, col := range []string{"TimeGenerated", "model", "status", "total_tokens", "response_cost"} {
			if _, ok := m[col]; !ok {
				t.Errorf("record lacks %s", col)
			}
		}
		if m["model"] != "gpt-4o" {
			t.Errorf("model = %v", m["model"])
		}
		if ts, _ := time.Parse(time.RFC3339Nano, m["TimeGenerated"].(string)); ts.IsZero() {
			t.Errorf("TimeGenerated = %v", m["TimeGenerated"])
		}
	}
	recs := g.reqs.requests(t, 2)
	if recs[0].Status != "success" || recs[0].ResponseCost <= 0 || recs[1].Status != "failure" {
		t.Errorf("statuses %s(%v) %s", recs[0].Status, recs[0].ResponseCost, recs[1].Status)
	}
	var _ = record.RequestTable
}

func TestDisplayBaseDropsCredentials(t *testing.T) {
	for in, want := range map[string]string{
		"https://api.openai.com/v1":                        "https://api.openai.com/v1",
		"https://user:s3cret@llm.internal/v1":              "https://llm.internal/v1",
		"https://contoso.openai.azure.com/?api-key=s3cret": "https://contoso.openai.azure.com/",
		"": "",
	} {
		if got := displayBase(in); got != want {
			t.Errorf("displayBase(%q) = %q, want %q", in, got, want)
		}
	}
}

// An api_base with credentials in it still reaches the upstream, but the
// response headers and the request log show it without them.
func TestAPIBaseCredentialsNotEchoed(t *testing.T) {
	up := newUpstream(t, modeOK)
	base := strings.Replace(up.URL, "http://", "http://svc:s3cret-base@", 1) + "/v1"
	g := newGateway(t, "model_list:\n  - model_name: gpt-4o\n    litellm_params: {model: openai/gpt-4o, api_base: os.environ/UP_BASE}\n",
		map[string]string{"UP_BASE": base})
	status, hdr, body := g.post(t, "/v1/chat/completions", chat("gpt-4o", ""))
	if status != 200 {
		t.Fatalf("status %d: %s", status, body)
	}
	r := g.reqs.requests(t, 1)[0]
	for what, v := range map[string]string{"header": hdr.Get("x-litellm-model-api-base"), "api_base": r.APIBase, "hidden_params.api_base": r.HiddenParams.APIBase} {
		if strings.Contains(v, "s3cret") || v == "" {
			t.Errorf("%s = %q", what, v)
		}
	}
}

// The response headers a client reads: the call id (twice), Warden's
// overhead, the deployment, and the upstream's kept headers as
// llm_provider-<name>.
func TestResponseHeaders(t *testing.T) {
	up := newUpstream(t, modeOK)
	g := newGateway(t, `
model_list:
  - {model_name: m, litellm_params: {model: openai/gpt-4o, api_base: os.environ/UP}, model_info: {id: dep-1}}
`, map[string]string{"UP": up.URL})
	for _, extra := range []string{"", `,"stream":true`} {
		st, h, body := g.post(t, "/v1/chat/completions", chat("m", extra))
		if st != 200 {
			t.Fatalf("%d %s", st, body)
		}
		id := h.Get("x-warden-call-id")
		if id == "" || h.Get("x-litellm-call-id") != id || h.Get("x-warden-overhead-duration-ms") == "" ||
			h.Get("x-litellm-model-id") != "dep-1" || h.Get("x-litellm-model-group") != "m" || h.Get("x-litellm-model-api-base") != up.URL {
			t.Errorf("headers %v", h)
		}
		if extra == "" && (h.Get("llm_provider-x-request-id") != "req-123" || h.Get("Content-Type") != "application/json" || h.Get("Content-Length") != strconv.Itoa(len(body))) {
			t.Errorf("headers %v", h)
		}
		if extra != "" && h.Get("Content-Type") != "text/event-stream" {
			t.Errorf("stream headers %v", h)
		}
	}
}
