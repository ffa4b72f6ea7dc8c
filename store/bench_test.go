package store

import (
	"context"
	"database/sql/driver"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"syscall"
	"testing"
	"time"

	"github.com/wardenhq/warden/record"
)

// benchRecords returns n distinct request logs as the pipeline hands them
// over (the sample record, ~2.4 KB).
func benchRecords(b *testing.B, n int) []json.RawMessage {
	out := make([]json.RawMessage, n)
	for i := range out {
		r := record.SampleRequestLog()
		r.ID = fmt.Sprintf("chatcmpl-%032d", i)
		out[i] = raw(b, r)
	}
	return out
}

// BenchmarkValues measures converting one record to its column values, as
// Export does it (scratch space reused within a batch).
func BenchmarkValues(b *testing.B) {
	rec := benchRecords(b, 1)[0]
	tb := newTables()[record.RequestTable]
	c := newConv(tb, time.Now())
	row := make([]driver.NamedValue, len(tb.cols))
	b.SetBytes(int64(len(rec)))
	b.ReportAllocs()
	cpu0 := cpuTime()
	for b.Loop() {
		if !tb.row(row, rec, c) {
			b.Fatal("record rejected")
		}
	}
	b.ReportMetric(float64(cpuTime()-cpu0)/float64(b.N), "cpu-ns/op")
}

// BenchmarkExport measures storing batches of 400 request logs (about the
// 1 MiB a pipeline batch holds) with a cancellable context, as the pipeline
// calls Export. ns/op and cpu-ns/record (the process's CPU time, every
// thread, SQLite's writes and checkpoints included) are per record:
//
//	go test -run '^$' -bench Export -benchtime 40000x -cpu 1 ./store
//
// random-ids has the gateway's ids (random UUIDs: each insert lands
// anywhere in the unique index on id); ordered-ids has ids that grow with
// time (UUIDv7), whose index entries are appended.
func BenchmarkExport(b *testing.B) {
	b.Run("random-ids", func(b *testing.B) { benchExport(b, false) })
	b.Run("ordered-ids", func(b *testing.B) { benchExport(b, true) })
}

func benchExport(b *testing.B, ordered bool) {
	s, err := Open(b.TempDir() + "/warden.db")
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	e := s.Exporter(record.RequestTable)
	const batch = 400
	recs := benchRecords(b, batch)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	rng := rand.New(rand.NewPCG(1, 2))
	idAt := len(`{"TimeGenerated":"2025-12-17T19:34:30.078660Z","id":"chatcmpl-`)
	b.SetBytes(int64(len(recs[0])))
	b.ReportAllocs()
	cpu0 := cpuTime()
	n := 0
	for b.Loop() {
		if n%batch == 0 {
			// New ids, so rows are inserted, not ignored as duplicates.
			for i := range recs {
				id := fmt.Sprintf("%016x%016x", rng.Uint64(), rng.Uint64())
				if ordered {
					id = fmt.Sprintf("%016x%016x", n+i, rng.Uint64())
				}
				copy(recs[i][idAt:], id)
			}
		}
		n++
		if n%batch == 0 {
			if err := e.Export(ctx, recs); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(float64(cpuTime()-cpu0)/float64(b.N), "cpu-ns/record")
}

// cpuTime is the CPU time of the process (user and system, every thread):
// on a shared machine it is steadier than wall-clock time.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
