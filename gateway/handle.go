package gateway

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/wardenhq/warden/guard"
	"github.com/wardenhq/warden/jsonscan"
	"github.com/wardenhq/warden/provider"
	"github.com/wardenhq/warden/record"
)

// newID returns a new call or trace id: a UUID version 7 (RFC 9562), the
// Unix time in milliseconds then 74 random bits. Time-ordered ids let the
// local store's unique index append instead of rewriting pages across the
// file (half the insert cost at 400,000 rows). The random bits come from
// math/rand/v2's per-thread generator, not crypto/rand: an id is a label,
// not a secret, and this runs on every request's path (uuid.NewV7, with its
// lock and its read of the system's random source, took twice as long).
func newID() string {
	ms := uint64(time.Now().UnixMilli())
	r := rand.Uint64()
	var u [16]byte
	binary.BigEndian.PutUint64(u[0:8], ms<<16|0x7000|r>>52)                  // 48-bit time, version 7, 12 random bits
	binary.BigEndian.PutUint64(u[8:16], rand.Uint64()>>2|0x8000000000000000) // variant 10, 62 random bits
	var s [36]byte
	const hexDigits = "0123456789abcdef"
	j := 0
	for i, b := range u {
		if i == 4 || i == 6 || i == 8 || i == 10 {
			s[j] = '-'
			j++
		}
		s[j], s[j+1] = hexDigits[b>>4], hexDigits[b&15]
		j += 2
	}
	return string(s[:])
}

// callTypes are LiteLLM's call_type values of the request log.
var callTypes = map[provider.Kind]string{
	provider.Chat:       "acompletion",
	provider.Completion: "atext_completion",
	provider.Embedding:  "aembedding",
}

// stripKeys are LiteLLM/Warden-only request keys that never go upstream.
var stripKeys = []string{"metadata", "mock_response", "litellm_metadata", "litellm_trace_id", "litellm_call_id",
	"tags", "guardrails", "fallbacks", "num_retries", "caching", "no-log", "mock_testing_fallbacks",
	"mock_timeout", "user_api_key"}

// notModelParams are request keys that are not model parameters in the log.
var notModelParams = map[string]bool{"model": true, "messages": true, "prompt": true, "input": true,
	"stream": true, "stream_options": true, "user": true}

// call is one LLM request from arrival to its record.
type call struct {
	s     *Server
	w     *respWriter
	r     *http.Request
	kind  provider.Kind
	start time.Time
	id    string
	trace string

	// From the request.
	fields       map[string]json.RawMessage
	model        string // model group asked for
	stream       bool
	clientUsage  bool // the client asked for stream_options.include_usage itself
	metadata     json.RawMessage
	mockResponse string
	user         string
	input        json.RawMessage // messages, prompt or input, as logged
	params       map[string]any  // model_parameters, decoded in Build (modelParams)
	parsed       bool            // parse succeeded: fields hold a valid request
	tags         []string        // request_tags, decoded in Build (requestTags)
	rawTags      json.RawMessage // the request's "tags" value
	key          string          // the caller's key, only to hash it (hashKey); never logged
	keyHash      *string         // set by hashKey
	hashed       bool
	keyAlias     *string
	ip           string
	requester    string // for guard and convictions: key alias, end user or IP

	// Outcome.
	dep        *deployment
	group      string // the group that answered (differs from model after a fallback)
	firstToken time.Time
	end        time.Time
	resp       *provider.Response
	err        *apiError
	status     int
	guardInfo  []json.RawMessage
	applied    bool
	overhead   time.Duration // Warden's own time when the handler was done
	queued     bool          // handed to the recorder to Build (counted in Server.pendingBuilds)

	// Guard state between the inline checks and deferredChecks.
	guardIn      *guard.Input
	inDec        guard.Decision // the input check's decision so far
	inChecked    bool           // an input check ran
	inDeferred   bool           // the input's deferred phase is still to run
	guardOut     *guard.Output  // an output check (outPhase) is still to run
	outPhase     guard.Phase
	outDec       guard.Decision
	outChecked   bool
	systemPrompt string
	redacted     *string // the answer as the guard redacted it
	convictions  []record.Conviction
	sseBuf       []byte // the event being written (writeChunk)
	coalesce     bool   // the stream calls flushChunks before it waits: writeChunk does not flush
	unflushed    bool   // chunks written since the last flush
}

// llm returns the handler of one OpenAI endpoint.
func (s *Server) llm(kind provider.Kind) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		s.inflight.Add(1)
		defer s.inflight.Done()
		rw, _ := w.(*respWriter)
		if rw == nil { // not behind wrap (cannot happen through Handler)
			rw = &respWriter{ResponseWriter: w, start: time.Now(), id: newID()}
		}
		// The trace id is only in the record: Build makes it (newID costs
		// a crypto/rand read), after the client has its answer.
		c := &call{s: s, w: rw, r: r, kind: kind, start: rw.start, id: rw.id}
		c.serve()
	}
}

func (c *call) serve() {
	defer c.finish()
	// The key's hash is for the record (and a requester without alias or
	// user): hashKey makes it when it is first needed, mostly in Build.
	key, alias, aerr := c.s.checkKey(c.r)
	c.key, c.keyAlias = key, alias
	c.ip = remoteIP(c.r)
	if aerr != nil {
		c.fail(aerr)
		return
	}
	if err := c.parse(); err != nil {
		c.fail(err)
		return
	}
	if c.s.opts.Guard != nil && c.kind != provider.Embedding {
		if !c.checkInput() {
			return
		}
	}
	ctx, cancel := context.WithTimeout(c.r.Context(), c.s.timeout)
	defer cancel()
	c.route(ctx)
}

// parse reads and checks the body once; the raw values are kept for
// forwarding.
func (c *call) parse() *apiError {
	body, err := readBody(http.MaxBytesReader(c.w, c.r.Body, c.s.maxBody), c.r.ContentLength, c.s.maxBody)
	if err != nil {
		var mb *http.MaxBytesError
		if errors.As(err, &mb) {
			return &apiError{Status: http.StatusRequestEntityTooLarge, Type: "invalid_request_error", Class: "BadRequestError",
				Code: "request_too_large", Message: fmt.Sprintf("request body is larger than %d bytes (warden.max_request_body_bytes)", mb.Limit)}
		}
		return toAPIError(fmt.Errorf("reading the request: %w", err))
	}
	c.fields = make(map[string]json.RawMessage, 8)
	if !splitObject(body, c.fields) {
		// Not one valid object: json.Unmarshal tells what is wrong (or
		// takes null for an empty object, as before).
		c.fields = nil
		if err := json.Unmarshal(body, &c.fields); err != nil || c.fields == nil {
			msg := "request body is not a JSON object"
			if err != nil {
				msg += ": " + err.Error()
			}
			return badRequest("", "%s", msg)
		}
	}
	str := func(key string) (string, *apiError) {
		raw, ok := c.fields[key]
		if !ok || isNull(raw) {
			return "", nil
		}
		v, ok := jsonscan.DecodeString(raw)
		if !ok {
			return "", badRequest(key, "%s must be a string", key)
		}
		return v, nil
	}
	var aerr *apiError
	if c.model, aerr = str("model"); aerr != nil {
		return aerr
	}
	if pm := c.r.PathValue("model"); pm != "" {
		c.model = pm // Azure-style path names the deployment
	}
	if c.user, aerr = str("user"); aerr != nil {
		return aerr
	}
	if raw, ok := c.fields["mock_response"]; ok && !isNull(raw) {
		var isStr bool
		if c.mockResponse, isStr = jsonscan.DecodeString(raw); !isStr {
			c.mockResponse = string(raw) // LiteLLM accepts objects too; pass them as text
		}
	}
	if raw, ok := c.fields["stream"]; ok && !isNull(raw) {
		switch string(raw) {
		case "true":
			c.stream = true
		case "false":
			c.stream = false
		default:
			return badRequest("stream", "stream must be true or false")
		}
	}
	if c.stream && c.kind == provider.Embedding {
		return badRequest("stream", "embeddings cannot be streamed")
	}
	if c.stream {
		if raw, ok := c.fields["stream_options"]; ok && !isNull(raw) {
			var so struct {
				IncludeUsage bool `json:"include_usage"`
			}
			if json.Unmarshal(raw, &so) != nil {
				return badRequest("stream_options", "stream_options must be an object")
			}
			c.clientUsage = so.IncludeUsage
		}
	}
	if raw, ok := c.fields["metadata"]; ok && !isNull(raw) {
		if len(bytes.TrimSpace(raw)) == 0 || bytes.TrimSpace(raw)[0] != '{' {
			return badRequest("metadata", "metadata must be an object")
		}
		c.metadata = raw // its tags are decoded in Build (requestTags)
	}
	// So are the request's tags: kept only from here on, as before, so a
	// request refused below still has them in its record.
	c.rawTags = c.fields["tags"]
	inputKey := inputKeys(c.kind)
	c.input = c.fields[inputKey]
	if c.model == "" {
		return badRequest("model", "model is required; the models are: %s", strings.Join(c.s.names, ", "))
	}
	if len(c.input) == 0 || isNull(c.input) {
		return badRequest(inputKey, "%s is required", inputKey)
	}
	if c.kind == provider.Chat {
		// The body was validated as JSON above; the shape is enough here.
		m := bytes.TrimSpace(c.input)
		if m[0] != '[' {
			return badRequest("messages", "messages must be an array of message objects")
		}
		if bytes.TrimSpace(m[1:len(m)-1]) == nil || len(bytes.TrimSpace(m[1:len(m)-1])) == 0 {
			return badRequest("messages", "messages must not be empty")
		}
	}
	if _, ok := c.s.groups[c.model]; !ok {
		return &apiError{Status: 400, Type: "invalid_request_error", Param: "model", Code: "model_not_found", Class: "BadRequestError",
			Message: fmt.Sprintf("Invalid model name passed in model=%s. The models are: %s", c.model, strings.Join(c.s.names, ", "))}
	}
	// model_parameters are decoded in Build (modelParams): only the
	// record needs them.
	c.parsed = true
	c.requester = requesterOf(c)
	return nil
}

// requestTags are the record's request_tags: the metadata's tags, then the
// request's own tags list. Only the record has them: Build decodes them
// from the raw values parse kept (neither changes after parse).
func (c *call) requestTags() []string {
	var tags []string
	if c.metadata != nil {
		tags = metadataTags(bytes.TrimSpace(c.metadata))
	}
	if c.rawTags != nil {
		if t, ok := decodeStrings(c.rawTags); ok {
			tags = append(tags, t...)
		}
	}
	return tags
}

// inputKeys is the request key of the input logged and checked.
func inputKeys(k provider.Kind) string {
	switch k {
	case provider.Chat:
		return "messages"
	case provider.Completion:
		return "prompt"
	case provider.Embedding:
		return "input"
	}
	return ""
}

// modelParams decodes the request's model parameters for the record: every
// key but the input, the model, stream options, the user and LiteLLM-only
// keys. nil when there are none, or when the request did not parse. The
// keys it reads are never changed after parse (checkInput rewrites only
// the input), so Build gets what parse saw.
func (c *call) modelParams() map[string]any {
	if !c.parsed {
		return nil
	}
	var params map[string]any
	for k, v := range c.fields {
		if notModelParams[k] || isStripped(k) {
			continue
		}
		if params == nil {
			params = make(map[string]any, len(c.fields)) // sized once: no growth
		}
		if x, ok := decodeAny(v); ok {
			params[k] = x
		}
	}
	return params
}

// readBody reads a request body, in one allocation when its length is
// known.
func readBody(r io.Reader, length, limit int64) ([]byte, error) {
	if length <= 0 || length > limit {
		return io.ReadAll(r)
	}
	buf := make([]byte, 0, length+1) // +1: room to see EOF without growing
	for {
		n, err := r.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if err == io.EOF {
			return buf, nil
		}
		if err != nil {
			return buf, err
		}
		if len(buf) == cap(buf) {
			// Longer than announced: let ReadAll finish it.
			rest, err := io.ReadAll(r)
			return append(buf, rest...), err
		}
	}
}

func isStripped(k string) bool {
	for _, s := range stripKeys {
		if s == k {
			return true
		}
	}
	return false
}

func isNull(raw json.RawMessage) bool {
	return bytes.Equal(bytes.TrimSpace(raw), []byte("null"))
}

func requesterOf(c *call) string {
	switch {
	case c.keyAlias != nil:
		return *c.keyAlias
	case c.user != "":
		return c.user
	case c.key != "":
		return "key:" + (*c.hashKey())[:12]
	}
	return c.ip
}

// hashKey returns the caller key's hash (nil without a key), computing it
// once; the key itself is dropped then.
func (c *call) hashKey() *string {
	if !c.hashed {
		c.hashed = true
		c.keyHash, c.key = keyHash(c.key), ""
	}
	return c.keyHash
}

func remoteIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// upstreamBody builds the body sent to deployment d: its model name, without
// LiteLLM-only keys, and with include_usage on for streams. It is assembled
// from the raw values parsed once (already validated), not re-encoded.
func (c *call) upstreamBody(d *deployment) ([]byte, error) {
	n := 64 + len(d.dep.Model)
	for k, v := range c.fields {
		n += len(k) + len(v) + 4
	}
	buf := make([]byte, 0, n)
	buf = append(buf, `{"model":`...)
	buf = appendJSONString(buf, d.dep.Model)
	for k, v := range c.fields {
		if k == "model" || k == "stream_options" || isStripped(k) {
			continue
		}
		buf = append(buf, ',')
		buf = appendJSONString(buf, k)
		buf = append(buf, ':')
		buf = append(buf, v...)
	}
	raw, hasOpts := c.fields["stream_options"]
	switch {
	case c.stream && (!hasOpts || isNull(raw)):
		buf = append(buf, `,"stream_options":{"include_usage":true}`...)
	case c.stream:
		so := map[string]json.RawMessage{}
		_ = json.Unmarshal(raw, &so)
		so["include_usage"] = json.RawMessage("true")
		b, err := json.Marshal(so)
		if err != nil {
			return nil, err
		}
		buf = append(buf, `,"stream_options":`...)
		buf = append(buf, b...)
	case hasOpts:
		buf = append(buf, `,"stream_options":`...)
		buf = append(buf, raw...)
	}
	return append(buf, '}'), nil
}

// route tries the requested group and then its fallbacks, each with its
// retries, until one answers. Nothing is retried once a byte reached the
// client.
func (c *call) route(ctx context.Context) {
	groups := append([]string{c.model}, c.s.fallbacks[c.model]...)
	estTokens := int64(len(c.input) / 4)
	var lastErr error
	for _, gname := range groups {
		g := c.s.groups[gname]
		if g == nil {
			continue
		}
		tried := map[*deployment]int{}
		for attempt := 0; attempt <= c.s.numRetries; attempt++ {
			d := c.s.router.pick(g, tried, estTokens)
			if d == nil {
				if lastErr == nil {
					lastErr = errNoDeployment(gname)
				}
				break
			}
			tried[d]++
			c.dep, c.group = d, gname
			sent, err := c.attempt(ctx, g, d)
			if err == nil {
				c.s.metrics.Attempts.WithLabelValues(c.model, "success").Inc()
				return
			}
			lastErr = err
			if sent {
				return // the client has bytes: c.attempt already ended the stream with an error event
			}
			if !retryable(err) || ctx.Err() != nil {
				c.s.metrics.Attempts.WithLabelValues(c.model, "error").Inc()
				c.fail(toAPIError(err))
				return
			}
			c.s.metrics.Attempts.WithLabelValues(c.model, "retryable").Inc()
			if !c.backoff(ctx, err, d, g) {
				c.fail(toAPIError(ctx.Err()))
				return
			}
		}
	}
	if lastErr == nil {
		lastErr = errNoDeployment(c.model)
	}
	c.fail(toAPIError(lastErr))
}

// retryable reports whether another attempt may succeed: 429, 5xx, timeouts
// and connection errors.
func retryable(err error) bool {
	var pe *provider.Error
	if errors.As(err, &pe) {
		return pe.Retryable
	}
	var ae *apiError
	if errors.As(err, &ae) {
		return ae.Status == 429 || ae.Status >= 500
	}
	return false
}

// backoff waits before retrying the same deployment when the upstream asked
// for it (Retry-After, at most 2 s); another deployment is tried at once.
func (c *call) backoff(ctx context.Context, err error, d *deployment, g *group) bool {
	var pe *provider.Error
	if !errors.As(err, &pe) || pe.RetryAfter <= 0 || len(g.deployments) > 1 {
		return ctx.Err() == nil
	}
	wait := min(pe.RetryAfter, 2*time.Second)
	t := time.NewTimer(wait)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}

// deploymentFor returns the provider deployment of d for this call: the
// per-request mock_response forces the mock provider, as in LiteLLM.
func (c *call) deploymentFor(d *deployment) (provider.Provider, *provider.Deployment) {
	if c.mockResponse == "" {
		return d.prov, &d.dep
	}
	dep := d.dep
	dep.Provider, dep.MockResponse = "mock", c.mockResponse
	p, _ := provider.New("mock", nil)
	return p, &dep
}

// attempt makes one upstream call on d. sent reports whether any byte
// reached the client (then err is already reported to the client).
func (c *call) attempt(ctx context.Context, g *group, d *deployment) (sent bool, err error) {
	var tokens int64
	defer func() {
		c.s.router.done(d, tokens)
		if err != nil && retryable(err) {
			c.s.router.failed(g, d)
		}
	}()
	body, err := c.upstreamBody(d)
	if err != nil {
		return false, badRequest("", "re-encoding the request failed: %v", err)
	}
	prov, dep := c.deploymentFor(d)
	pc := &provider.Call{Kind: c.kind, Body: body, Stream: c.stream, ClientWantsUsage: c.clientUsage}
	if !c.stream {
		t0 := time.Now()
		resp, err := prov.Do(ctx, dep, pc)
		c.w.upstream += time.Since(t0)
		if err != nil {
			return false, err
		}
		tokens = resp.Usage.TotalTokens
		c.resp = resp
		c.writeResponse()
		return true, nil
	}
	t0 := time.Now()
	st, err := prov.DoStream(ctx, dep, pc)
	c.w.upstream += time.Since(t0)
	if err != nil {
		return false, err
	}
	sent, err = c.pipeStream(st)
	if f := st.Final(); f != nil {
		tokens = f.Usage.TotalTokens
	}
	return sent, err
}

// writeResponse sends a complete non-streamed answer, after the output check.
func (c *call) writeResponse() {
	if c.s.opts.Guard != nil && c.kind != provider.Embedding {
		if !c.checkOutput() {
			return
		}
	}
	h := c.w.Header()
	c.setUpstreamHeaders(h)
	h[hdrContentType] = valJSON
	h[hdrContentLength] = []string{strconv.Itoa(len(c.resp.Body))}
	c.w.WriteHeader(http.StatusOK)
	_, _ = c.w.Write(c.resp.Body)
	c.w.Flush()
	c.status = http.StatusOK
	c.end = time.Now()
	c.firstToken = c.end
}

func (c *call) setUpstreamHeaders(h http.Header) {
	if d := c.dep; d != nil {
		h[hdrModelID] = d.idHdr
		if c.group == d.group {
			h[hdrModelGroup] = d.groupHdr
		} else {
			h[hdrModelGroup] = []string{c.group}
		}
		if d.apiBase != "" {
			h[hdrModelAPIBase] = d.apiBaseHdr
		}
	}
	if c.resp != nil {
		for k, vs := range c.resp.Header {
			name, ok := providerHeaderNames[k]
			if !ok {
				name = http.CanonicalHeaderKey("llm_provider-" + k)
			}
			if old, ok := h[name]; ok {
				h[name] = append(old[:len(old):len(old)], vs...)
			} else {
				h[name] = vs[:len(vs):len(vs)] // read-only here, as in the response
			}
		}
	}
}

var (
	sseData = []byte("data: ")
	sseEnd  = []byte("\n\n")
	sseDone = []byte("data: [DONE]\n\n")
)

// pipeStream sends the stream to the client chunk by chunk. The first chunk
// is read before the response starts, so a stream that fails before its
// first byte can still be retried. sent reports whether the client got bytes.
func (c *call) pipeStream(st provider.Stream) (sent bool, err error) {
	defer st.Close()
	recv := func() ([]byte, error) {
		t0 := time.Now()
		b, err := st.Recv()
		c.w.upstream += time.Since(t0)
		return b, err
	}
	// Chunks are flushed when the stream is about to wait on the upstream,
	// not one by one: the chunks that arrived together go out in one write
	// (a syscall per chunk was most of a stream's cost), and none is held
	// while Warden waits. A stream that cannot say when it waits gets a
	// flush per chunk.
	if wt, ok := st.(provider.Waiter); ok {
		c.coalesce = true
		wt.OnWait(c.flushChunks)
		defer wt.OnWait(nil)
	}
	first, err := recv()
	if err != nil && err != io.EOF {
		c.resp = st.Final()
		return false, err
	}
	if c.s.opts.Guard != nil && c.s.opts.Guard.BufferedStreaming() {
		return c.bufferedStream(st, first, err, recv)
	}
	c.startSSE()
	c.firstToken = time.Now()
	for err == nil {
		if werr := c.writeChunk(first); werr != nil {
			break // the client went away; the request context cancels the upstream
		}
		first, err = recv()
	}
	if err == nil {
		err = errClientGone
	}
	return true, c.endStream(st, err)
}

func (c *call) startSSE() {
	h := c.w.Header()
	c.setUpstreamHeaders(h)
	h[hdrContentType] = valEventStream
	h[hdrCacheControl] = valNoCache
	h[hdrAccelBuffering] = valNo
	c.w.WriteHeader(http.StatusOK)
	c.status = http.StatusOK
}

func (c *call) writeChunk(b []byte) error {
	// One buffer per call, reused for every event: one Write per event
	// as before, without an allocation each.
	c.sseBuf = append(append(append(c.sseBuf[:0], sseData...), b...), sseEnd...)
	if _, err := c.w.Write(c.sseBuf); err != nil {
		return err
	}
	if c.coalesce {
		c.unflushed = true
		return nil
	}
	c.w.Flush()
	return nil
}

// flushChunks sends the chunks written since the last flush; the stream
// calls it before it may wait on the upstream. Its time is Warden's, not
// the upstream's, in the overhead.
func (c *call) flushChunks() {
	if !c.unflushed {
		return
	}
	t0 := time.Now()
	c.unflushed = false
	c.w.Flush()
	c.w.upstream -= time.Since(t0)
}

// endStream finishes a started stream: [DONE] after a whole answer, an
// error event after a failure. The output check of a passthrough stream
// runs here (detections recorded; the answer is already sent).
func (c *call) endStream(st provider.Stream, err error) error {
	c.resp = st.Final()
	c.end = time.Now()
	if ctxErr := c.r.Context().Err(); ctxErr != nil && (err == nil || err == io.EOF || !isProviderError(err)) {
		err = ctxErr
	}
	if err == io.EOF {
		_, _ = c.w.Write(sseDone)
		c.unflushed = false
		c.w.Flush()
		if c.s.opts.Guard != nil && c.kind != provider.Embedding {
			c.streamedOutput()
		}
		return nil
	}
	ae := toAPIError(err)
	c.err = ae
	c.status = ae.Status
	if ae.Status != statusClientClosed {
		b, _ := json.Marshal(errorBody{Error: errorObject{Message: ae.Message, Type: ae.Type, Code: strPtr(strconv.Itoa(ae.Status))}})
		_ = c.writeChunk(b)
	}
	if c.unflushed {
		c.unflushed = false
		c.w.Flush()
	}
	return err
}

// errClientGone ends a stream whose client stopped reading.
var errClientGone = fmt.Errorf("writing to the client: %w", context.Canceled)

func isProviderError(err error) bool {
	var pe *provider.Error
	return errors.As(err, &pe)
}

func strPtr(s string) *string { return &s }

// bufferedStream holds the whole answer, checks it, then sends it (guard
// stream_mode: buffered), so a streamed answer can be blocked or redacted.
func (c *call) bufferedStream(st provider.Stream, first []byte, err error, recv func() ([]byte, error)) (bool, error) {
	var chunks [][]byte
	for err == nil {
		chunks = append(chunks, bytes.Clone(first)) // valid only until the next Recv
		first, err = recv()
	}
	c.resp = st.Final()
	if err != io.EOF {
		return false, err // nothing sent yet: may still be retried
	}
	if !c.checkOutput() {
		return true, nil // answered with the block error
	}
	c.startSSE()
	c.firstToken = time.Now()
	if red, ok := c.redactedAnswer(); ok {
		chunks = redactedChunks(chunks, red, c.kind)
	}
	for _, ch := range chunks {
		if c.writeChunk(ch) != nil {
			return true, c.endStream(st, c.r.Context().Err())
		}
	}
	return true, c.endStream(st, io.EOF)
}

// fail answers err to the client (when nothing was sent yet) and marks the
// call failed.
func (c *call) fail(e *apiError) {
	c.err = e
	c.status = e.Status
	if c.end.IsZero() {
		c.end = time.Now()
	}
	if !c.w.wroteHeader {
		writeError(c.w, e)
	}
}

// guardDecision is kept on the call for the record.
func (c *call) addGuardInfo(d guard.Decision, mode string) {
	c.applied = true
	c.guardInfo = append(c.guardInfo, d.GuardrailInformation(mode))
}
