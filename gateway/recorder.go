package gateway

import (
	"context"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// Sink receives records: a *pipeline.Pipeline in production (JSON-marshal
// and append to the on-disk spool), a fake in tests.
type Sink interface {
	Enqueue(rec any) error
}

// Pending is queued in place of a record whose making the caller should not
// wait for: the recorder's goroutine calls Build and hands the result (nil:
// nothing) to the sink. The gateway queues its finished calls this way, so
// the guard's deferred detections and the request log's construction run
// after the call, not in it.
type Pending interface {
	Build() any
}

// Recorder hands records from the request path to a Sink without making the
// request wait: Record puts the record in a bounded in-memory queue and one
// goroutine calls the sink's Enqueue (EnqueueBatch, for a few records at a
// time, when the sink has it).
//
// When the queue is full (the spool is slower than the request rate for a
// long stretch), Record calls Enqueue itself instead of dropping the record
// or growing memory without bound. The gateway calls Record only after the
// client has its whole answer, so this backpressure delays the next request
// on that connection, never the answer already sent; and it is counted in
// warden_recorder_overflow_total so an operator sees it.
type Recorder struct {
	sink   Sink
	stream string
	log    *slog.Logger
	q      chan any

	mu       sync.RWMutex // guards closed against Record racing Shutdown
	closed   bool
	stopping atomic.Bool // Shutdown started: hand over what is queued without lingering
	done     chan struct{}

	overflow prometheus.Counter
	failed   prometheus.Counter
	lastLog  atomic.Int64 // unix nanos of the last enqueue-failure log line
}

// NewRecorder returns a recorder of capacity records in memory in front of
// sink. stream names it in metrics and logs.
func NewRecorder(sink Sink, stream string, capacity int, m *Metrics, log *slog.Logger) *Recorder {
	if capacity <= 0 {
		capacity = 1
	}
	if log == nil {
		log = slog.Default()
	}
	r := &Recorder{sink: sink, stream: stream, log: log, q: make(chan any, capacity), done: make(chan struct{})}
	if m != nil {
		r.overflow = m.RecorderOverflow.WithLabelValues(stream)
		r.failed = m.RecorderFailed.WithLabelValues(stream)
	}
	return r
}

// batchSink is a Sink that takes several records in one call: a
// *pipeline.Pipeline appends them to its spool with a single write.
type batchSink interface {
	EnqueueBatch(recs []any) error
}

const (
	// recorderBatch bounds the records handed to the sink at once.
	recorderBatch = 256
	// recorderLinger is how long the recorder lets records gather after
	// handing some to the sink. At 1,000 calls/s that turns a thousand
	// spool writes and goroutine wake-ups a second into two hundred,
	// and it holds records a few milliseconds longer in memory; calls
	// never wait for it.
	recorderLinger = 5 * time.Millisecond
)

// Start starts the goroutine that feeds the sink.
func (r *Recorder) Start() {
	go func() {
		defer close(r.done)
		bs, _ := r.sink.(batchSink)
		batch := make([]any, 0, recorderBatch)
		for rec := range r.q {
			batch = append(batch[:0], rec)
		gather:
			for len(batch) < recorderBatch {
				select {
				case rec, ok := <-r.q:
					if !ok {
						break gather
					}
					batch = append(batch, rec)
				default:
					break gather
				}
			}
			batch = build(batch)
			r.enqueueAll(bs, batch)
			clear(batch[:cap(batch)]) // let the records go
			if len(batch) < recorderBatch && !r.stopping.Load() {
				time.Sleep(recorderLinger)
			}
		}
	}()
}

// build replaces the Pending records of recs with what they build,
// dropping nils.
func build(recs []any) []any {
	out := recs[:0]
	for _, rec := range recs {
		if p, ok := rec.(Pending); ok {
			rec = p.Build()
		}
		if rec != nil {
			out = append(out, rec)
		}
	}
	return out
}

// enqueueAll hands records to the sink, in one call when it takes batches;
// when a batch is refused (the spool cannot take all of it), each record
// is tried alone so as many as fit are kept and the others are counted.
func (r *Recorder) enqueueAll(bs batchSink, recs []any) {
	if bs != nil && len(recs) > 1 && bs.EnqueueBatch(recs) == nil {
		return
	}
	for _, rec := range recs {
		r.enqueue(rec)
	}
}

// Record queues rec (a record, or a Pending one) for the sink. It never
// blocks on the network; it builds a Pending record and calls the sink
// directly (a disk append) only when the queue is full, and after Shutdown.
func (r *Recorder) Record(rec any) {
	r.mu.RLock()
	if !r.closed {
		select {
		case r.q <- rec:
			r.mu.RUnlock()
			return
		default:
		}
	}
	r.mu.RUnlock()
	if r.overflow != nil {
		r.overflow.Inc()
	}
	r.enqueue(rec)
}

func (r *Recorder) enqueue(rec any) {
	if p, ok := rec.(Pending); ok {
		if rec = p.Build(); rec == nil {
			return
		}
	}
	err := r.sink.Enqueue(rec)
	if err == nil {
		return
	}
	if r.failed != nil {
		r.failed.Inc()
	}
	// One line per ten seconds at most: a full spool would otherwise log
	// once per request.
	now := time.Now().UnixNano()
	last := r.lastLog.Load()
	if now-last > int64(10*time.Second) && r.lastLog.CompareAndSwap(last, now) {
		r.log.Error("recording failed; see warden_recorder_failed_total", "stream", r.stream, "err", err)
	}
}

// Shutdown stops the queue and waits until every queued record reached the
// sink, or ctx ends. Records that arrive afterwards go to the sink directly.
func (r *Recorder) Shutdown(ctx context.Context) error {
	r.stopping.Store(true)
	r.mu.Lock()
	if !r.closed {
		r.closed = true
		close(r.q)
	}
	r.mu.Unlock()
	select {
	case <-r.done:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
