// Package provider talks to upstream LLM providers (OpenAI and compatible servers, Azure OpenAI,
// Anthropic, and a built-in mock) in OpenAI's wire format: the gateway hands it an OpenAI request body and
// gets back an OpenAI response body (or a stream of OpenAI chunks), the token usage, and errors mapped to
// LiteLLM's exception classes so the request log reads like LiteLLM's.
package provider

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"
)

// Kind is the OpenAI endpoint family of a call.
type Kind string

const (
	Chat       Kind = "chat"       // /chat/completions
	Completion Kind = "completion" // /completions (legacy text)
	Embedding  Kind = "embedding"  // /embeddings
)

// Deployment is one model_list entry's litellm_params, resolved (os.environ/ already read by config).
type Deployment struct {
	Provider     string // "openai", "azure", "anthropic", "mock" (from the "provider/" prefix of model; no prefix = "openai")
	Model        string // upstream model name without the prefix (for azure: the deployment name)
	APIBase      string
	APIKey       string // never logged
	APIVersion   string // azure
	Timeout      time.Duration
	MockResponse string                 // mock provider, and per-request mock_response
	Credential   azcore.TokenCredential // azure without api key: Entra ID token (scope https://cognitiveservices.azure.com/.default)
	ExtraHeaders map[string]string
}

// Call is one upstream call in OpenAI's wire format.
type Call struct {
	Kind Kind
	// Body is the OpenAI-format JSON request body to send; the gateway already replaced "model" with
	// Deployment.Model, removed Warden/LiteLLM-only keys (metadata, mock_response...), and for streams set
	// stream_options.include_usage=true.
	Body   []byte
	Stream bool
	// ClientWantsUsage is false when the gateway added include_usage itself: the provider must then NOT
	// yield the usage-only final chunk to the client (it still counts it).
	ClientWantsUsage bool
}

// Usage is token counts; Estimated when counted by Warden (upstream gave none).
type Usage struct {
	PromptTokens, CompletionTokens, TotalTokens int64
	Estimated                                   bool
}

// Response is a complete non-streamed answer in OpenAI's format.
type Response struct {
	// Body is OpenAI-format JSON (chat.completion, text_completion, or list of embeddings). A chat or
	// completion body is valid JSON (it was parsed, or built); an embeddings body, mostly numbers, is
	// checked only when it carries no usage, so a user of it that needs valid JSON checks it.
	Body   []byte
	Header http.Header // upstream response headers worth keeping (x-request-id, ratelimit headers); may be nil
	Usage  Usage
	Text   string // assistant text (for guard output scanning and token estimates)
}

// Stream yields OpenAI-format chunks. Recv returns the JSON of the next chunk to send to the client as
// "data: <json>\n\n", valid until the next call to Recv (streams hand out their read buffer instead of
// copying each chunk); io.EOF at the end (the gateway then writes "data: [DONE]\n\n").
type Stream interface {
	Recv() ([]byte, error)
	// Final is valid after Recv returned io.EOF (or an error): the assembled answer as one OpenAI
	// chat.completion/text_completion JSON (for the request log), usage (from upstream or estimated),
	// and the text.
	Final() *Response
	Close() error // releases the upstream connection; safe to call twice
}

// Waiter is implemented by every Stream of this package. OnWait sets a function that Recv calls, in
// Recv's goroutine, each time before it reads more of the upstream answer, which may wait; a chunk
// Recv returns without calling it had already arrived. A gateway that writes chunks to its client
// without flushing each flushes in f: chunks that arrived together reach the client in one write,
// and none waits in Warden for the next one.
type Waiter interface {
	OnWait(f func())
}

// Provider talks to one kind of upstream. Implementations are safe for concurrent use.
type Provider interface {
	Do(ctx context.Context, d *Deployment, c *Call) (*Response, error)
	// DoStream returns after the upstream answered with headers (status known) or failed.
	DoStream(ctx context.Context, d *Deployment, c *Call) (Stream, error)
}

// Names lists the supported provider names, for error messages.
var Names = []string{"openai", "azure", "anthropic", "mock"}

// New returns the provider for d.Provider ("openai", "azure", "anthropic", "mock"), or an error naming
// the supported ones. hc nil means the package's shared, tuned client (DefaultClient).
func New(name string, hc *http.Client) (Provider, error) {
	if hc == nil {
		hc = DefaultClient()
	}
	switch name {
	case "openai", "":
		return newOpenAI(hc), nil
	case "azure":
		return newAzure(hc), nil
	case "anthropic":
		return &anthropic{hc: hc}, nil
	case "mock":
		return mock{}, nil
	}
	return nil, fmt.Errorf("provider %q is not supported; use one of %s", name, strings.Join(Names, ", "))
}

// Error is an upstream or mock failure, mapped to what the gateway returns.
type Error struct {
	Status     int    // HTTP status for the client (upstream's own, or 408 timeout, 502 unreachable)
	Type       string // OpenAI error.type, e.g. "rate_limit_error", "invalid_request_error", "api_error", "timeout"
	Code       string // OpenAI error.code when known
	Param      string
	Message    string // upstream's message kept; never contains the API key
	Class      string // LiteLLM exception class for error_information.error_class, e.g. "RateLimitError", "Timeout", "APIConnectionError", ...
	Provider   string
	Retryable  bool          // 429, 5xx, connection errors, timeouts before any byte
	RetryAfter time.Duration // from Retry-After / retry-after-ms
}

func (e *Error) Error() string {
	p := e.Provider
	if p == "" {
		p = "provider"
	}
	return fmt.Sprintf("%s: %s (status %d): %s", p, e.Class, e.Status, e.Message)
}
