package provider

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"
)

const (
	defaultAnthropicBase = "https://api.anthropic.com"
	anthropicVersion     = "2023-06-01"
	// DefaultAnthropicMaxTokens is sent when the request sets no max_tokens (Anthropic requires one).
	DefaultAnthropicMaxTokens = 4096
)

// anthropic speaks the Messages API, translating OpenAI chat requests and answers both ways.
type anthropic struct{ hc *http.Client }

// ---- request translation (OpenAI chat -> Anthropic Messages) ----

type oaRequest struct {
	Model               string          `json:"model"`
	Messages            []oaMessage     `json:"messages"`
	MaxTokens           *int            `json:"max_tokens"`
	MaxCompletionTokens *int            `json:"max_completion_tokens"`
	Temperature         *float64        `json:"temperature"`
	TopP                *float64        `json:"top_p"`
	TopK                *int            `json:"top_k"`
	Stop                json.RawMessage `json:"stop"`
	Stream              bool            `json:"stream"`
	Tools               []struct {
		Type     string `json:"type"`
		Function struct {
			Name        string          `json:"name"`
			Description string          `json:"description"`
			Parameters  json.RawMessage `json:"parameters"`
		} `json:"function"`
	} `json:"tools"`
	ToolChoice        json.RawMessage `json:"tool_choice"`
	ParallelToolCalls *bool           `json:"parallel_tool_calls"`
	User              string          `json:"user"`
}

type oaMessage struct {
	Role       string          `json:"role"`
	Content    json.RawMessage `json:"content"`
	ToolCalls  []toolCall      `json:"tool_calls"`
	ToolCallID string          `json:"tool_call_id"`
}

type anMessage struct {
	Role    string    `json:"role"`
	Content []anBlock `json:"content"`
}

type anBlock struct {
	Type      string          `json:"type"`
	Text      string          `json:"text,omitempty"`
	ID        string          `json:"id,omitempty"`
	Name      string          `json:"name,omitempty"`
	Input     json.RawMessage `json:"input,omitempty"`
	ToolUseID string          `json:"tool_use_id,omitempty"`
	Content   json.RawMessage `json:"content,omitempty"`
	Source    *anImageSource  `json:"source,omitempty"`
}

type anImageSource struct {
	Type      string `json:"type"`
	MediaType string `json:"media_type,omitempty"`
	Data      string `json:"data,omitempty"`
	URL       string `json:"url,omitempty"`
}

type anTool struct {
	Name        string          `json:"name"`
	Description string          `json:"description,omitempty"`
	InputSchema json.RawMessage `json:"input_schema"`
}

type anRequest struct {
	Model         string          `json:"model"`
	Messages      []anMessage     `json:"messages"`
	System        string          `json:"system,omitempty"`
	MaxTokens     int             `json:"max_tokens"`
	Temperature   *float64        `json:"temperature,omitempty"`
	TopP          *float64        `json:"top_p,omitempty"`
	TopK          *int            `json:"top_k,omitempty"`
	StopSequences []string        `json:"stop_sequences,omitempty"`
	Stream        bool            `json:"stream,omitempty"`
	Tools         []anTool        `json:"tools,omitempty"`
	ToolChoice    json.RawMessage `json:"tool_choice,omitempty"`
	Metadata      *anMetadata     `json:"metadata,omitempty"`
}

type anMetadata struct {
	UserID string `json:"user_id"`
}

func badRequest(format string, a ...any) *Error {
	return &Error{Status: 400, Type: "invalid_request_error", Class: "BadRequestError", Provider: "anthropic",
		Message: fmt.Sprintf(format, a...)}
}

// toAnthropic translates an OpenAI chat request body to an Anthropic Messages request body.
func toAnthropic(body []byte, model string, stream bool) ([]byte, error) {
	var in oaRequest
	if err := json.Unmarshal(body, &in); err != nil {
		return nil, badRequest("request body is not valid JSON: %v", err)
	}
	out := anRequest{Model: model, Temperature: in.Temperature, TopP: in.TopP, TopK: in.TopK, Stream: stream}
	if out.Model == "" {
		out.Model = in.Model
	}
	switch {
	case in.MaxTokens != nil && *in.MaxTokens > 0:
		out.MaxTokens = *in.MaxTokens
	case in.MaxCompletionTokens != nil && *in.MaxCompletionTokens > 0:
		out.MaxTokens = *in.MaxCompletionTokens
	default:
		out.MaxTokens = DefaultAnthropicMaxTokens
	}
	if stop := bytes.TrimSpace(in.Stop); len(stop) > 0 && !bytes.Equal(stop, []byte("null")) {
		var one string
		if json.Unmarshal(stop, &one) == nil {
			out.StopSequences = []string{one}
		} else if json.Unmarshal(stop, &out.StopSequences) != nil {
			return nil, badRequest("stop must be a string or an array of strings")
		}
	}
	if in.User != "" {
		out.Metadata = &anMetadata{UserID: in.User}
	}
	var system []string
	for i, m := range in.Messages {
		switch m.Role {
		case "system", "developer":
			system = append(system, contentString(m.Content))
			continue
		case "user", "assistant", "tool", "function":
		default:
			return nil, badRequest("messages[%d].role %q is not one of system, developer, user, assistant, tool", i, m.Role)
		}
		role := m.Role
		var blocks []anBlock
		if role == "tool" || role == "function" {
			role = "user"
			blocks = []anBlock{{Type: "tool_result", ToolUseID: m.ToolCallID, Content: toolResultContent(m.Content)}}
		} else {
			var err error
			if blocks, err = contentBlocks(m.Content); err != nil {
				return nil, badRequest("messages[%d].content: %v", i, err)
			}
			for _, tc := range m.ToolCalls {
				args := json.RawMessage(tc.Function.Arguments)
				if len(bytes.TrimSpace(args)) == 0 {
					args = json.RawMessage("{}")
				} else if !json.Valid(args) {
					return nil, badRequest("messages[%d].tool_calls: arguments of %q are not valid JSON", i, tc.Function.Name)
				}
				blocks = append(blocks, anBlock{Type: "tool_use", ID: tc.ID, Name: tc.Function.Name, Input: args})
			}
		}
		if len(blocks) == 0 {
			continue
		}
		// Anthropic wants user and assistant turns to alternate: merge consecutive turns of one role
		// (several tool results in a row become one user turn, as Anthropic expects).
		if n := len(out.Messages); n > 0 && out.Messages[n-1].Role == role {
			out.Messages[n-1].Content = append(out.Messages[n-1].Content, blocks...)
		} else {
			out.Messages = append(out.Messages, anMessage{Role: role, Content: blocks})
		}
	}
	out.System = strings.Join(system, "\n\n")
	for _, t := range in.Tools {
		schema := t.Function.Parameters
		if len(bytes.TrimSpace(schema)) == 0 || bytes.Equal(bytes.TrimSpace(schema), []byte("null")) {
			schema = json.RawMessage(`{"type":"object","properties":{}}`)
		}
		out.Tools = append(out.Tools, anTool{Name: t.Function.Name, Description: t.Function.Description, InputSchema: schema})
	}
	if tc := bytes.TrimSpace(in.ToolChoice); len(tc) > 0 && !bytes.Equal(tc, []byte("null")) {
		var choice map[string]any
		var s string
		switch {
		case json.Unmarshal(tc, &s) == nil:
			switch s {
			case "auto":
				choice = map[string]any{"type": "auto"}
			case "required":
				choice = map[string]any{"type": "any"}
			case "none":
				if len(out.Tools) > 0 {
					choice = map[string]any{"type": "none"}
				}
			default:
				return nil, badRequest("tool_choice %q is not one of auto, required, none", s)
			}
		default:
			var o struct {
				Function struct {
					Name string `json:"name"`
				} `json:"function"`
			}
			if json.Unmarshal(tc, &o) != nil || o.Function.Name == "" {
				return nil, badRequest(`tool_choice must be "auto", "required", "none" or {"type":"function","function":{"name":...}}`)
			}
			choice = map[string]any{"type": "tool", "name": o.Function.Name}
		}
		if choice != nil && in.ParallelToolCalls != nil && !*in.ParallelToolCalls && choice["type"] != "none" {
			choice["disable_parallel_tool_use"] = true
		}
		if choice != nil {
			out.ToolChoice, _ = json.Marshal(choice)
		}
	}
	return json.Marshal(&out)
}

// contentBlocks converts OpenAI message content (string or parts) to Anthropic content blocks.
func contentBlocks(raw json.RawMessage) ([]anBlock, error) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || bytes.Equal(raw, []byte("null")) {
		return nil, nil
	}
	if raw[0] == '"' {
		var s string
		if err := json.Unmarshal(raw, &s); err != nil {
			return nil, err
		}
		if s == "" {
			return nil, nil
		}
		return []anBlock{{Type: "text", Text: s}}, nil
	}
	var parts []struct {
		Type     string `json:"type"`
		Text     string `json:"text"`
		ImageURL struct {
			URL string `json:"url"`
		} `json:"image_url"`
	}
	if err := json.Unmarshal(raw, &parts); err != nil {
		return nil, fmt.Errorf("must be a string or an array of content parts")
	}
	var out []anBlock
	for i, p := range parts {
		switch p.Type {
		case "text":
			out = append(out, anBlock{Type: "text", Text: p.Text})
		case "image_url":
			src, err := imageSource(p.ImageURL.URL)
			if err != nil {
				return nil, fmt.Errorf("part %d: %v", i, err)
			}
			out = append(out, anBlock{Type: "image", Source: src})
		default:
			return nil, fmt.Errorf("part %d has type %q; Anthropic accepts text and image_url parts here", i, p.Type)
		}
	}
	return out, nil
}

// imageSource turns an OpenAI image URL (a data: URL or an http(s) URL) into an Anthropic image source.
func imageSource(u string) (*anImageSource, error) {
	if rest, ok := strings.CutPrefix(u, "data:"); ok {
		meta, data, ok := strings.Cut(rest, ",")
		mt, isB64 := strings.CutSuffix(meta, ";base64")
		if !ok || !isB64 {
			return nil, fmt.Errorf("image data URL must be data:<media type>;base64,<data>")
		}
		return &anImageSource{Type: "base64", MediaType: mt, Data: data}, nil
	}
	if strings.HasPrefix(u, "https://") || strings.HasPrefix(u, "http://") {
		return &anImageSource{Type: "url", URL: u}, nil
	}
	return nil, fmt.Errorf("image_url.url must be a data: URL or an http(s) URL")
}

// toolResultContent keeps a tool message's content as Anthropic accepts it: a string, or text blocks.
func toolResultContent(raw json.RawMessage) json.RawMessage {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || bytes.Equal(raw, []byte("null")) {
		return json.RawMessage(`""`)
	}
	if raw[0] == '"' {
		return raw
	}
	b, _ := json.Marshal(contentString(raw))
	return b
}

// ---- response translation (Anthropic -> OpenAI chat.completion) ----

type anUsage struct {
	InputTokens              int64 `json:"input_tokens"`
	OutputTokens             int64 `json:"output_tokens"`
	CacheCreationInputTokens int64 `json:"cache_creation_input_tokens"`
	CacheReadInputTokens     int64 `json:"cache_read_input_tokens"`
}

// prompt counts every input token, cached or not, as LiteLLM reports prompt_tokens for Anthropic.
func (u *anUsage) prompt() int64 {
	return u.InputTokens + u.CacheCreationInputTokens + u.CacheReadInputTokens
}

type anResponse struct {
	ID      string `json:"id"`
	Type    string `json:"type"`
	Role    string `json:"role"`
	Model   string `json:"model"`
	Content []struct {
		Type  string          `json:"type"`
		Text  string          `json:"text"`
		ID    string          `json:"id"`
		Name  string          `json:"name"`
		Input json.RawMessage `json:"input"`
	} `json:"content"`
	StopReason string  `json:"stop_reason"`
	Usage      anUsage `json:"usage"`
}

// finishReason maps Anthropic's stop_reason to OpenAI's finish_reason.
func finishReason(s string) string {
	switch s {
	case "end_turn", "stop_sequence", "pause_turn", "":
		return "stop"
	case "max_tokens", "model_context_window_exceeded":
		return "length"
	case "tool_use":
		return "tool_calls"
	case "refusal":
		return "content_filter"
	}
	return s
}

type oaCompletion struct {
	ID      string         `json:"id"`
	Object  string         `json:"object"`
	Created int64          `json:"created"`
	Model   string         `json:"model"`
	Choices []finalChoice  `json:"choices"`
	Usage   oaUsageDetails `json:"usage"`
}

type oaUsageDetails struct {
	PromptTokens        int64               `json:"prompt_tokens"`
	CompletionTokens    int64               `json:"completion_tokens"`
	TotalTokens         int64               `json:"total_tokens"`
	PromptTokensDetails *promptTokenDetails `json:"prompt_tokens_details,omitempty"`
}

type promptTokenDetails struct {
	CachedTokens int64 `json:"cached_tokens"`
}

func usageDetails(u *anUsage) oaUsageDetails {
	p := u.prompt()
	d := oaUsageDetails{PromptTokens: p, CompletionTokens: u.OutputTokens, TotalTokens: p + u.OutputTokens}
	if u.CacheReadInputTokens > 0 {
		d.PromptTokensDetails = &promptTokenDetails{CachedTokens: u.CacheReadInputTokens}
	}
	return d
}

// fromAnthropic translates an Anthropic Messages answer to an OpenAI chat.completion.
func fromAnthropic(body []byte, created int64) (*Response, error) {
	var in anResponse
	if err := json.Unmarshal(body, &in); err != nil {
		return nil, err
	}
	if in.Type != "message" && in.ID == "" {
		return nil, fmt.Errorf("not a Messages API answer")
	}
	var text strings.Builder
	msg := &finalMessage{Role: "assistant"}
	for _, b := range in.Content {
		switch b.Type {
		case "text":
			text.WriteString(b.Text)
		case "tool_use":
			args := string(b.Input)
			if args == "" {
				args = "{}"
			}
			msg.ToolCalls = append(msg.ToolCalls, finalToolCall{ID: b.ID, Type: "function",
				Function: finalFunction{Name: b.Name, Arguments: args}})
		}
	}
	t := text.String()
	if t != "" || len(msg.ToolCalls) == 0 {
		msg.Content = &t
	}
	fr := finishReason(in.StopReason)
	out := oaCompletion{ID: in.ID, Object: "chat.completion", Created: created, Model: in.Model,
		Choices: []finalChoice{{Index: 0, Message: msg, FinishReason: &fr}}, Usage: usageDetails(&in.Usage)}
	b, err := json.Marshal(&out)
	if err != nil {
		return nil, err
	}
	return &Response{Body: b, Text: t, Usage: Usage{PromptTokens: out.Usage.PromptTokens,
		CompletionTokens: out.Usage.CompletionTokens, TotalTokens: out.Usage.TotalTokens}}, nil
}

// anthropicError maps an Anthropic error answer ({"type":"error","error":{"type","message"}}).
func anthropicError(status int, body []byte, h http.Header, key string) *Error {
	var eb struct {
		Error struct {
			Type    string `json:"type"`
			Message string `json:"message"`
		} `json:"error"`
	}
	msg, atype := "", ""
	if json.Unmarshal(body, &eb) == nil {
		msg, atype = eb.Error.Message, eb.Error.Type
	}
	if msg == "" {
		msg = strings.TrimSpace(string(body))
		if len(msg) > 2000 {
			msg = msg[:2000] + "..."
		}
	}
	if status == 0 { // an error event inside a stream carries no HTTP status
		status = anthropicStatus(atype)
	}
	e := newStatusError("anthropic", status, openAIType(atype), "", "", scrub(msg, key), h)
	if atype == "overloaded_error" {
		e.Class, e.Retryable = "ServiceUnavailableError", true
	}
	return e
}

func anthropicStatus(t string) int {
	switch t {
	case "invalid_request_error":
		return 400
	case "authentication_error":
		return 401
	case "permission_error":
		return 403
	case "not_found_error":
		return 404
	case "request_too_large":
		return 413
	case "rate_limit_error":
		return 429
	case "overloaded_error":
		return 529
	case "timeout_error":
		return 504
	}
	return 500
}

// openAIType maps Anthropic's error type to the nearest OpenAI error.type.
func openAIType(t string) string {
	switch t {
	case "invalid_request_error", "request_too_large":
		return "invalid_request_error"
	case "authentication_error":
		return "authentication_error"
	case "permission_error":
		return "permission_error"
	case "not_found_error":
		return "not_found_error"
	case "rate_limit_error":
		return "rate_limit_error"
	case "", "api_error", "overloaded_error":
		return "api_error"
	case "timeout_error":
		return "timeout"
	}
	return t
}

// ---- calls ----

func anthropicURL(d *Deployment) string {
	base := strings.TrimRight(d.APIBase, "/")
	if base == "" {
		base = defaultAnthropicBase
	}
	if strings.HasSuffix(base, "/v1") {
		return base + "/messages"
	}
	return base + "/v1/messages"
}

func anthropicBase(d *Deployment) string {
	if d.APIBase != "" {
		return d.APIBase
	}
	return defaultAnthropicBase
}

func (p *anthropic) newRequest(ctx context.Context, d *Deployment, c *Call) (*http.Request, error) {
	if c.Kind != Chat {
		return nil, badRequest("Anthropic models serve /chat/completions only, not %s", pathFor(c.Kind))
	}
	body, err := toAnthropic(c.Body, d.Model, c.Stream)
	if err != nil {
		return nil, err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, anthropicURL(d), bytes.NewReader(body))
	if err != nil {
		return nil, badRequest("api_base of this deployment is not a valid URL: %v", rootCause(err))
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "warden")
	req.Header.Set("anthropic-version", anthropicVersion)
	if c.Stream {
		req.Header.Set("Accept", "text/event-stream")
	}
	for k, v := range d.ExtraHeaders {
		req.Header.Set(k, v)
	}
	if d.APIKey != "" {
		req.Header.Set("x-api-key", d.APIKey)
	}
	return req, nil
}

func (p *anthropic) Do(ctx context.Context, d *Deployment, c *Call) (*Response, error) {
	reqCtx, cancel := withTimeout(ctx, d.Timeout)
	defer cancel()
	req, err := p.newRequest(reqCtx, d, c)
	if err != nil {
		return nil, err
	}
	resp, err := p.hc.Do(req)
	if err != nil {
		return nil, transportError(ctx, reqCtx, "anthropic", hostOf(anthropicBase(d)), d.APIKey, err)
	}
	defer resp.Body.Close()
	body, err := readBody(resp.Body, resp.ContentLength)
	if err != nil {
		return nil, transportError(ctx, reqCtx, "anthropic", hostOf(anthropicBase(d)), d.APIKey, err)
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return nil, anthropicError(resp.StatusCode, body, resp.Header, d.APIKey)
	}
	r, err := fromAnthropic(body, time.Now().Unix())
	if err != nil {
		return nil, &Error{Status: 502, Type: "api_error", Class: "APIError", Provider: "anthropic",
			Message: fmt.Sprintf("upstream %s answered with a body that is not a Messages API answer: %v", hostOf(anthropicBase(d)), err)}
	}
	r.Header = keepHeaders(resp.Header)
	if r.Usage.TotalTokens == 0 { // an Anthropic-compatible server that reports no usage
		pt, ct := estimatePrompt(Chat, c.Body), EstimateTokens(r.Text)
		r.Usage = Usage{PromptTokens: pt, CompletionTokens: ct, TotalTokens: pt + ct, Estimated: true}
	}
	return r, nil
}

func (p *anthropic) DoStream(ctx context.Context, d *Deployment, c *Call) (Stream, error) {
	s := &anStream{}
	err := s.open(ctx, p.hc, d, c, "anthropic", hostOf(anthropicBase(d)), p.newRequest,
		func(status int, body []byte, h http.Header) error { return anthropicError(status, body, h, d.APIKey) })
	if err != nil {
		return nil, err
	}
	s.sse = newSSEReader(&s.streamBase)
	s.acc.object = "chat.completion"
	s.acc.created = time.Now().Unix()
	return s, nil
}

// anStream translates Anthropic stream events into OpenAI chat.completion.chunk JSONs.
type anStream struct {
	streamBase
	sse      *sseReader
	usage    anUsage
	gotUsage bool
	// tool_use content blocks by Anthropic block index -> OpenAI tool_calls index
	toolIdx map[int]int
	stopped bool // message_stop seen
}

type anEvent struct {
	Type    string `json:"type"`
	Index   int    `json:"index"`
	Message struct {
		ID    string   `json:"id"`
		Model string   `json:"model"`
		Usage *anUsage `json:"usage"`
	} `json:"message"`
	ContentBlock struct {
		Type string `json:"type"`
		ID   string `json:"id"`
		Name string `json:"name"`
	} `json:"content_block"`
	Delta struct {
		Type        string `json:"type"`
		Text        string `json:"text"`
		PartialJSON string `json:"partial_json"`
		StopReason  string `json:"stop_reason"`
	} `json:"delta"`
	Usage *anUsage        `json:"usage"`
	Error json.RawMessage `json:"error"`
}

type chunkOut struct {
	ID      string          `json:"id"`
	Object  string          `json:"object"`
	Created int64           `json:"created"`
	Model   string          `json:"model"`
	Choices []chunkChoice   `json:"choices"`
	Usage   *oaUsageDetails `json:"usage,omitempty"`
}

type chunkChoice struct {
	Index        int        `json:"index"`
	Delta        chunkDelta `json:"delta"`
	FinishReason *string    `json:"finish_reason"`
}

type chunkDelta struct {
	Role      string     `json:"role,omitempty"`
	Content   *string    `json:"content,omitempty"`
	ToolCalls []toolCall `json:"tool_calls,omitempty"`
}

func (s *anStream) chunk(d chunkDelta, finish *string) ([]byte, error) {
	s.yielded = true
	return json.Marshal(&chunkOut{ID: s.acc.id, Object: "chat.completion.chunk", Created: s.acc.created,
		Model: s.acc.model, Choices: []chunkChoice{{Delta: d, FinishReason: finish}}})
}

// Recv returns the next chunk; it is valid until the next call.
func (s *anStream) Recv() ([]byte, error) {
	b, err := s.recv()
	if err != nil {
		s.sse.release() // the stream is over: nothing Next returned is used any more
	}
	return b, err
}

func (s *anStream) recv() ([]byte, error) {
	if s.err != nil {
		return nil, s.err
	}
	for {
		if s.stopped {
			s.err = io.EOF
			return nil, io.EOF
		}
		_, data, err := s.sse.Next()
		if err != nil {
			s.err = s.readError(err)
			return nil, s.err
		}
		var ev anEvent
		if err := json.Unmarshal(data, &ev); err != nil {
			continue // not an event we understand; Anthropic may add new ones
		}
		ac := s.acc.choice(0)
		switch ev.Type {
		case "message_start":
			s.acc.id, s.acc.model = ev.Message.ID, ev.Message.Model
			if ev.Message.Usage != nil {
				s.usage = *ev.Message.Usage
				s.gotUsage = true
			}
			ac.role = "assistant"
			empty := ""
			return s.chunk(chunkDelta{Role: "assistant", Content: &empty}, nil)
		case "content_block_start":
			if ev.ContentBlock.Type == "tool_use" {
				if s.toolIdx == nil {
					s.toolIdx = map[int]int{}
				}
				ti := len(s.toolIdx)
				s.toolIdx[ev.Index] = ti
				ac.addTool(ti, ev.ContentBlock.ID, "function", ev.ContentBlock.Name, "")
				tc := toolCall{Index: ti, ID: ev.ContentBlock.ID, Type: "function"}
				tc.Function.Name = ev.ContentBlock.Name
				return s.chunk(chunkDelta{ToolCalls: []toolCall{tc}}, nil)
			}
		case "content_block_delta":
			switch ev.Delta.Type {
			case "text_delta":
				ac.text.WriteString(ev.Delta.Text)
				t := ev.Delta.Text
				return s.chunk(chunkDelta{Content: &t}, nil)
			case "input_json_delta":
				ti, ok := s.toolIdx[ev.Index]
				if !ok {
					continue
				}
				ac.addTool(ti, "", "", "", ev.Delta.PartialJSON)
				tc := toolCall{Index: ti}
				tc.Function.Arguments = ev.Delta.PartialJSON
				return s.chunk(chunkDelta{ToolCalls: []toolCall{tc}}, nil)
			}
		case "message_delta":
			if ev.Usage != nil {
				// message_delta's usage is cumulative; input counts appear here too on newer API versions
				if ev.Usage.OutputTokens > 0 {
					s.usage.OutputTokens = ev.Usage.OutputTokens
				}
				if ev.Usage.InputTokens > 0 {
					s.usage.InputTokens = ev.Usage.InputTokens
				}
				if ev.Usage.CacheReadInputTokens > 0 {
					s.usage.CacheReadInputTokens = ev.Usage.CacheReadInputTokens
				}
				if ev.Usage.CacheCreationInputTokens > 0 {
					s.usage.CacheCreationInputTokens = ev.Usage.CacheCreationInputTokens
				}
				s.gotUsage = true
			}
			if ev.Delta.StopReason != "" {
				fr := finishReason(ev.Delta.StopReason)
				ac.finish = fr
				return s.chunk(chunkDelta{}, &fr)
			}
		case "message_stop":
			s.stopped = true
			if s.gotUsage {
				u := usageDetails(&s.usage)
				s.acc.usage = &Usage{PromptTokens: u.PromptTokens, CompletionTokens: u.CompletionTokens, TotalTokens: u.TotalTokens}
				if s.call.ClientWantsUsage {
					s.yielded = true
					return json.Marshal(&chunkOut{ID: s.acc.id, Object: "chat.completion.chunk", Created: s.acc.created,
						Model: s.acc.model, Choices: []chunkChoice{}, Usage: &u})
				}
			}
		case "error":
			e := anthropicError(0, data, nil, s.key)
			e.Retryable = e.Retryable && !s.yielded
			s.err = e
			return nil, s.err
		}
	}
}
