// Package gateway is Warden's OpenAI-compatible LLM proxy: it authenticates
// callers, routes each call to a deployment of the LiteLLM model_list
// (weighted, with retries, fallbacks, cooldowns and rpm/tpm limits), streams
// answers through chunk by chunk, runs the AIDR guard before and after the
// upstream call, and produces exactly one request log per call, success or
// failure, handed to the delivery pipeline after the answer is complete.
package gateway

import (
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"
	"github.com/Azure/azure-sdk-for-go/sdk/azidentity"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/wardenhq/warden/config"
	"github.com/wardenhq/warden/guard"
	"github.com/wardenhq/warden/provider"
	"github.com/wardenhq/warden/record"
)

// Guard is the AIDR engine as the gateway uses it; *guard.Engine
// implements it. The gateway runs the inline phase of a check (detectors
// that block or redact) in the call and the deferred phase (detectors that
// only record) after it; see guard.Phase.
type Guard interface {
	CheckInputPhase(in *guard.Input, ph guard.Phase) guard.Decision
	CheckOutputPhase(out *guard.Output, ph guard.Phase) guard.Decision
	// HasDeferredInput: some input detector only records.
	HasDeferredInput() bool
	// HasInlineOutput: some output detector blocks or redacts, so an answer
	// waits for the inline phase of its check.
	HasInlineOutput() bool
	Convictions(d guard.Decision, ev guard.Event) []record.Conviction
	BlockMessage() string
	BufferedStreaming() bool
}

// Price is the cost of one call and the price-table entry it came from.
type Price struct {
	Cost float64
	Key  string          // model_map_information.model_map_key
	Raw  json.RawMessage // model_map_information.model_map_value
}

// Pricer prices a call from its token usage; ok is false when the model has
// no entry in the price table.
type Pricer interface {
	Price(providerName, model string, kind provider.Kind, u provider.Usage) (p Price, ok bool)
}

// Options configure a Server.
type Options struct {
	Config *config.Config
	// Requests and Convictions receive the records (pipelines in
	// production). Convictions may be nil when there is no guard.
	Requests    Sink
	Convictions Sink
	// Registry serves /metrics and receives the gateway's collectors; nil
	// makes a private one.
	Registry *prometheus.Registry
	Logger   *slog.Logger
	// HTTPClient calls the upstreams; nil uses the provider package's tuned
	// shared client.
	HTTPClient *http.Client
	Guard      Guard  // nil: no AIDR checks
	Pricer     Pricer // nil: every cost is 0 with the debug info saying so
	// AzureCredential authenticates azure/ deployments that have no
	// api_key; nil creates azidentity's default credential when needed.
	AzureCredential azcore.TokenCredential
	// Addr is where Start listens ("host:port"; port 0 picks one).
	Addr string
	// Now is the clock (tests); nil is time.Now.
	Now func() time.Time
}

// Server is the gateway.
type Server struct {
	opts       Options
	cfg        *config.Config
	log        *slog.Logger
	metrics    *Metrics
	registry   *prometheus.Registry
	router     router
	groups     map[string]*group
	names      []string // model_names in file order, for /models and errors
	fallbacks  map[string][]string
	numRetries int
	timeout    time.Duration
	maxBody    int64
	masterKey  []byte
	created    int64 // for /models

	reqRec, convRec  *Recorder
	pendingBuilds    atomic.Int64 // finished calls queued for the recorder to Build
	maxPendingBuilds int64

	handler  http.Handler
	srv      *http.Server
	inflight sync.WaitGroup // LLM calls being served: Shutdown waits for their records
	ln       net.Listener
	serveWG  sync.WaitGroup
}

// New builds a gateway from opts. It does not listen; call Start.
func New(opts Options) (*Server, error) {
	if opts.Config == nil {
		return nil, errors.New("gateway: no configuration")
	}
	if opts.Requests == nil {
		return nil, errors.New("gateway: no request-log sink")
	}
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	if opts.Registry == nil {
		opts.Registry = prometheus.NewRegistry()
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.HTTPClient == nil {
		opts.HTTPClient = provider.DefaultClient()
	}
	cfg := opts.Config
	s := &Server{
		opts: opts, cfg: cfg, log: opts.Logger, registry: opts.Registry,
		metrics:    NewMetrics(opts.Registry),
		router:     router{strategy: cfg.RouterSettings.RoutingStrategy, allowedFails: cfg.AllowedFails(), cooldown: cfg.CooldownTime(), now: opts.Now},
		groups:     map[string]*group{},
		names:      cfg.ModelNames(),
		fallbacks:  cfg.Fallbacks(),
		numRetries: cfg.NumRetries(),
		timeout:    cfg.RequestTimeout(),
		maxBody:    cfg.Warden.MaxRequestBodyBytes,
		created:    opts.Now().Unix(),

		maxPendingBuilds: maxPendingBuilds,
	}
	if cfg.GeneralSettings.MasterKey != "" {
		s.masterKey = []byte(cfg.GeneralSettings.MasterKey)
	}
	provs := map[string]provider.Provider{}
	for i := range cfg.ModelList {
		e := cfg.ModelList[i]
		d, err := s.newDeployment(e, provs)
		if err != nil {
			return nil, fmt.Errorf("gateway: model_list[%d]: %w", i, err)
		}
		g := s.groups[e.ModelName]
		if g == nil {
			g = &group{name: e.ModelName}
			s.groups[e.ModelName] = g
		}
		g.deployments = append(g.deployments, d)
	}
	q := cfg.Warden.RecorderQueue
	if q <= 0 {
		q = config.DefaultRecorderQueue
	}
	s.reqRec = NewRecorder(opts.Requests, record.RequestTable, q, s.metrics, s.log)
	if opts.Convictions != nil {
		s.convRec = NewRecorder(opts.Convictions, record.ConvictionTable, q, s.metrics, s.log)
	}
	s.handler = s.routes()
	return s, nil
}

// displayBase is api_base as Warden shows it in response headers, /health
// and the request log: without user info or query, which may carry
// credentials (https://user:pass@host, ?api-key=...). The upstream call
// uses the configured value unchanged.
func displayBase(base string) string {
	u, err := url.Parse(base)
	if err != nil {
		return ""
	}
	if u.User == nil && u.RawQuery == "" && u.Fragment == "" {
		return base
	}
	u.User, u.RawQuery, u.Fragment, u.ForceQuery = nil, "", "", false
	return u.String()
}

// defaultAPIBase is what the request log names when a deployment has no
// api_base.
var defaultAPIBase = map[string]string{
	"openai":    "https://api.openai.com/v1",
	"anthropic": "https://api.anthropic.com",
}

func (s *Server) newDeployment(e config.ModelEntry, provs map[string]provider.Provider) (*deployment, error) {
	provName, model := e.Provider()
	p := e.LiteLLMParams
	dep := provider.Deployment{
		Provider: provName, Model: model, APIBase: p.APIBase, APIKey: p.APIKey, APIVersion: p.APIVersion,
		Timeout: p.Timeout.Duration(), MockResponse: p.MockResponse, ExtraHeaders: p.ExtraHeaders,
	}
	if provName == "azure" && p.APIKey == "" {
		cred, err := s.azureCredential()
		if err != nil {
			return nil, err
		}
		dep.Credential = cred
	}
	prov, ok := provs[provName]
	if !ok {
		var err error
		prov, err = provider.New(provName, s.opts.HTTPClient)
		if err != nil {
			return nil, err
		}
		provs[provName] = prov
	}
	d := &deployment{entry: e, group: e.ModelName, id: e.ID(), dep: dep, prov: prov,
		apiBase: displayBase(p.APIBase), priceName: model, rpm: p.RPM, tpm: p.TPM, retries: -1}
	if d.apiBase == "" {
		d.apiBase = defaultAPIBase[provName]
	}
	d.idHdr, d.groupHdr, d.apiBaseHdr = []string{d.id}, []string{d.group}, []string{d.apiBase}
	if b := e.ModelInfo.BaseModel; b != "" {
		_, d.priceName, _ = strings.Cut(b, "/")
		if d.priceName == "" || !strings.Contains(b, "/") {
			d.priceName = b
		}
	}
	if p.MaxRetries != nil {
		d.retries = *p.MaxRetries
	}
	return d, nil
}

var (
	azureCredOnce sync.Once
	azureCred     azcore.TokenCredential
	azureCredErr  error
)

func (s *Server) azureCredential() (azcore.TokenCredential, error) {
	if s.opts.AzureCredential != nil {
		return s.opts.AzureCredential, nil
	}
	azureCredOnce.Do(func() {
		azureCred, azureCredErr = azidentity.NewDefaultAzureCredential(nil)
	})
	if azureCredErr != nil {
		return nil, fmt.Errorf("azure deployment without api_key needs an Entra ID credential (AZURE_CLIENT_ID/AZURE_TENANT_ID/AZURE_CLIENT_SECRET or a managed identity): %w", azureCredErr)
	}
	return azureCred, nil
}

// Handler returns the gateway's HTTP handler (for tests and embedding).
func (s *Server) Handler() http.Handler { return s.handler }

// Metrics returns the gateway's collectors.
func (s *Server) Metrics() *Metrics { return s.metrics }

// Start starts the recorders and, when Options.Addr is set, listens and
// serves in the background.
func (s *Server) Start() error {
	s.reqRec.Start()
	if s.convRec != nil {
		s.convRec.Start()
	}
	if s.opts.Addr == "" {
		return nil
	}
	ln, err := net.Listen("tcp", s.opts.Addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w; choose another --port or --host", s.opts.Addr, err)
	}
	s.ln = ln
	s.srv = &http.Server{
		Handler:           s.handler,
		ReadHeaderTimeout: 30 * time.Second,
		IdleTimeout:       120 * time.Second,
		ErrorLog:          slog.NewLogLogger(s.log.Handler(), slog.LevelWarn),
	}
	s.serveWG.Add(1)
	go func() {
		defer s.serveWG.Done()
		if err := s.srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			s.log.Error("http server stopped", "err", err)
		}
	}()
	return nil
}

// Addr is the address Start listens on (with the chosen port).
func (s *Server) Addr() string {
	if s.ln == nil {
		return ""
	}
	return s.ln.Addr().String()
}

// URL is the base URL of the listening server.
func (s *Server) URL() string { return "http://" + s.Addr() }

// RecorderDrainTimeout bounds how long Shutdown waits, after the HTTP
// server has stopped, for cut calls to end and for the recorders to hand
// their queued records to the sinks. It is separate from the caller's
// budget: a long stream may use all of that, and handing records to the
// spool is a local disk append that must still happen.
const RecorderDrainTimeout = 30 * time.Second

// Shutdown stops accepting connections, lets calls in flight finish (until
// ctx ends, then cuts them), and drains the recorders into their sinks
// within RecorderDrainTimeout, whether or not ctx is still alive.
func (s *Server) Shutdown(ctx context.Context) error {
	var errs []error
	if s.srv != nil {
		if err := s.srv.Shutdown(ctx); err != nil {
			errs = append(errs, fmt.Errorf("http shutdown: %w", err))
			_ = s.srv.Close() // cut what is left; its calls still record (canceled)
		}
		s.serveWG.Wait()
	}
	rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), RecorderDrainTimeout)
	defer cancel()
	// Calls cut by Close end quickly (their contexts are canceled); wait for
	// them so their records reach the recorder before it closes.
	done := make(chan struct{})
	go func() { s.inflight.Wait(); close(done) }()
	select {
	case <-done:
	case <-rctx.Done():
		errs = append(errs, errors.New("calls still running after shutdown; their records are lost unless they end before the spool closes"))
	}
	if err := s.reqRec.Shutdown(rctx); err != nil {
		errs = append(errs, fmt.Errorf("request recorder: %w", err))
	}
	if s.convRec != nil {
		if err := s.convRec.Shutdown(rctx); err != nil {
			errs = append(errs, fmt.Errorf("conviction recorder: %w", err))
		}
	}
	return errors.Join(errs...)
}

// routes builds the mux: every OpenAI path with and without /v1, Azure's
// deployment paths, health and metrics.
func (s *Server) routes() http.Handler {
	mux := http.NewServeMux()
	for _, prefix := range []string{"", "/v1"} {
		mux.HandleFunc("POST "+prefix+"/chat/completions", s.llm(provider.Chat))
		mux.HandleFunc("POST "+prefix+"/completions", s.llm(provider.Completion))
		mux.HandleFunc("POST "+prefix+"/embeddings", s.llm(provider.Embedding))
		mux.HandleFunc("GET "+prefix+"/models", s.authed(s.handleModels))
		mux.HandleFunc("GET "+prefix+"/models/{model}", s.authed(s.handleModel))
	}
	mux.HandleFunc("POST /openai/deployments/{model}/chat/completions", s.llm(provider.Chat))
	mux.HandleFunc("POST /openai/deployments/{model}/completions", s.llm(provider.Completion))
	mux.HandleFunc("POST /openai/deployments/{model}/embeddings", s.llm(provider.Embedding))
	mux.HandleFunc("GET /health", s.authed(s.handleHealth))
	mux.HandleFunc("GET /health/liveliness", s.handleLive)
	mux.HandleFunc("GET /health/liveness", s.handleLive)
	mux.HandleFunc("GET /health/readiness", s.handleReady)
	mux.Handle("GET /metrics", promhttp.HandlerFor(s.registry, promhttp.HandlerOpts{}))
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		writeError(w, &apiError{Status: http.StatusNotFound, Type: "invalid_request_error", Code: "not_found",
			Message: fmt.Sprintf("%s %s is not an endpoint of Warden; use /v1/chat/completions, /v1/completions, /v1/embeddings or /v1/models", r.Method, r.URL.Path)})
	})
	return s.wrap(mux)
}

// wrap adds what every response gets: the call id and overhead headers, and
// a recover that turns a panic into a 500 and one log line.
func (s *Server) wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rw := &respWriter{ResponseWriter: w, start: time.Now(), id: newID()}
		h := w.Header()
		id := []string{rw.id}
		h[hdrCallID], h[hdrLiteLLMCallID] = id, id
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				s.metrics.Panics.Inc()
				s.log.Error("panic in handler", "path", r.URL.Path, "call_id", rw.id, "panic", fmt.Sprint(v))
				if !rw.wroteHeader {
					writeError(rw, &apiError{Status: 500, Type: "api_error", Class: "InternalServerError",
						Message: "internal error in Warden (call id " + rw.id + "); the log has the details"})
				}
			}
		}()
		// The handlers find rw as their ResponseWriter (the mux passes it
		// on as is), without a context value and a copy of the request.
		next.ServeHTTP(rw, r)
	})
}

// Response header names, canonical: set directly into the header map, they
// are not canonicalized (and allocated) again on every call. Values set
// this way are slices Warden never changes afterwards; net/http copies the
// header when it writes it.
const (
	hdrCallID         = "X-Warden-Call-Id"
	hdrLiteLLMCallID  = "X-Litellm-Call-Id"
	hdrOverhead       = "X-Warden-Overhead-Duration-Ms"
	hdrModelID        = "X-Litellm-Model-Id"
	hdrModelGroup     = "X-Litellm-Model-Group"
	hdrModelAPIBase   = "X-Litellm-Model-Api-Base"
	hdrContentType    = "Content-Type"
	hdrContentLength  = "Content-Length"
	hdrCacheControl   = "Cache-Control"
	hdrAccelBuffering = "X-Accel-Buffering"
)

var (
	valJSON        = []string{"application/json"}
	valEventStream = []string{"text/event-stream"}
	valNoCache     = []string{"no-cache"}
	valNo          = []string{"no"}
)

// providerHeaderNames are the canonical names of the upstream headers
// Warden passes on as llm_provider-<name>, for the ones most providers send.
var providerHeaderNames = func() map[string]string {
	m := map[string]string{}
	for _, k := range []string{"X-Request-Id", "Request-Id", "Apim-Request-Id", "Openai-Processing-Ms", "Openai-Organization",
		"Openai-Version", "X-Ratelimit-Limit-Requests", "X-Ratelimit-Limit-Tokens", "X-Ratelimit-Remaining-Requests",
		"X-Ratelimit-Remaining-Tokens", "X-Ratelimit-Reset-Requests", "X-Ratelimit-Reset-Tokens"} {
		m[k] = http.CanonicalHeaderKey("llm_provider-" + k)
	}
	return m
}()

// respWriter sets x-warden-overhead-duration-ms when the header is written:
// the time since the request arrived minus the time spent waiting on the
// upstream.
type respWriter struct {
	http.ResponseWriter
	start       time.Time
	id          string
	upstream    time.Duration // time waiting on upstreams so far
	wroteHeader bool
	status      int
	written     int64
}

func (w *respWriter) WriteHeader(code int) {
	if w.wroteHeader {
		return
	}
	w.wroteHeader = true
	w.status = code
	w.Header()[hdrOverhead] = []string{formatMS(w.overhead())}
	w.ResponseWriter.WriteHeader(code)
}

func (w *respWriter) Write(b []byte) (int, error) {
	if !w.wroteHeader {
		w.WriteHeader(http.StatusOK)
	}
	n, err := w.ResponseWriter.Write(b)
	w.written += int64(n)
	return n, err
}

// Flush sends what was written to the client now.
func (w *respWriter) Flush() {
	if !w.wroteHeader {
		w.WriteHeader(http.StatusOK)
	}
	if f, ok := w.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

// Unwrap lets http.ResponseController reach the connection.
func (w *respWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

func (w *respWriter) overhead() time.Duration {
	o := time.Since(w.start) - w.upstream
	if o < 0 {
		o = 0
	}
	return o
}

// formatMS writes d as decimal milliseconds ("0.042").
func formatMS(d time.Duration) string {
	return strconv.FormatFloat(float64(d)/1e6, 'f', 3, 64)
}

// authed wraps h with the master-key check.
func (s *Server) authed(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if _, _, err := s.checkKey(r); err != nil {
			writeError(w, err)
			return
		}
		h(w, r)
	}
}

// callerKey returns the key the caller presented (Authorization: Bearer or
// api-key), or "".
func callerKey(r *http.Request) string {
	if a := r.Header.Get("Authorization"); a != "" {
		if k, ok := strings.CutPrefix(a, "Bearer "); ok {
			return strings.TrimSpace(k)
		}
		if k, ok := strings.CutPrefix(a, "bearer "); ok {
			return strings.TrimSpace(k)
		}
		return strings.TrimSpace(a)
	}
	return strings.TrimSpace(r.Header.Get("api-key"))
}

// authenticate checks the caller's key against the master key (constant
// time) and returns the SHA-256 hex of the key and its alias for the log.
// Without a master key every caller is let in; a key they send is still
// hashed so calls can be told apart.
func (s *Server) authenticate(r *http.Request) (hash, alias *string, err *apiError) {
	key, alias, err := s.checkKey(r)
	return keyHash(key), alias, err
}

// keyHash is the SHA-256 of a caller's key in hex, as the record keeps it;
// nil without a key.
func keyHash(key string) *string {
	if key == "" {
		return nil
	}
	sum := sha256.Sum256([]byte(key))
	h := hex.EncodeToString(sum[:])
	return &h
}

// checkKey is authenticate without the key's hash: the caller's key (kept
// only to hash it later, never logged), and the alias of a master key.
func (s *Server) checkKey(r *http.Request) (key string, alias *string, err *apiError) {
	key = callerKey(r)
	if s.masterKey == nil {
		return key, nil, nil
	}
	if key == "" {
		return key, nil, &apiError{Status: 401, Type: "auth_error", Code: "401", Class: "AuthenticationError",
			Message: "Authentication Error, no API key passed in; send Authorization: Bearer <key> or api-key: <key>"}
	}
	if subtle.ConstantTimeCompare([]byte(key), s.masterKey) != 1 {
		return key, nil, &apiError{Status: 401, Type: "auth_error", Code: "401", Class: "AuthenticationError",
			Message: "Authentication Error, invalid API key"}
	}
	return key, &masterKeyAlias, nil
}

// masterKeyAlias is the alias of calls made with the master key; records
// point to it and never change it.
var masterKeyAlias = "master_key"

func (s *Server) handleModels(w http.ResponseWriter, r *http.Request) {
	type model struct {
		ID      string `json:"id"`
		Object  string `json:"object"`
		Created int64  `json:"created"`
		OwnedBy string `json:"owned_by"`
	}
	out := struct {
		Object string  `json:"object"`
		Data   []model `json:"data"`
	}{Object: "list", Data: make([]model, 0, len(s.names))}
	for _, n := range s.names {
		out.Data = append(out.Data, model{ID: n, Object: "model", Created: s.created, OwnedBy: "openai"})
	}
	writeJSON(w, http.StatusOK, out)
}

func (s *Server) handleModel(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("model")
	if _, ok := s.groups[name]; !ok {
		writeError(w, &apiError{Status: 404, Type: "invalid_request_error", Code: "model_not_found",
			Message: fmt.Sprintf("model %q does not exist; the models are: %s", name, strings.Join(s.names, ", "))})
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"id": name, "object": "model", "created": s.created, "owned_by": "openai"})
}

func (s *Server) handleHealth(w http.ResponseWriter, r *http.Request) {
	type ep struct {
		Model   string `json:"model"`
		APIBase string `json:"api_base,omitempty"`
		ModelID string `json:"model_id"`
	}
	var healthy []ep
	for _, n := range s.names {
		for _, d := range s.groups[n].deployments {
			healthy = append(healthy, ep{Model: d.entry.LiteLLMParams.Model, APIBase: d.apiBase, ModelID: d.id})
		}
	}
	// Warden does not spend tokens probing upstreams: it lists the
	// deployments it would route to, like LiteLLM's background health
	// checks report them.
	writeJSON(w, http.StatusOK, map[string]any{"healthy_endpoints": healthy, "unhealthy_endpoints": []ep{},
		"healthy_count": len(healthy), "unhealthy_count": 0})
}

func (s *Server) handleLive(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, "I'm alive!")
}

func (s *Server) handleReady(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, map[string]any{"status": "healthy", "db": "Not connected", "cache": nil,
		"litellm_version": "warden", "success_callbacks": []string{"azure_sentinel"}})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		writeError(w, &apiError{Status: 500, Type: "api_error", Message: "encoding the answer failed"})
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Content-Length", strconv.Itoa(len(b)))
	w.WriteHeader(status)
	_, _ = w.Write(b)
}
