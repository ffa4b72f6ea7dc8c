package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net"
	"os"
	"os/signal"
	"path/filepath"
	"runtime/debug"
	"strconv"
	"strings"
	"syscall"

	"github.com/google/uuid"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"

	"github.com/wardenhq/warden/config"
	"github.com/wardenhq/warden/delivery"
	"github.com/wardenhq/warden/gateway"
	"github.com/wardenhq/warden/guard"
	"github.com/wardenhq/warden/metrics"
	"github.com/wardenhq/warden/pipeline"
	"github.com/wardenhq/warden/pricing"
	"github.com/wardenhq/warden/sentinel"
	"github.com/wardenhq/warden/spool"
)

// serveOptions are the flags of `warden serve`.
type serveOptions struct {
	configPath string
	host       string
	port       int
	dataDir    string // empty: warden.data_dir of the config
	debug      bool
	getenv     func(string) string
}

func init() {
	var o serveOptions
	register(&command{
		name:    "serve",
		summary: "run the OpenAI-compatible gateway from a LiteLLM config.yaml, with AIDR and delivery of every log to Sentinel",
		usage:   "serve [--config config.yaml] [--port 4000] [--host 0.0.0.0] [--data-dir DIR]",
		setup: func(fs *flag.FlagSet) {
			fs.StringVar(&o.configPath, "config", "", "LiteLLM-format config.yaml (default: built-in mock models)")
			fs.StringVar(&o.host, "host", "0.0.0.0", "address to listen on")
			fs.IntVar(&o.port, "port", 4000, "port to listen on (0 picks a free one)")
			fs.StringVar(&o.dataDir, "data-dir", "", "data directory for spools, dead letters, the local store and the sensor id (default: warden.data_dir, ./warden-data)")
			fs.BoolVar(&o.debug, "debug", false, "log at debug level")
		},
		run: func(fs *flag.FlagSet, args []string) error {
			if len(args) > 0 {
				return usageErrorf("unexpected argument %q; serve takes only flags (did you mean --config %s?)", args[0], args[0])
			}
			if o.port < 0 || o.port > 65535 {
				return usageErrorf("--port %d is not a port; use 1 to 65535, or 0 for any free port", o.port)
			}
			o.getenv = os.Getenv
			tuneGC(o.getenv)
			ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
			defer stop()
			return serve(ctx, o, fs.Output(), nil)
		},
	})
}

// Garbage-collector settings of warden serve when GOGC and GOMEMLIMIT are
// not set. The gateway allocates a little per call and keeps a small live
// heap (about 16 MB at 1,000 calls/s), so Go's default (collect when the
// heap doubles) runs the collector often, and on a small machine its mark
// workers take a core from the calls: with gcPercent 300 the gateway load
// harness measured 1.07-1.18x the bare proxy's added latency instead of
// 1.58-1.85x, and 1.30-1.43x its CPU instead of 1.44-1.59x, for 68-72 MB of
// peak RSS instead of 44 (BENCHMARKS.md). The soft limit caps what GOGC 300
// allows when the live heap grows (calls piling up behind a slow upstream
// or a stalled machine): with a 200 ms upstream at 1,000 calls/s the
// process peaked at 131-143 MB with a limit of 512 MiB and at 83-84 MB
// with 80 MiB; at the harness's 20 ms it changes nothing (the heap stays
// under the limit). An operator with a larger live heap (heavier traffic,
// big prompts) raises it with GOMEMLIMIT.
const (
	gcPercent   = 300
	gcSoftLimit = 80 << 20
)

// tuneGC applies gcPercent and gcSoftLimit unless the operator set GOGC or
// GOMEMLIMIT, which the runtime has already applied.
func tuneGC(getenv func(string) string) {
	if getenv("GOGC") == "" {
		debug.SetGCPercent(gcPercent)
	}
	if getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(gcSoftLimit)
	}
}

// sensorIDFile holds this instance's stable sensor id (convictions'
// sensor_id), created once in the data directory.
const sensorIDFile = "sensor_id"

// serve runs the gateway until ctx is done, then shuts down gracefully:
// stop accepting, finish calls in flight, drain the recorders into the
// spools, and drain the spools to their destination within drain_timeout.
// ready, when set, is called with the base URL once it listens.
func serve(ctx context.Context, o serveOptions, logw io.Writer, ready func(url string)) error {
	level := slog.LevelInfo
	if o.debug {
		level = slog.LevelDebug
	}
	log := slog.New(slog.NewTextHandler(logw, &slog.HandlerOptions{Level: level}))
	if o.getenv == nil {
		o.getenv = os.Getenv
	}
	cfg, err := config.Load(o.configPath, o.getenv)
	if err != nil {
		return err
	}
	dataDir := cfg.Warden.DataDir
	if o.dataDir != "" {
		dataDir = o.dataDir
	}
	if err := os.MkdirAll(dataDir, 0o700); err != nil {
		return fmt.Errorf("create data directory %s: %w; choose another with --data-dir", dataDir, err)
	}
	sensorID, err := loadSensorID(dataDir)
	if err != nil {
		return err
	}
	gcfg, err := guard.ParseConfig(&cfg.Guardrails)
	if err != nil {
		return fmt.Errorf("config %s: %w", cfg.Source, err)
	}
	eng, err := guard.New(gcfg, guard.Options{TenantID: cfg.Warden.TenantID, SensorID: sensorID, Logger: log})
	if err != nil {
		return fmt.Errorf("guardrails: %w", err)
	}

	pricer, err := priceTable(cfg.Warden.PriceFile)
	if err != nil {
		return err
	}

	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	dm := metrics.NewDelivery(reg)
	w := cfg.Warden
	streams, err := delivery.Open(delivery.Options{
		Settings: cfg.Sentinel,
		DataDir:  dataDir,
		Pipeline: pipeline.Options{MaxBytes: w.SpoolMaxBytes, FullPolicy: spool.FullPolicy(w.SpoolFullPolicy),
			MaxBatchBytes: w.BatchMaxBytes, MaxFieldBytes: w.FieldMaxBytes},
		Exporter: deadLetterOverride(w.DeadLetterFile),
		Metrics:  dm,
		Logger:   log,
	})
	if err != nil {
		return fmt.Errorf("start delivery: %w", err)
	}
	streams.Start()

	addr := net.JoinHostPort(o.host, strconv.Itoa(o.port))
	gw, err := gateway.New(gateway.Options{
		Config: cfg, Requests: streams.Requests, Convictions: streams.Convictions,
		Registry: reg, Logger: log, Guard: eng, Pricer: pricer, Addr: addr,
	})
	if err == nil {
		err = gw.Start()
	}
	if err != nil {
		sctx, cancel := context.WithTimeout(context.Background(), w.DrainTimeout.Duration())
		defer cancel()
		_ = streams.Shutdown(sctx)
		return err
	}
	_, port, _ := net.SplitHostPort(gw.Addr())
	url := "http://" + net.JoinHostPort(o.host, port)
	logStartup(log, cfg, url, dataDir, sensorID, streams.Destination, gcfg)
	if ready != nil {
		ready(url)
	}

	<-ctx.Done()
	log.Info("shutting down: finishing calls in flight and draining records", "drain_timeout", w.DrainTimeout.Duration().String())
	var errs []error
	gctx, cancel := context.WithTimeout(context.Background(), w.DrainTimeout.Duration())
	if err := gw.Shutdown(gctx); err != nil {
		errs = append(errs, err)
	}
	cancel()
	// The spools get their own budget: calls in flight must not eat it.
	// What is not delivered in time stays in the spool for the next start.
	dctx, cancel := context.WithTimeout(context.Background(), w.DrainTimeout.Duration())
	defer cancel()
	if err := streams.Shutdown(dctx); err != nil {
		errs = append(errs, fmt.Errorf("delivery: %w (undelivered records stay in %s and are sent at the next start)", err, filepath.Join(dataDir, "spool")))
	}
	if err := errors.Join(errs...); err != nil {
		log.Warn("shutdown incomplete", "err", err)
		return err
	}
	log.Info("stopped")
	return nil
}

// logStartup writes the startup summary: where Warden listens, which
// models it serves, where records go, and what of the config it ignores.
// Never a secret.
func logStartup(log *slog.Logger, cfg *config.Config, url, dataDir, sensorID, destination string, g guard.Config) {
	log.Info("warden listening", "url", url, "config", cfg.Source, "models", strings.Join(cfg.ModelNames(), ","),
		"deployments", len(cfg.ModelList), "master_key", cfg.GeneralSettings.MasterKey != "")
	log.Info("records go to "+destination, "data_dir", dataDir, "sensor_id", sensorID)
	if cfg.Sentinel.Enabled() && !cfg.LogsToSentinel() {
		log.Info("litellm_settings.callbacks does not list azure_sentinel; Warden ships every call to Sentinel anyway")
	}
	mode := "detect"
	if g.BlockPromptInjection {
		mode = "block prompt injection"
	}
	log.Info("AIDR guardrails on", "mode", mode, "stream_mode", g.StreamMode)
	if len(cfg.Unsupported) > 0 {
		log.Warn("config keys Warden does not support are ignored: "+strings.Join(cfg.Unsupported, "; "), "count", len(cfg.Unsupported))
	}
}

// loadSensorID reads the instance's sensor id, creating it on first start.
func loadSensorID(dataDir string) (string, error) {
	p := filepath.Join(dataDir, sensorIDFile)
	b, err := os.ReadFile(p)
	if err == nil {
		id := strings.TrimSpace(string(b))
		if _, perr := uuid.Parse(id); perr == nil {
			return id, nil
		}
		return "", fmt.Errorf("%s does not hold a UUID; delete it to get a new sensor id", p)
	}
	if !errors.Is(err, fs.ErrNotExist) {
		return "", fmt.Errorf("read sensor id: %w", err)
	}
	id := uuid.NewString()
	if err := os.WriteFile(p, []byte(id+"\n"), 0o600); err != nil {
		return "", fmt.Errorf("write sensor id: %w", err)
	}
	return id, nil
}

// deadLetterOverride puts the dead letters in warden.dead_letter_file when
// it is set: the request stream's there, the conviction stream's next to
// it with ".convictions" before the extension.
func deadLetterOverride(file string) func(*sentinel.ExporterOptions) {
	if file == "" {
		return nil
	}
	ext := filepath.Ext(file)
	conv := strings.TrimSuffix(file, ext) + ".convictions" + ext
	return func(eo *sentinel.ExporterOptions) {
		if strings.HasSuffix(eo.DeadLetterPath, delivery.Convictions+".jsonl") {
			eo.DeadLetterPath = conv
		} else {
			eo.DeadLetterPath = file
		}
	}
}

// priceTable is the built-in price table with warden.price_file (LiteLLM's
// model_prices_and_context_window.json format) merged over it.
func priceTable(file string) (gateway.Pricer, error) {
	if file == "" {
		return gateway.PriceTable(pricing.Default()), nil
	}
	t, err := pricing.Load(file)
	if err != nil {
		return nil, fmt.Errorf("warden.price_file: %w", err)
	}
	return gateway.PriceTable(t), nil
}
