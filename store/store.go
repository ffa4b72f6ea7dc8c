// Package store is Warden's embedded local store: a SQLite database (pure Go,
// modernc.org/sqlite) that receives the request logs and convictions when no
// Azure workspace is configured, so `warden serve` with no configuration
// still keeps every record. Its tables have the names and columns of the Log
// Analytics tables (LiteLLM_CL, WardenConvictions_CL), and it stores what
// Azure would: the declared columns only, coerced to their declared types,
// with TimeGenerated set to the receive time when a record has none.
//
// The database runs in WAL mode, so `warden query` in another process reads
// while `warden serve` writes.
package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/wardenhq/warden/record"
)

// ErrorTable receives the records the store could not accept (not a JSON
// object), with the reason, the way Azure records rejected calls in
// DCRLogErrors: nothing is dropped silently.
const ErrorTable = "DCRLogErrors"

// errorColumns are the columns of ErrorTable. RecordHash makes a redelivered
// bad record idempotent like the good ones.
var errorColumns = []record.Column{
	{Name: "TimeGenerated", Type: "datetime"},
	{Name: "InputStreamId", Type: "string"}, // the table the record was meant for
	{Name: "OperationName", Type: "string"},
	{Name: "Message", Type: "string"},
	{Name: "Record", Type: "string"},
	{Name: "RecordHash", Type: "string"},
}

// ErrClosed is returned by a store used after Close.
var ErrClosed = errors.New("store is closed")

// ErrUnknownTable is returned for a table the store does not hold.
var ErrUnknownTable = errors.New("unknown table")

// timeFormat is how datetime columns are stored: UTC, fixed width, so that
// text order is time order and Since filters compare strings. It is the
// format record.Timestamp writes, so Warden's own values round-trip exactly.
const timeFormat = "2006-01-02T15:04:05.000000Z"

// table is one table's schema.
type table struct {
	name    string
	key     string // column with a unique index ("" for none)
	cols    []record.Column
	types   map[string]string // column name -> declared type
	index   map[string]int    // column name -> position in cols
	kinds   []kind            // kind of each column, from its type
	hasTime bool
	timeCol int // position of TimeGenerated, -1 when the table has none
}

// Store is the local database. It is safe for concurrent use.
type Store struct {
	path   string
	w      *sql.DB // one connection (SQLite has one writer at a time anyway): migrate's, then wc
	r      *sql.DB // readers, concurrent with the writer thanks to WAL
	tables map[string]*table
	closed atomic.Bool
	now    func() time.Time

	// wmu serializes the writes, which all go through wc, the writer's one
	// connection, held for the life of the store so that its prepared
	// inserts (stmts) stay valid from batch to batch.
	wmu   sync.Mutex
	wc    *sql.Conn
	stmts map[stmtKey]driver.Stmt
	args  []driver.NamedValue // the parameters of one insert, reused
}

// Tables lists the tables of the store: Warden's two record tables and the
// error table.
func Tables() []string {
	return []string{record.RequestTable, record.ConvictionTable, ErrorTable}
}

func newTables() map[string]*table {
	defs := []struct {
		name, key string
		cols      []record.Column
	}{
		{record.RequestTable, "id", record.RequestColumns},
		{record.ConvictionTable, "conviction_id", record.ConvictionColumns},
		{ErrorTable, "RecordHash", errorColumns},
	}
	m := make(map[string]*table, len(defs))
	for _, d := range defs {
		t := &table{name: d.name, key: d.key, cols: d.cols, types: make(map[string]string, len(d.cols)),
			index: make(map[string]int, len(d.cols)), kinds: make([]kind, len(d.cols)), timeCol: -1}
		for i, c := range d.cols {
			t.types[c.Name] = c.Type
			t.index[c.Name] = i
			t.kinds[i] = kindOf(c.Type)
			if c.Name == "TimeGenerated" {
				t.hasTime = true
				t.timeCol = i
			}
		}
		m[d.name] = t
	}
	return m
}

// Open opens (creating it if needed) the store at path, a file such as
// ./warden-data/warden.db, and brings its tables up to the current record
// schemas (new columns are added; none are removed).
func Open(path string) (*Store, error) {
	if path == "" {
		return nil, errors.New("store: empty path")
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, fmt.Errorf("store: create directory: %w", err)
	}
	// Create the file ourselves so prompts and answers are readable by the
	// owner only; SQLite would create it with 0644.
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("store: open %s: %w", path, err)
	}
	f.Close()

	// _txlock=immediate takes the write lock at BEGIN, so a transaction
	// never has to upgrade a read lock, which SQLite answers with an
	// immediate SQLITE_BUSY instead of waiting.
	//
	// page_size applies to a new file only (it runs before journal_mode;
	// an existing file keeps its pages). Rows are a few KB: SQLite's 4 KB
	// page holds one request log and wastes the rest, and every page a
	// batch dirties costs a WAL frame (two writes, a checksum), and a read
	// and a write at the checkpoint, whatever its size. With 32 KB pages a
	// batch dirties far fewer of them: BenchmarkExport spends a third less
	// CPU per record than with 4 KB pages while the table is small, and a
	// tenth less at 400,000 rows (where the leaves of the unique index,
	// which random ids hit all over, dominate). The page cache stays at
	// SQLite's default (2 MiB): an 8 MiB cache saved a few percent of CPU
	// but raised warden serve's peak RSS under the gateway load harness
	// from 44 to 92 MB.
	base := "file:" + filepath.ToSlash(path) + "?_busy_timeout=5000"
	w, err := sql.Open("sqlite", base+"&_journal_mode=WAL&_synchronous=NORMAL&_txlock=immediate"+
		"&_pragma=page_size(32768)")
	if err != nil {
		return nil, fmt.Errorf("store: open %s: %w", path, err)
	}
	w.SetMaxOpenConns(1)
	w.SetConnMaxIdleTime(0)
	s := &Store{path: path, w: w, tables: newTables(), now: time.Now}
	if err := s.migrate(context.Background()); err != nil {
		w.Close()
		return nil, fmt.Errorf("store: %s: %w", path, err)
	}
	r, err := sql.Open("sqlite", base+"&_query_only=1")
	if err != nil {
		w.Close()
		return nil, fmt.Errorf("store: open %s: %w", path, err)
	}
	r.SetMaxOpenConns(4)
	s.r = r
	if s.wc, err = w.Conn(context.Background()); err != nil {
		_, _ = r.Close(), w.Close()
		return nil, fmt.Errorf("store: open %s: %w", path, err)
	}
	return s, nil
}

// Path returns the database file.
func (s *Store) Path() string { return s.path }

// Close closes the database. Exports in flight fail with ErrClosed.
func (s *Store) Close() error {
	if s.closed.Swap(true) {
		return nil
	}
	// An insert in flight finishes first (it fails with ErrClosed on its
	// next try), then the prepared statements go with their connection.
	s.wmu.Lock()
	err := s.closeStmts()
	s.wmu.Unlock()
	return errors.Join(err, s.wc.Close(), s.r.Close(), s.w.Close())
}

func (s *Store) migrate(ctx context.Context) error {
	for _, name := range Tables() {
		t := s.tables[name]
		defs := make([]string, len(t.cols))
		for i, c := range t.cols {
			defs[i] = quote(c.Name) + " " + sqlType(c.Type)
		}
		stmt := fmt.Sprintf("CREATE TABLE IF NOT EXISTS %s (%s)", quote(name), strings.Join(defs, ", "))
		if _, err := s.w.ExecContext(ctx, stmt); err != nil {
			return fmt.Errorf("create table %s: %w", name, err)
		}
		have, err := s.existingColumns(ctx, name)
		if err != nil {
			return err
		}
		for _, c := range t.cols {
			if have[c.Name] {
				continue
			}
			stmt := fmt.Sprintf("ALTER TABLE %s ADD COLUMN %s %s", quote(name), quote(c.Name), sqlType(c.Type))
			if _, err := s.w.ExecContext(ctx, stmt); err != nil {
				return fmt.Errorf("add column %s.%s: %w", name, c.Name, err)
			}
		}
		if t.key != "" {
			stmt := fmt.Sprintf("CREATE UNIQUE INDEX IF NOT EXISTS %s ON %s (%s)",
				quote(name+"_"+t.key), quote(name), quote(t.key))
			if _, err := s.w.ExecContext(ctx, stmt); err != nil {
				return fmt.Errorf("create index on %s.%s: %w", name, t.key, err)
			}
		}
		if t.hasTime {
			stmt := fmt.Sprintf("CREATE INDEX IF NOT EXISTS %s ON %s (%s)",
				quote(name+"_TimeGenerated"), quote(name), quote("TimeGenerated"))
			if _, err := s.w.ExecContext(ctx, stmt); err != nil {
				return fmt.Errorf("create index on %s.TimeGenerated: %w", name, err)
			}
		}
	}
	return nil
}

func (s *Store) existingColumns(ctx context.Context, name string) (map[string]bool, error) {
	rows, err := s.w.QueryContext(ctx, "SELECT name FROM pragma_table_info(?)", name)
	if err != nil {
		return nil, fmt.Errorf("read columns of %s: %w", name, err)
	}
	defer rows.Close()
	have := map[string]bool{}
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			return nil, err
		}
		have[n] = true
	}
	return have, rows.Err()
}

func (s *Store) table(name string) (*table, error) {
	t, ok := s.tables[name]
	if !ok {
		return nil, fmt.Errorf("%w %q: the local store has %s", ErrUnknownTable, name, strings.Join(Tables(), ", "))
	}
	return t, nil
}

// Columns returns the columns of a table, in order.
func (s *Store) Columns(table string) ([]record.Column, error) {
	t, err := s.table(table)
	if err != nil {
		return nil, err
	}
	return append([]record.Column(nil), t.cols...), nil
}

// sqlType maps a Log Analytics column type to its SQLite storage: dynamic
// values as JSON text, datetimes as fixed-width RFC 3339 text, booleans as
// 0/1.
func sqlType(kql string) string {
	switch kql {
	case "real":
		return "REAL"
	case "int", "long", "boolean":
		return "INTEGER"
	default: // string, datetime, dynamic
		return "TEXT"
	}
}

func quote(ident string) string { return `"` + strings.ReplaceAll(ident, `"`, `""`) + `"` }

// transient reports whether a failed write may succeed later: another
// process holds the lock, or the disk is full or failing for a moment.
func transient(err error) bool {
	var se *sqlite.Error
	if !errors.As(err, &se) {
		return false
	}
	switch se.Code() & 0xff {
	case sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED, sqlite3.SQLITE_FULL, sqlite3.SQLITE_IOERR:
		return true
	}
	return false
}
