package provider

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"
)

var (
	defaultClientOnce sync.Once
	defaultClient     *http.Client
)

// DefaultClient returns the package's shared HTTP client. Its Transport keeps many idle connections
// per upstream host so that a gateway under load reuses connections instead of paying a TCP and TLS
// handshake per call. It has no overall timeout: deadlines come from the request context and
// Deployment.Timeout, because a streamed answer may legitimately last minutes.
func DefaultClient() *http.Client {
	defaultClientOnce.Do(func() {
		defaultClient = &http.Client{Transport: NewTransport()}
	})
	return defaultClient
}

// NewTransport returns an http.Transport tuned for a gateway: keep-alives, up to 256 idle connections
// per host, bounded dial and TLS handshake times. HTTP/2 is not forced (many parallel HTTP/1.1
// connections serve a busy gateway as well, without head-of-line blocking on one TCP connection).
func NewTransport() *http.Transport {
	return &http.Transport{
		Proxy: http.ProxyFromEnvironment,
		DialContext: (&net.Dialer{
			Timeout:   30 * time.Second,
			KeepAlive: 30 * time.Second,
		}).DialContext,
		MaxIdleConns:          4096,
		MaxIdleConnsPerHost:   256,
		IdleConnTimeout:       90 * time.Second,
		TLSHandshakeTimeout:   10 * time.Second,
		ExpectContinueTimeout: time.Second,
		// Streams must reach us as they are written; a larger buffer does not delay them (reads
		// return what is available) but saves syscalls on big non-streamed answers.
		ReadBufferSize:  32 << 10,
		WriteBufferSize: 32 << 10,
	}
}

// maxBody bounds a non-streamed upstream answer held in memory.
const maxBody = 64 << 20

// errUpstreamTimeout is the cancel cause when Deployment.Timeout (or the stream idle timeout) fires.
var errUpstreamTimeout = errors.New("upstream timeout")

// classFor maps an HTTP status to LiteLLM's exception class name and OpenAI's error type, as
// LiteLLM's exception mapping does for OpenAI-compatible providers.
func classFor(status int) (class, typ string) {
	switch {
	case status == 400:
		return "BadRequestError", "invalid_request_error"
	case status == 401:
		return "AuthenticationError", "authentication_error"
	case status == 403:
		return "PermissionDeniedError", "permission_error"
	case status == 404:
		return "NotFoundError", "not_found_error"
	case status == 408:
		return "Timeout", "timeout"
	case status == 413:
		return "BadRequestError", "invalid_request_error"
	case status == 422:
		return "UnprocessableEntityError", "invalid_request_error"
	case status == 429:
		return "RateLimitError", "rate_limit_error"
	case status == 500:
		return "InternalServerError", "api_error"
	case status == 503, status == 529:
		return "ServiceUnavailableError", "api_error"
	case status == 504:
		return "Timeout", "timeout"
	case status >= 500:
		return "APIError", "api_error"
	case status >= 400:
		return "BadRequestError", "invalid_request_error"
	}
	return "APIError", "api_error"
}

// retryableStatus says whether a failed call may be tried again (on this or another deployment).
func retryableStatus(status int) bool {
	return status == 408 || status == 429 || status >= 500
}

// newStatusError builds an *Error for an upstream non-2xx answer; code/typ/param/msg come from the
// provider's error body when it had one.
func newStatusError(provider string, status int, typ, code, param, msg string, h http.Header) *Error {
	class, defType := classFor(status)
	if typ == "" {
		typ = defType
	}
	lm := strings.ToLower(msg)
	if status == 400 || status == 413 {
		switch {
		case code == "context_length_exceeded" || strings.Contains(lm, "context length") ||
			strings.Contains(lm, "context_length_exceeded") || strings.Contains(lm, "prompt is too long") ||
			strings.Contains(lm, "maximum context"):
			class = "ContextWindowExceededError"
		case code == "content_policy_violation" || code == "content_filter" ||
			strings.Contains(lm, "content management policy") || strings.Contains(lm, "content_policy"):
			class = "ContentPolicyViolationError"
		}
	}
	if msg == "" {
		msg = http.StatusText(status)
	}
	e := &Error{
		Status: status, Type: typ, Code: code, Param: param, Message: msg, Class: class,
		Provider: provider, Retryable: retryableStatus(status),
	}
	if h != nil {
		e.RetryAfter = retryAfter(h)
	}
	return e
}

// retryAfter reads retry-after-ms (OpenAI, Azure) or Retry-After (seconds or an HTTP date).
func retryAfter(h http.Header) time.Duration {
	if v := h.Get("retry-after-ms"); v != "" {
		var ms float64
		if _, err := fmt.Sscanf(v, "%g", &ms); err == nil && ms > 0 {
			return time.Duration(ms * float64(time.Millisecond))
		}
	}
	v := h.Get("Retry-After")
	if v == "" {
		return 0
	}
	var s float64
	if _, err := fmt.Sscanf(v, "%g", &s); err == nil {
		if s > 0 {
			return time.Duration(s * float64(time.Second))
		}
		return 0
	}
	if t, err := http.ParseTime(v); err == nil {
		if d := time.Until(t); d > 0 {
			return d
		}
	}
	return 0
}

// transportError maps a failure of the HTTP round trip (no response) to what the gateway returns:
// the client's own cancellation is returned wrapped (never retried), a timeout is 408, anything else
// (refused, DNS, reset, TLS) is 502 APIConnectionError; the last two are retryable.
func transportError(parent, reqCtx context.Context, provider, host, key string, err error) error {
	if pe := parent.Err(); pe != nil && !errors.Is(pe, context.DeadlineExceeded) {
		return fmt.Errorf("%s: call canceled by the client: %w", provider, pe)
	}
	if errors.Is(context.Cause(reqCtx), errUpstreamTimeout) || errors.Is(err, context.DeadlineExceeded) ||
		isTimeout(err) {
		return &Error{Status: 408, Type: "timeout", Class: "Timeout", Provider: provider, Retryable: true,
			Message: fmt.Sprintf("upstream %s did not answer in time", host)}
	}
	return &Error{Status: 502, Type: "api_connection_error", Class: "APIConnectionError", Provider: provider,
		Retryable: true, Message: scrub(fmt.Sprintf("cannot reach upstream %s: %s", host, rootCause(err)), key)}
}

func isTimeout(err error) bool {
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}

// rootCause drops net/http's "Post \"url\": " wrapper so messages stay short and URL-free.
func rootCause(err error) string {
	var ue *url.Error
	if errors.As(err, &ue) {
		err = ue.Err
	}
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return "connection closed by the upstream before it answered"
	}
	return err.Error()
}

// scrub removes the API key from a message, should an upstream or a library ever echo it.
func scrub(msg, key string) string {
	if len(key) >= 6 && strings.Contains(msg, key) {
		msg = strings.ReplaceAll(msg, key, "[REDACTED]")
	}
	return msg
}

// keepHeaders returns the upstream response headers a gateway may pass on to its client. Names are
// compared without regard to case and without lower-casing copies of them (one allocation per
// header of every answer).
func keepHeaders(h http.Header) http.Header {
	var out http.Header
	for k, v := range h {
		if keptHeader(k) {
			if out == nil {
				out = make(http.Header, 8)
			}
			out[k] = v
		}
	}
	return out
}

func keptHeader(k string) bool {
	for _, n := range []string{"x-request-id", "request-id", "apim-request-id", "openai-processing-ms", "openai-organization", "openai-version"} {
		if strings.EqualFold(k, n) {
			return true
		}
	}
	for _, p := range []string{"x-ratelimit-", "anthropic-ratelimit-"} {
		if len(k) >= len(p) && strings.EqualFold(k[:len(p)], p) {
			return true
		}
	}
	return false
}

func hostOf(base string) string {
	s := base
	if i := strings.Index(s, "://"); i >= 0 {
		s = s[i+3:]
	}
	if i := strings.IndexAny(s, "/?#"); i >= 0 {
		s = s[:i]
	}
	if i := strings.LastIndex(s, "@"); i >= 0 { // never show userinfo
		s = s[i+1:]
	}
	return s
}

// readBody reads a whole non-streamed answer, bounded by maxBody.
func readBody(r io.Reader, n int64) ([]byte, error) {
	if n > 0 && n <= maxBody {
		buf := make([]byte, n)
		if _, err := io.ReadFull(r, buf); err != nil {
			return nil, err
		}
		return buf, nil
	}
	b, err := io.ReadAll(io.LimitReader(r, maxBody+1))
	if err == nil && len(b) > maxBody {
		return nil, fmt.Errorf("upstream answer is larger than %d bytes", maxBody)
	}
	return b, err
}
