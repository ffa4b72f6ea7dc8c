package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"encoding/json"
	"fmt"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"github.com/wardenhq/warden/record"
)

// TestExportBatchSizes: batches of every size around the rows of one
// INSERT statement store each good record once, with its own values, and
// each bad one in the error table, also when redelivered whole or in part.
func TestExportBatchSizes(t *testing.T) {
	ctx := context.Background()
	chunk := newTables()[record.RequestTable].rowsPerInsert()
	for _, size := range []int{1, 2, 3, chunk - 1, chunk, chunk + 1, 2*chunk + 3, 400} {
		t.Run(fmt.Sprint(size), func(t *testing.T) {
			s := openTemp(t)
			exp := s.Exporter(record.RequestTable)
			batch := make([]json.RawMessage, size)
			good := 0
			for i := range batch {
				if i%7 == 3 { // not an object
					batch[i] = json.RawMessage(fmt.Sprintf(`[%d]`, i))
					continue
				}
				r := record.SampleRequestLog()
				r.ID = fmt.Sprintf("rec-%04d", i)
				r.TotalTokens = int64(i)
				r.Model = fmt.Sprintf("model-%d", i)
				batch[i] = raw(t, r)
				good++
			}
			for _, b := range [][]json.RawMessage{batch, batch, batch[size/2:]} {
				if err := exp.Export(ctx, b); err != nil {
					t.Fatal(err)
				}
			}
			rows, err := s.Query(ctx, record.RequestTable, QueryOptions{Columns: []string{"id", "total_tokens", "model"}})
			if err != nil {
				t.Fatal(err)
			}
			if len(rows) != good {
				t.Fatalf("%d rows, want %d", len(rows), good)
			}
			for _, r := range rows {
				var i int
				if _, err := fmt.Sscanf(r["id"].(string), "rec-%04d", &i); err != nil {
					t.Fatalf("row %v: %v", r, err)
				}
				if r["total_tokens"] != int64(i) || r["model"] != fmt.Sprintf("model-%d", i) {
					t.Errorf("row %v: values of another record", r)
				}
			}
			bad, err := s.Count(ctx, ErrorTable, QueryOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if want := size - good; bad != int64(want) {
				t.Errorf("%d error rows, want %d", bad, want)
			}
		})
	}
}

// TestOpensAnOlderFile: a store written by an earlier Warden (SQLite's
// default 4 KB pages, a table with fewer columns) opens with its rows, gets
// the new columns, and takes new records; a new file gets the large pages.
func TestOpensAnOlderFile(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "warden.db")
	old, err := sql.Open("sqlite", "file:"+path+"?_journal_mode=WAL")
	if err != nil {
		t.Fatal(err)
	}
	for _, stmt := range []string{
		`CREATE TABLE "LiteLLM_CL" ("TimeGenerated" TEXT, "id" TEXT, "model" TEXT)`,
		`CREATE UNIQUE INDEX "LiteLLM_CL_id" ON "LiteLLM_CL" ("id")`,
		`INSERT INTO "LiteLLM_CL" VALUES ('2025-01-01T00:00:00.000000Z', 'old', 'gpt-4')`,
	} {
		if _, err := old.ExecContext(ctx, stmt); err != nil {
			t.Fatal(err)
		}
	}
	if err := old.Close(); err != nil {
		t.Fatal(err)
	}

	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	sample := record.SampleRequestLog()
	if err := s.Exporter(record.RequestTable).Export(ctx, []json.RawMessage{raw(t, sample), raw(t, sample)}); err != nil {
		t.Fatal(err)
	}
	rows, err := s.Query(ctx, record.RequestTable, QueryOptions{Columns: []string{"id", "model", "total_tokens"}})
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 2 || rows[0]["id"] != sample.ID || rows[0]["total_tokens"] != int64(30) ||
		rows[1]["id"] != "old" || rows[1]["model"] != "gpt-4" || rows[1]["total_tokens"] != nil {
		t.Fatalf("rows %v, want the sample then the old row", rows)
	}
	if got := pageSize(t, s); got != 4096 {
		t.Errorf("older file: page size %d, want its own 4096", got)
	}
	if got := pageSize(t, openTemp(t)); got != 32768 {
		t.Errorf("new file: page size %d, want 32768", got)
	}
}

func pageSize(t *testing.T, s *Store) int {
	t.Helper()
	var n int
	if err := s.r.QueryRowContext(context.Background(), "PRAGMA page_size").Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// TestBoxString checks that the values boxString gives out are the strings
// they were made of, as a driver type switch sees them, after a collection
// and after the slots ran out and were replaced.
func TestBoxString(t *testing.T) {
	c := &conv{}
	want := make([]string, 200)
	vals := make([]driver.Value, len(want))
	for i := range want {
		want[i] = strings.Repeat("x", i%7) + strconv.Itoa(i)
		vals[i] = c.boxString(want[i])
	}
	runtime.GC()
	for i, v := range vals {
		if s, ok := v.(string); !ok || s != want[i] || v != driver.Value(want[i]) {
			t.Fatalf("value %d = %#v, want %q", i, v, want[i])
		}
	}
}
