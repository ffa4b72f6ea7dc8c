package provider

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"
)

// DefaultMockResponse is what the mock provider answers when no mock_response is set.
const DefaultMockResponse = "This is a mock response from Warden."

// DefaultMockDimensions is the size of mock embedding vectors when the request names no dimensions
// (text-embedding-3-small's size, so clients that check the length are satisfied).
const DefaultMockDimensions = 1536

// mock answers without any network, for the built-in model, tests and LiteLLM's mock_response.
type mock struct{}

// mockError is a mock_response value that makes LiteLLM raise an exception instead of answering.
type mockError struct {
	status    int
	class     string
	typ, code string
	msg       string
}

// mockErrors are LiteLLM's special mock_response values (LiteLLM itself raises RateLimitError,
// InternalServerError and ContextWindowExceededError for them; Warden adds the other common classes
// in the same spirit so every error path of a client can be exercised).
var mockErrors = map[string]mockError{
	"litellm.RateLimitError":              {429, "RateLimitError", "rate_limit_error", "", "this is a mock rate limit error"},
	"litellm.InternalServerError":         {500, "InternalServerError", "api_error", "", "this is a mock internal server error"},
	"litellm.ServiceUnavailableError":     {503, "ServiceUnavailableError", "api_error", "", "this is a mock service unavailable error"},
	"litellm.Timeout":                     {408, "Timeout", "timeout", "", "this is a mock timeout error"},
	"litellm.APIConnectionError":          {502, "APIConnectionError", "api_connection_error", "", "this is a mock api connection error"},
	"litellm.APIError":                    {500, "APIError", "api_error", "", "this is a mock api error"},
	"litellm.BadRequestError":             {400, "BadRequestError", "invalid_request_error", "", "this is a mock bad request error"},
	"litellm.AuthenticationError":         {401, "AuthenticationError", "authentication_error", "invalid_api_key", "this is a mock authentication error"},
	"litellm.PermissionDeniedError":       {403, "PermissionDeniedError", "permission_error", "", "this is a mock permission denied error"},
	"litellm.NotFoundError":               {404, "NotFoundError", "not_found_error", "model_not_found", "this is a mock not found error"},
	"litellm.ContextWindowExceededError":  {400, "ContextWindowExceededError", "invalid_request_error", "context_length_exceeded", "this is a mock context window exceeded error"},
	"litellm.ContentPolicyViolationError": {400, "ContentPolicyViolationError", "invalid_request_error", "content_policy_violation", "this is a mock content policy violation error"},
}

// mockStreamError is LiteLLM's value for a stream that fails after it started.
const mockStreamError = "Exception: mock_streaming_error"

// MockErrorValues lists the mock_response values that raise errors (for docs and tests).
func MockErrorValues() []string {
	out := make([]string, 0, len(mockErrors)+2)
	for k := range mockErrors {
		out = append(out, k)
	}
	return append(out, "Exception: content_filter_policy", mockStreamError)
}

func mockErr(d *Deployment) *Error {
	v := d.MockResponse
	if me, ok := mockErrors[v]; ok {
		return &Error{Status: me.status, Type: me.typ, Code: me.code, Message: me.msg, Class: me.class,
			Provider: "mock", Retryable: retryableStatus(me.status)}
	}
	if strings.HasPrefix(v, "Exception: content_filter_policy") {
		return &Error{Status: 400, Type: "invalid_request_error", Code: "content_filter", Message: v,
			Class: "ContentPolicyViolationError", Provider: "mock"}
	}
	return nil
}

func mockAnswer(d *Deployment) string {
	if d.MockResponse == "" || d.MockResponse == mockStreamError {
		return DefaultMockResponse
	}
	return d.MockResponse
}

func mockModel(d *Deployment, body []byte) string {
	if d.Model != "" {
		return d.Model
	}
	var m struct {
		Model string `json:"model"`
	}
	_ = json.Unmarshal(body, &m)
	return m.Model
}

func mockID(prefix string) string {
	u := uuid.New()
	return prefix + strings.ReplaceAll(u.String(), "-", "")
}

func (mock) Do(ctx context.Context, d *Deployment, c *Call) (*Response, error) {
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("mock: call canceled by the client: %w", err)
	}
	if e := mockErr(d); e != nil {
		return nil, e
	}
	if d.MockResponse == mockStreamError {
		return nil, &Error{Status: 529, Type: "api_error", Class: "ServiceUnavailableError", Provider: "mock",
			Retryable: true, Message: "this is a mock error raised mid-stream"}
	}
	model := mockModel(d, c.Body)
	if c.Kind == Embedding {
		return mockEmbeddings(c, model)
	}
	text := mockAnswer(d)
	pt := estimatePrompt(c.Kind, c.Body)
	ct := EstimateTokens(text)
	u := Usage{PromptTokens: pt, CompletionTokens: ct, TotalTokens: pt + ct, Estimated: true}
	fb := finalBody{Created: time.Now().Unix(), Model: model,
		Usage: oaUsage{PromptTokens: pt, CompletionTokens: ct, TotalTokens: pt + ct}}
	stop := "stop"
	if c.Kind == Completion {
		fb.ID, fb.Object = mockID("cmpl-"), "text_completion"
		fb.Choices = []finalChoice{{Text: &text, FinishReason: &stop}}
	} else {
		fb.ID, fb.Object = mockID("chatcmpl-"), "chat.completion"
		fb.Choices = []finalChoice{{Message: &finalMessage{Role: "assistant", Content: &text}, FinishReason: &stop}}
	}
	b, err := json.Marshal(&fb)
	if err != nil {
		return nil, fmt.Errorf("mock: encoding answer: %w", err)
	}
	return &Response{Body: b, Usage: u, Text: text}, nil
}

// mockEmbeddings returns deterministic unit vectors derived from a hash of each input, so the same
// text always embeds the same and different texts differ.
func mockEmbeddings(c *Call, model string) (*Response, error) {
	var req struct {
		Input      json.RawMessage `json:"input"`
		Dimensions int             `json:"dimensions"`
	}
	if err := json.Unmarshal(c.Body, &req); err != nil {
		return nil, &Error{Status: 400, Type: "invalid_request_error", Class: "BadRequestError", Provider: "mock",
			Message: "request body is not valid JSON: " + err.Error()}
	}
	inputs, err := embeddingInputs(req.Input)
	if err != nil {
		return nil, &Error{Status: 400, Type: "invalid_request_error", Class: "BadRequestError", Provider: "mock",
			Param: "input", Message: err.Error()}
	}
	dims := req.Dimensions
	if dims <= 0 || dims > 8192 {
		dims = DefaultMockDimensions
	}
	pt := textTokens(req.Input)
	b := make([]byte, 0, 64+len(inputs)*(dims*12+48))
	b = append(b, `{"object":"list","data":[`...)
	vec := make([]float64, dims)
	for i, in := range inputs {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, `{"object":"embedding","index":`...)
		b = strconv.AppendInt(b, int64(i), 10)
		b = append(b, `,"embedding":[`...)
		mockVector(in, vec)
		for j, f := range vec {
			if j > 0 {
				b = append(b, ',')
			}
			b = strconv.AppendFloat(b, f, 'g', 8, 64)
		}
		b = append(b, "]}"...)
	}
	b = append(b, `],"model":`...)
	mb, _ := json.Marshal(model)
	b = append(b, mb...)
	b = append(b, `,"usage":{"prompt_tokens":`...)
	b = strconv.AppendInt(b, pt, 10)
	b = append(b, `,"total_tokens":`...)
	b = strconv.AppendInt(b, pt, 10)
	b = append(b, "}}"...)
	return &Response{Body: b, Usage: Usage{PromptTokens: pt, TotalTokens: pt, Estimated: true}}, nil
}

// embeddingInputs accepts OpenAI's input forms: a string, an array of strings, an array of token ids,
// or an array of arrays of token ids; each becomes one vector.
func embeddingInputs(raw json.RawMessage) ([]string, error) {
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return []string{s}, nil
	}
	var items []json.RawMessage
	if json.Unmarshal(raw, &items) != nil || len(items) == 0 {
		return nil, fmt.Errorf("input must be a string, an array of strings or an array of token ids")
	}
	var ints []int64
	if json.Unmarshal(raw, &ints) == nil {
		return []string{string(raw)}, nil // one tokenized input
	}
	out := make([]string, len(items))
	for i, it := range items {
		if json.Unmarshal(it, &out[i]) != nil {
			if json.Unmarshal(it, &ints) != nil {
				return nil, fmt.Errorf("input[%d] must be a string or an array of token ids", i)
			}
			out[i] = string(it)
		}
	}
	return out, nil
}

func mockVector(in string, vec []float64) {
	seed := sha256.Sum256([]byte(in))
	x := binary.LittleEndian.Uint64(seed[:8])
	var norm float64
	for i := range vec {
		// splitmix64: a cheap, well-mixed deterministic sequence
		x += 0x9e3779b97f4a7c15
		z := x
		z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
		z = (z ^ (z >> 27)) * 0x94d049bb133111eb
		z ^= z >> 31
		f := float64(z>>11)/float64(1<<53)*2 - 1
		vec[i] = f
		norm += f * f
	}
	norm = math.Sqrt(norm)
	if norm == 0 {
		return
	}
	for i := range vec {
		vec[i] /= norm
	}
}

func (m mock) DoStream(ctx context.Context, d *Deployment, c *Call) (Stream, error) {
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("mock: call canceled by the client: %w", err)
	}
	if e := mockErr(d); e != nil {
		return nil, e
	}
	if c.Kind == Embedding {
		return nil, &Error{Status: 400, Type: "invalid_request_error", Class: "BadRequestError", Provider: "mock",
			Param: "stream", Message: "embeddings cannot be streamed"}
	}
	text := mockAnswer(d)
	s := &mockStream{ctx: ctx, call: c, failMid: d.MockResponse == mockStreamError}
	s.acc.model = mockModel(d, c.Body)
	s.acc.created = time.Now().Unix()
	if c.Kind == Completion {
		s.acc.id, s.acc.object = mockID("cmpl-"), "text_completion"
	} else {
		s.acc.id, s.acc.object = mockID("chatcmpl-"), "chat.completion"
	}
	// Word chunks, each keeping its leading space, so joining them gives the text back exactly.
	for start := 0; start < len(text); {
		end := start
		for end < len(text) && text[end] == ' ' {
			end++
		}
		for end < len(text) && text[end] != ' ' {
			end++
		}
		s.words = append(s.words, text[start:end])
		start = end
	}
	return s, nil
}

type mockStream struct {
	ctx     context.Context
	call    *Call
	acc     accumulator
	words   []string
	step    int // 0 = role chunk, 1..len(words) = words, then finish, then usage
	failMid bool
	err     error
	final   *Response
}

type mockChunk struct {
	ID      string            `json:"id"`
	Object  string            `json:"object"`
	Created int64             `json:"created"`
	Model   string            `json:"model"`
	Choices []mockChunkChoice `json:"choices"`
	Usage   *oaUsage          `json:"usage,omitempty"`
}

type mockChunkChoice struct {
	Index        int        `json:"index"`
	Delta        *mockDelta `json:"delta,omitempty"`
	Text         *string    `json:"text,omitempty"`
	FinishReason *string    `json:"finish_reason"`
}

type mockDelta struct {
	Role    string `json:"role,omitempty"`
	Content string `json:"content"`
}

func (s *mockStream) Recv() ([]byte, error) {
	if s.err != nil {
		return nil, s.err
	}
	if err := s.ctx.Err(); err != nil {
		s.err = fmt.Errorf("mock: stream canceled by the client: %w", err)
		return nil, s.err
	}
	ch := mockChunk{ID: s.acc.id, Created: s.acc.created, Model: s.acc.model, Object: "chat.completion.chunk"}
	text := s.acc.object == "text_completion"
	if text {
		ch.Object = "text_completion"
	}
	n := len(s.words)
	ac := s.acc.choice(0)
	switch {
	case s.step == 0 && !text:
		ac.role = "assistant"
		ch.Choices = []mockChunkChoice{{Delta: &mockDelta{Role: "assistant"}}}
	case s.step == 0 && text:
		s.step++
		return s.Recv()
	case s.step <= n:
		if s.failMid && s.step > 1 {
			s.err = &Error{Status: 529, Type: "api_error", Class: "ServiceUnavailableError", Provider: "mock",
				Message: "this is a mock error raised mid-stream"}
			return nil, s.err
		}
		w := s.words[s.step-1]
		ac.text.WriteString(w)
		if text {
			ch.Choices = []mockChunkChoice{{Text: &w}}
		} else {
			ch.Choices = []mockChunkChoice{{Delta: &mockDelta{Content: w}}}
		}
	case s.step == n+1:
		stop := "stop"
		ac.finish = stop
		if text {
			empty := ""
			ch.Choices = []mockChunkChoice{{Text: &empty, FinishReason: &stop}}
		} else {
			ch.Choices = []mockChunkChoice{{Delta: &mockDelta{}, FinishReason: &stop}}
		}
	case s.step == n+2 && s.call.ClientWantsUsage:
		f := s.Final()
		ch.Choices = []mockChunkChoice{}
		ch.Usage = &oaUsage{PromptTokens: f.Usage.PromptTokens, CompletionTokens: f.Usage.CompletionTokens, TotalTokens: f.Usage.TotalTokens}
	default:
		s.err = io.EOF
		return nil, io.EOF
	}
	s.step++
	return json.Marshal(&ch)
}

func (s *mockStream) Final() *Response {
	if s.final == nil {
		s.final = s.acc.response(s.call, nil)
	}
	return s.final
}

func (s *mockStream) Close() error { return nil }

// OnWait is Waiter's: a mock stream never waits, so it never calls f.
func (s *mockStream) OnWait(f func()) {}
