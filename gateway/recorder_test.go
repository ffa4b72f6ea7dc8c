package gateway

import (
	"context"
	"errors"
	"log/slog"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/wardenhq/warden/record"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"
)

// batchFake is a sink with EnqueueBatch that refuses batches while refuse
// is set, and single records whose value is in bad.
type batchFake struct {
	mu      sync.Mutex
	got     []any
	batches int
	refuse  bool
	bad     map[int]bool
}

func (s *batchFake) Enqueue(rec any) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.bad[rec.(int)] {
		return errors.New("refused")
	}
	s.got = append(s.got, rec)
	return nil
}

func (s *batchFake) EnqueueBatch(recs []any) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.refuse {
		return errors.New("batch refused")
	}
	s.batches++
	s.got = append(s.got, recs...)
	return nil
}

// TestRecorderBatches: records reach a batch sink in order, several per
// call; a refused batch is retried record by record, and only the records
// the sink refuses alone are counted as failed.
func TestRecorderBatches(t *testing.T) {
	for _, refuse := range []bool{false, true} {
		m := NewMetrics(prometheus.NewRegistry())
		sink := &batchFake{refuse: refuse, bad: map[int]bool{7: true, 300: true}}
		r := NewRecorder(sink, "requests", 1024, m, slog.New(slog.DiscardHandler))
		const n = 1000
		for i := range n { // queued before the goroutine starts: batches
			r.Record(i)
		}
		r.Start()
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		if err := r.Shutdown(ctx); err != nil {
			t.Fatal(err)
		}
		cancel()
		want := 0
		for i, v := range sink.got {
			if !refuse {
				want = i
			} else if want == 7 || want == 300 {
				want++
			}
			if v.(int) != want {
				t.Fatalf("refuse=%v: record %d is %v, want %d", refuse, i, v, want)
			}
			want++
		}
		failed := testutil.ToFloat64(m.RecorderFailed.WithLabelValues("requests"))
		switch {
		case !refuse && (len(sink.got) != n || sink.batches == 0 || sink.batches > n/2 || failed != 0):
			t.Errorf("batches: %d records in %d batches, %v failed", len(sink.got), sink.batches, failed)
		case refuse && (len(sink.got) != n-2 || failed != 2):
			t.Errorf("refused batches: %d records kept, %v failed; want %d and 2", len(sink.got), failed, n-2)
		}
	}
}

// slowSink takes a millisecond per record, like a spool on a busy disk.
type slowSink struct{ *fakeSink }

func (s *slowSink) Enqueue(rec any) error {
	time.Sleep(time.Millisecond)
	return s.fakeSink.Enqueue(rec)
}

// Shutdown hands every queued record to the sink even when the caller's
// budget is already spent (a long stream used it up): the caller closes the
// spool right after, and a record handed over later would be lost.
func TestShutdownDrainsRecordersAfterTheBudgetIsSpent(t *testing.T) {
	sink := &slowSink{newSink()}
	g := newGateway(t, "model_list:\n  - model_name: m\n    litellm_params: {model: mock/m}\n", nil,
		func(o *Options) { o.Requests = sink })
	const n = 200
	for i := range n {
		g.reqRec.Record(&record.RequestLog{ID: strconv.Itoa(i)})
	}
	expired, cancel := context.WithCancel(context.Background())
	cancel()
	_ = g.Shutdown(expired)
	if got := sink.len(); got != n {
		t.Fatalf("%d of %d queued records reached the sink when Shutdown returned", got, n)
	}
}

// pendingInt builds to its value, or to nothing when negative.
type pendingInt int

func (p pendingInt) Build() any {
	if p < 0 {
		return nil
	}
	return int(p)
}

// Pending records are built before they reach the sink, in queue order;
// one that builds to nil is dropped. After Shutdown, and when the queue is
// full, Record builds them itself.
func TestRecorderBuildsPending(t *testing.T) {
	sink := &batchFake{}
	r := NewRecorder(sink, "requests", 4, nil, slog.New(slog.DiscardHandler))
	for _, rec := range []any{1, pendingInt(2), pendingInt(-1), 3, pendingInt(4), pendingInt(5)} { // 4, 5: queue full
		r.Record(rec)
	}
	r.Start()
	if err := r.Shutdown(t.Context()); err != nil {
		t.Fatal(err)
	}
	r.Record(pendingInt(6)) // after Shutdown
	sink.mu.Lock()
	defer sink.mu.Unlock()
	want := map[int]bool{1: true, 2: true, 3: true, 4: true, 5: true, 6: true}
	if len(sink.got) != len(want) {
		t.Fatalf("sink got %v", sink.got)
	}
	for _, g := range sink.got {
		if !want[g.(int)] {
			t.Fatalf("sink got %v", sink.got)
		}
	}
	// The overflowing ones first, then the queue in order, then 6.
	if sink.got[0] != 4 || sink.got[1] != 5 || sink.got[2] != 1 || sink.got[3] != 2 || sink.got[4] != 3 || sink.got[5] != 6 {
		t.Errorf("order %v", sink.got)
	}
}
