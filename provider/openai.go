package provider

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"
)

const defaultOpenAIBase = "https://api.openai.com/v1"

// openAI speaks to OpenAI and any OpenAI-compatible server (vLLM, Ollama, LM Studio...). Bodies pass
// through unchanged; only usage and the assistant text are read out of them.
type openAI struct {
	hc   *http.Client
	name string
	// url and auth differ for Azure OpenAI; everything else is shared.
	url  func(d *Deployment, k Kind) string
	auth func(ctx context.Context, req *http.Request, d *Deployment) error
}

func newOpenAI(hc *http.Client) *openAI {
	return &openAI{hc: hc, name: "openai", url: openAIURL, auth: bearerAuth}
}

func pathFor(k Kind) string {
	switch k {
	case Completion:
		return "/completions"
	case Embedding:
		return "/embeddings"
	}
	return "/chat/completions"
}

func openAIURL(d *Deployment, k Kind) string {
	base := d.APIBase
	if base == "" {
		base = defaultOpenAIBase
	}
	return strings.TrimRight(base, "/") + pathFor(k)
}

func bearerAuth(_ context.Context, req *http.Request, d *Deployment) error {
	if d.APIKey != "" {
		req.Header.Set("Authorization", "Bearer "+d.APIKey)
	}
	return nil
}

func baseOf(d *Deployment) string {
	if d.APIBase != "" {
		return d.APIBase
	}
	return defaultOpenAIBase
}

func (p *openAI) newRequest(ctx context.Context, d *Deployment, c *Call) (*http.Request, error) {
	req, err := newPost(ctx, p.url(d, c.Kind), c.Body)
	if err != nil {
		return nil, &Error{Status: 400, Type: "invalid_request_error", Class: "BadRequestError", Provider: p.name,
			Message: scrub(fmt.Sprintf("api_base of this deployment is not a valid URL: %v", rootCauseURL(err)), d.APIKey)}
	}
	// The constant headers share read-only values (Set would allocate
	// each); Set and Add elsewhere replace or copy them, never write
	// into them.
	req.Header[hdrContentType] = valJSON
	req.Header[hdrUserAgent] = valWarden
	if c.Stream {
		req.Header[hdrAccept] = valEventStream
	} else {
		req.Header[hdrAccept] = valJSON
	}
	for k, v := range d.ExtraHeaders {
		req.Header.Set(k, v)
	}
	if err := p.auth(ctx, req, d); err != nil {
		return nil, err
	}
	return req, nil
}

func rootCauseURL(err error) string { return rootCause(err) }

var (
	hdrContentType = http.CanonicalHeaderKey("Content-Type")
	hdrUserAgent   = http.CanonicalHeaderKey("User-Agent")
	hdrAccept      = http.CanonicalHeaderKey("Accept")
	valJSON        = []string{"application/json"}
	valWarden      = []string{"warden"}
	valEventStream = []string{"text/event-stream"}
)

// parsedURLs caches the parsed upstream URLs (one per deployment and
// endpoint), so a call does not parse its URL again: it was a tenth of
// building a request. Bounded: a URL beyond the bound is parsed each time.
var parsedURLs struct {
	sync.Mutex
	m map[string]*url.URL
}

const maxParsedURLs = 1024

// newPost is http.NewRequestWithContext(ctx, "POST", rawURL,
// bytes.NewReader(body)) with the URL parsed once: the request is the same,
// field for field, and an invalid URL gives the same error.
func newPost(ctx context.Context, rawURL string, body []byte) (*http.Request, error) {
	parsedURLs.Lock()
	u := parsedURLs.m[rawURL]
	parsedURLs.Unlock()
	if u == nil {
		req, err := http.NewRequestWithContext(ctx, http.MethodPost, rawURL, bytes.NewReader(body))
		if err != nil {
			return nil, err
		}
		parsedURLs.Lock()
		if parsedURLs.m == nil {
			parsedURLs.m = make(map[string]*url.URL)
		}
		if len(parsedURLs.m) < maxParsedURLs {
			cp := *req.URL
			parsedURLs.m[rawURL] = &cp
		}
		parsedURLs.Unlock()
		return req, nil
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, "", bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	cp := *u // the request's URL is the caller's to change
	req.URL, req.Host = &cp, cp.Host
	return req, nil
}

// withTimeout applies Deployment.Timeout to a whole non-streamed call.
// Without one the call runs in ctx itself: a cancelable child would only
// be canceled after the answer was read and its body closed, when it no
// longer matters, and it cost an allocation and a registration with the
// parent on every call.
func withTimeout(ctx context.Context, d time.Duration) (context.Context, context.CancelFunc) {
	if d > 0 {
		return context.WithTimeoutCause(ctx, d, errUpstreamTimeout)
	}
	return ctx, noCancel
}

func noCancel() {}

func (p *openAI) Do(ctx context.Context, d *Deployment, c *Call) (*Response, error) {
	reqCtx, cancel := withTimeout(ctx, d.Timeout)
	defer cancel()
	req, err := p.newRequest(reqCtx, d, c)
	if err != nil {
		return nil, err
	}
	resp, err := p.hc.Do(req)
	if err != nil {
		return nil, transportError(ctx, reqCtx, p.name, hostOf(baseOf(d)), d.APIKey, err)
	}
	defer resp.Body.Close()
	body, err := readBody(resp.Body, resp.ContentLength)
	if err != nil {
		return nil, transportError(ctx, reqCtx, p.name, hostOf(baseOf(d)), d.APIKey, err)
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return nil, openAIError(p.name, resp.StatusCode, body, resp.Header, d.APIKey)
	}
	r := &Response{Body: body, Header: keepHeaders(resp.Header)}
	if err := parseOpenAIResponse(c, r); err != nil {
		return nil, &Error{Status: 502, Type: "api_error", Class: "APIError", Provider: p.name,
			Message: fmt.Sprintf("upstream %s answered status %d with a body that is not an OpenAI response: %v",
				hostOf(baseOf(d)), resp.StatusCode, err)}
	}
	return r, nil
}

type oaUsage struct {
	PromptTokens     int64 `json:"prompt_tokens"`
	CompletionTokens int64 `json:"completion_tokens"`
	TotalTokens      int64 `json:"total_tokens"`
}

func (u *oaUsage) usage() Usage {
	t := u.TotalTokens
	if t == 0 {
		t = u.PromptTokens + u.CompletionTokens
	}
	return Usage{PromptTokens: u.PromptTokens, CompletionTokens: u.CompletionTokens, TotalTokens: t}
}

var usageKey = []byte(`"usage"`)

// parseOpenAIResponse reads usage and the assistant text out of an OpenAI response body. An
// embeddings body is mostly numbers, so only its trailing "usage" object is decoded.
func parseOpenAIResponse(c *Call, r *Response) error {
	if c.Kind == Embedding {
		if i := bytes.LastIndex(r.Body, usageKey); i >= 0 {
			rest := bytes.TrimLeft(r.Body[i+len(usageKey):], " \t\r\n")
			if len(rest) > 0 && rest[0] == ':' {
				var u oaUsage
				if json.NewDecoder(bytes.NewReader(rest[1:])).Decode(&u) == nil && (u.PromptTokens > 0 || u.TotalTokens > 0) {
					r.Usage = u.usage()
					if r.Usage.PromptTokens == 0 {
						r.Usage.PromptTokens = r.Usage.TotalTokens
					}
					return nil
				}
			}
		}
		if !json.Valid(r.Body) {
			return fmt.Errorf("invalid JSON")
		}
		n := estimatePrompt(c.Kind, c.Body)
		r.Usage = Usage{PromptTokens: n, TotalTokens: n, Estimated: true}
		return nil
	}
	f, ok := scanChatResponse(r.Body)
	if !ok {
		var err error
		if f, err = unmarshalChatResponse(r.Body); err != nil {
			return err
		}
	}
	var calls json.RawMessage
	if f.choices > 0 {
		if c.Kind == Completion || f.text != "" {
			r.Text = f.text
		} else {
			r.Text = contentString(f.content)
		}
		calls = f.calls
	}
	if f.usage != nil && (f.usage.PromptTokens > 0 || f.usage.CompletionTokens > 0 || f.usage.TotalTokens > 0) {
		r.Usage = f.usage.usage()
		return nil
	}
	pt := estimatePrompt(c.Kind, c.Body)
	ct := EstimateTokens(r.Text)
	if len(calls) > 0 && !bytes.Equal(calls, []byte("null")) {
		ct += EstimateTokens(string(calls))
	}
	r.Usage = Usage{PromptTokens: pt, CompletionTokens: ct, TotalTokens: pt + ct, Estimated: true}
	return nil
}

// unmarshalChatResponse is scanChatResponse by json.Unmarshal, for bodies
// of an uncommon shape.
func unmarshalChatResponse(body []byte) (chatFields, error) {
	var v struct {
		Choices []struct {
			Message struct {
				Content   json.RawMessage `json:"content"`
				ToolCalls json.RawMessage `json:"tool_calls"`
			} `json:"message"`
			Text string `json:"text"`
		} `json:"choices"`
		Usage *oaUsage `json:"usage"`
	}
	if err := json.Unmarshal(body, &v); err != nil {
		return chatFields{}, err
	}
	f := chatFields{choices: len(v.Choices), usage: v.Usage}
	if len(v.Choices) > 0 {
		ch := v.Choices[0]
		f.content, f.calls, f.text = ch.Message.Content, ch.Message.ToolCalls, ch.Text
	}
	return f, nil
}

// openAIError maps a non-2xx OpenAI-style answer to *Error, keeping the upstream's status and message.
// Bodies seen in the wild: {"error":{"message","type","param","code"}} (OpenAI, Azure, vLLM),
// {"error":"text"} (Ollama), {"message":...}, {"detail":...} (FastAPI servers), or plain text.
func openAIError(provider string, status int, body []byte, h http.Header, key string) *Error {
	var msg, typ, code, param string
	var eb struct {
		Error   json.RawMessage `json:"error"`
		Message json.RawMessage `json:"message"`
		Detail  json.RawMessage `json:"detail"`
	}
	if json.Unmarshal(body, &eb) == nil {
		switch e := bytes.TrimSpace(eb.Error); {
		case len(e) > 0 && e[0] == '{':
			var o struct {
				Message string          `json:"message"`
				Type    string          `json:"type"`
				Param   json.RawMessage `json:"param"`
				Code    json.RawMessage `json:"code"`
			}
			if json.Unmarshal(e, &o) == nil {
				msg, typ, code, param = o.Message, o.Type, scalarString(o.Code), scalarString(o.Param)
			}
		case len(e) > 0 && e[0] == '"':
			msg = scalarString(e)
		}
		if msg == "" {
			msg = scalarOrRaw(eb.Message)
		}
		if msg == "" {
			msg = scalarOrRaw(eb.Detail)
		}
	}
	if msg == "" {
		msg = strings.TrimSpace(string(body))
		if len(msg) > 2000 {
			msg = msg[:2000] + "..."
		}
	}
	// Azure puts the status number in "code" for some errors ("429"); that is not an OpenAI code.
	if code != "" && code == fmt.Sprint(status) {
		code = ""
	}
	return newStatusError(provider, status, typ, code, param, scrub(msg, key), h)
}

// scalarString returns a JSON string's text or a number's digits; "" for null and other values.
func scalarString(raw json.RawMessage) string {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || bytes.Equal(raw, []byte("null")) {
		return ""
	}
	if raw[0] == '"' {
		var s string
		_ = json.Unmarshal(raw, &s)
		return s
	}
	if raw[0] == '-' || (raw[0] >= '0' && raw[0] <= '9') {
		return string(raw)
	}
	return ""
}

func scalarOrRaw(raw json.RawMessage) string {
	if s := scalarString(raw); s != "" {
		return s
	}
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || bytes.Equal(raw, []byte("null")) {
		return ""
	}
	return string(raw)
}

// DoStream sends a streamed call and returns once the upstream answered with its status.
func (p *openAI) DoStream(ctx context.Context, d *Deployment, c *Call) (Stream, error) {
	s := &oaStream{}
	err := s.open(ctx, p.hc, d, c, p.name, hostOf(baseOf(d)), p.newRequest,
		func(status int, body []byte, h http.Header) error {
			return openAIError(p.name, status, body, h, d.APIKey)
		})
	if err != nil {
		return nil, err
	}
	s.sse = newSSEReader(&s.streamBase)
	s.acc.object = "chat.completion"
	if c.Kind == Completion {
		s.acc.object = "text_completion"
	}
	return s, nil
}

// open sends a streamed call and fills s once the upstream answered with a
// 2xx status; any other status becomes errorOf's error (from the first
// MiB of the body).
func (s *streamBase) open(ctx context.Context, hc *http.Client, d *Deployment, c *Call, provider, host string,
	newRequest func(context.Context, *Deployment, *Call) (*http.Request, error),
	errorOf func(status int, body []byte, h http.Header) error) error {
	reqCtx, cancel := context.WithCancelCause(ctx)
	var timer *time.Timer
	if d.Timeout > 0 {
		// Until the headers arrive the timeout bounds the wait; afterwards it bounds the silence
		// between two chunks (as httpx's read timeout does for LiteLLM), never the whole answer.
		timer = time.AfterFunc(d.Timeout, func() { cancel(errUpstreamTimeout) })
	}
	fail := func(err error) error {
		if timer != nil {
			timer.Stop()
		}
		cancel(nil)
		return err
	}
	req, err := newRequest(reqCtx, d, c)
	if err != nil {
		return fail(err)
	}
	resp, err := hc.Do(req)
	if err != nil {
		return fail(transportError(ctx, reqCtx, provider, host, d.APIKey, err))
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		body, rerr := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
		resp.Body.Close()
		if rerr != nil && len(body) == 0 {
			return fail(transportError(ctx, reqCtx, provider, host, d.APIKey, rerr))
		}
		return fail(errorOf(resp.StatusCode, body, resp.Header))
	}
	if timer != nil {
		timer.Stop()
	}
	s.parent, s.reqCtx, s.cancel, s.timer, s.idle = ctx, reqCtx, cancel, timer, d.Timeout
	s.body, s.provider, s.host, s.key, s.call = resp.Body, provider, host, d.APIKey, c
	s.header = keepHeaders(resp.Header)
	return nil
}

// streamBase is what every upstream stream shares: cancellation, the idle timer and error mapping.
type streamBase struct {
	parent, reqCtx context.Context
	cancel         context.CancelCauseFunc
	timer          *time.Timer
	idle           time.Duration
	body           io.ReadCloser
	provider, host string
	key            string
	call           *Call
	header         http.Header
	onWait         func()

	err       error // sticky: once Recv failed or ended, it keeps returning this
	yielded   bool  // at least one chunk went to the caller
	closeOnce sync.Once
	acc       accumulator
	final     *Response
}

// OnWait sets the function Recv calls before it reads more of the upstream answer (Waiter).
func (s *streamBase) OnWait(f func()) { s.onWait = f }

// Read reads the upstream body for the SSE reader: it calls the OnWait function (the read may
// wait), and bounds the wait with the idle timeout.
func (s *streamBase) Read(p []byte) (int, error) {
	if s.onWait != nil {
		s.onWait()
	}
	s.arm()
	n, err := s.body.Read(p)
	s.disarm()
	return n, err
}

func (s *streamBase) arm() {
	if s.timer != nil {
		s.timer.Reset(s.idle)
	}
}

func (s *streamBase) disarm() {
	if s.timer != nil {
		s.timer.Stop()
	}
}

// readError maps a failure while reading the stream body.
func (s *streamBase) readError(err error) error {
	if pe := s.parent.Err(); pe != nil && !errors.Is(pe, context.DeadlineExceeded) {
		return fmt.Errorf("%s: stream canceled by the client: %w", s.provider, pe)
	}
	if errors.Is(s.parent.Err(), context.DeadlineExceeded) || errors.Is(context.Cause(s.reqCtx), errUpstreamTimeout) {
		return &Error{Status: 408, Type: "timeout", Class: "Timeout", Provider: s.provider, Retryable: !s.yielded,
			Message: fmt.Sprintf("upstream %s stopped sending the stream in time", s.host)}
	}
	msg := errStreamCut.Error()
	if err != io.EOF && err != nil {
		msg += ": " + rootCause(err)
	}
	return &Error{Status: 502, Type: "api_connection_error", Class: "APIConnectionError", Provider: s.provider,
		Retryable: !s.yielded, Message: scrub(fmt.Sprintf("upstream %s: %s", s.host, msg), s.key)}
}

// Close releases the upstream connection; safe to call twice, and from another goroutine than the
// one in Recv (which then returns an error).
func (s *streamBase) Close() error {
	var err error
	s.closeOnce.Do(func() {
		if s.timer != nil {
			s.timer.Stop()
		}
		s.cancel(nil)
		err = s.body.Close()
	})
	return err
}

// Final is the assembled answer; valid after Recv returned io.EOF or an error.
func (s *streamBase) Final() *Response {
	if s.final == nil {
		s.final = s.acc.response(s.call, s.header)
	}
	return s.final
}

// oaStream passes an OpenAI SSE stream through chunk by chunk, reading what it needs for the log.
type oaStream struct {
	streamBase
	sse   *sseReader
	chunk oaChunk // the last decoded chunk; its Choices array is reused
}

// decode reads a chunk with scanChunk, or json.Unmarshal when the chunk is
// not of the common shape; ok is false when json.Unmarshal fails on it.
// The chunk is valid until the next call.
func (s *oaStream) decode(data []byte) (ch *oaChunk, ok bool) {
	ch = &s.chunk
	*ch = oaChunk{Choices: ch.Choices[:0]}
	if scanChunk(data, ch, s.acc.id, s.acc.model) {
		return ch, true
	}
	*ch = oaChunk{}
	return ch, json.Unmarshal(data, ch) == nil
}

var doneMarker = []byte("[DONE]")

// oaChunk is what the accumulator reads of a stream chunk. scanChunk
// fills it as json.Unmarshal does (chunkscan.go).
type oaChunk struct {
	ID      string          `json:"id"`
	Created int64           `json:"created"`
	Model   string          `json:"model"`
	Choices []oaChoice      `json:"choices"`
	Usage   *oaUsage        `json:"usage"`
	Error   json.RawMessage `json:"error"`
}

type oaChoice struct {
	Index        int     `json:"index"`
	Delta        oaDelta `json:"delta"`
	Text         string  `json:"text"`
	FinishReason *string `json:"finish_reason"`
}

type oaDelta struct {
	Role      string     `json:"role"`
	Content   string     `json:"content"`
	ToolCalls []toolCall `json:"tool_calls"`
}

type toolCall struct {
	Index    int    `json:"index"`
	ID       string `json:"id,omitempty"`
	Type     string `json:"type,omitempty"`
	Function struct {
		Name      string `json:"name,omitempty"`
		Arguments string `json:"arguments"`
	} `json:"function"`
}

// Recv returns the next chunk; it is valid until the next call.
func (s *oaStream) Recv() ([]byte, error) {
	b, err := s.recv()
	if err != nil {
		s.sse.release() // the stream is over: nothing Next returned is used any more
	}
	return b, err
}

func (s *oaStream) recv() ([]byte, error) {
	if s.err != nil {
		return nil, s.err
	}
	for {
		_, data, err := s.sse.Next()
		if err != nil {
			if err == io.EOF && s.acc.finished() && s.parent.Err() == nil && context.Cause(s.reqCtx) == nil {
				// Some compatible servers end without [DONE]; a finish_reason says the answer is whole.
				s.err = io.EOF
			} else {
				s.err = s.readError(err)
			}
			return nil, s.err
		}
		if bytes.Equal(data, doneMarker) {
			s.err = io.EOF
			return nil, io.EOF
		}
		ch, ok := s.decode(data)
		if !ok {
			s.yielded = true
			return data, nil // not ours to judge: pass it on as it came
		}
		if e := bytes.TrimSpace(ch.Error); len(e) > 0 && !bytes.Equal(e, []byte("null")) {
			st := 500
			var o struct {
				Code json.RawMessage `json:"code"`
			}
			if json.Unmarshal(e, &o) == nil {
				if n, err := fmt.Sscanf(scalarString(o.Code), "%d", &st); n != 1 || err != nil || st < 400 || st > 599 {
					st = 500
				}
			}
			ee := openAIError(s.provider, st, data, nil, s.key)
			ee.Retryable = ee.Retryable && !s.yielded
			s.err = ee
			return nil, s.err
		}
		s.acc.addOpenAI(ch)
		if len(ch.Choices) == 0 && ch.Usage != nil && !s.call.ClientWantsUsage {
			continue // the usage-only chunk the gateway asked for on its own account
		}
		s.yielded = true
		return data, nil
	}
}
