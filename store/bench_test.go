package store

import (
	"bytes"
	"context"
	"database/sql/driver"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"syscall"
	"testing"
	"time"

	"github.com/wardenhq/warden/record"
)

// benchRecords returns n distinct request logs as the pipeline hands them
// over: the sample record (every field filled, ~2.4 KB) or, for
// "gateway", what the gateway logs for the load harness's chat request
// (testdata/gateway_request_log.json, ~2.5 KB). Their ids are UUIDs.
func benchRecords(b *testing.B, kind string, n int) []json.RawMessage {
	var rec []byte
	if kind == "gateway" {
		var err error
		if rec, err = os.ReadFile("testdata/gateway_request_log.json"); err != nil {
			b.Fatal(err)
		}
	} else {
		r := record.SampleRequestLog()
		r.ID = uuidText(0, 0)
		rec = raw(b, r)
	}
	out := make([]json.RawMessage, n)
	for i := range out {
		out[i] = bytes.Clone(rec)
		setID(b, out[i], uuidText(uint64(i), 0))
	}
	return out
}

// uuidText writes a UUID's text from its two halves.
func uuidText(hi, lo uint64) string {
	return fmt.Sprintf("%08x-%04x-%04x-%04x-%012x", hi>>32, hi>>16&0xffff, hi&0xffff, lo>>48, lo&0xffffffffffff)
}

// setID overwrites the id of a record with one of the same length.
func setID(b *testing.B, rec []byte, id string) {
	i := bytes.Index(rec, []byte(`"id":"`)) + len(`"id":"`)
	if i < len(`"id":"`) || len(rec) < i+len(id) || rec[i+len(id)] != '"' {
		b.Fatalf("record has no id of %d characters: %.100s", len(id), rec)
	}
	copy(rec[i:], id)
}

// BenchmarkValues measures converting one record to its column values, as
// Export does it (scratch space reused within a batch).
func BenchmarkValues(b *testing.B) {
	rec := benchRecords(b, "sample", 1)[0]
	tb := newTables()[record.RequestTable]
	c := newConv(tb, time.Now())
	row := make([]driver.NamedValue, len(tb.cols))
	b.SetBytes(int64(len(rec)))
	b.ReportAllocs()
	cpu0 := cpuTime()
	for b.Loop() {
		c.used = 0 // as Export does once a statement has run
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
	b.Run("sample/random-ids", func(b *testing.B) { benchExport(b, "sample", false) })
	b.Run("sample/ordered-ids", func(b *testing.B) { benchExport(b, "sample", true) })
	b.Run("gateway/random-ids", func(b *testing.B) { benchExport(b, "gateway", false) })
}

func benchExport(b *testing.B, kind string, ordered bool) {
	s, err := Open(b.TempDir() + "/warden.db")
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	e := s.Exporter(record.RequestTable)
	const batch = 400
	recs := benchRecords(b, kind, batch)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	rng := rand.New(rand.NewPCG(1, 2))
	b.SetBytes(int64(len(recs[0])))
	b.ReportAllocs()
	cpu0 := cpuTime()
	n := 0
	for b.Loop() {
		if n%batch == 0 {
			// New ids, so rows are inserted, not ignored as duplicates.
			for i := range recs {
				hi := rng.Uint64()
				if ordered {
					hi = uint64(n+i)<<16 | hi&0xffff
				}
				setID(b, recs[i], uuidText(hi, rng.Uint64()))
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
