package store

import (
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql/driver"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"math/bits"
	"strconv"
	"strings"
	"time"
	"unsafe"

	"github.com/wardenhq/warden/jsonscan"
)

// Exporter writes records into one table of the store. It implements
// pipeline.Exporter, so a pipeline delivers to the local store exactly as
// it would to Azure.
type Exporter struct {
	s *Store
	t *table
	// err is set when the table does not exist; Export returns it.
	err error
}

// Exporter returns the exporter of a table (record.RequestTable or
// record.ConvictionTable). For an unknown table every Export fails.
func (s *Store) Exporter(table string) *Exporter {
	t, err := s.table(table)
	return &Exporter{s: s, t: t, err: err}
}

// Export inserts the batch in one transaction and returns nil only once it
// is committed. Records whose id (conviction_id) is already stored are
// skipped, so a batch redelivered after a crash does not double rows. A
// record that is not a JSON object goes to the DCRLogErrors table with the
// reason, as Azure would report it. While the database is locked by
// another process or the disk is full, Export retries until ctx is done and
// then returns an error wrapping ctx.Err().
func (e *Exporter) Export(ctx context.Context, records []json.RawMessage) error {
	if e.err != nil {
		return fmt.Errorf("store: %w", e.err)
	}
	if len(records) == 0 {
		return nil
	}
	now := e.s.now()
	backoff := 5 * time.Millisecond
	for {
		err := e.s.insert(ctx, e.t, records, now)
		if err == nil {
			return nil
		}
		if ctx.Err() != nil {
			return fmt.Errorf("store: insert into %s: %w (last error: %v)", e.t.name, ctx.Err(), err)
		}
		if !transient(err) {
			return fmt.Errorf("store: insert into %s: %w", e.t.name, err)
		}
		timer := time.NewTimer(backoff)
		select {
		case <-ctx.Done():
			timer.Stop()
			return fmt.Errorf("store: insert into %s: %w (last error: %v)", e.t.name, ctx.Err(), err)
		case <-timer.C:
		}
		backoff = min(backoff*2, time.Second)
	}
}

// Inserts go to the driver directly (sql.Conn.Raw), many rows per
// statement, through statements prepared once per store: per row,
// database/sql's argument checks and locks and the driver's per-statement
// work (bind setup, step, reset, a context watcher) cost as much as
// SQLite's own insert.

// maxRowsPerInsert caps the rows of one INSERT statement. Beyond a few
// dozen rows the per-statement cost is already small next to the per-row
// cost; larger statements only take longer to prepare.
const maxRowsPerInsert = 64

// maxParams is SQLite's default limit on the parameters of a statement
// (SQLITE_MAX_VARIABLE_NUMBER).
const maxParams = 32766

// rowsPerInsert is the number of rows of t's full-size INSERT statement: a
// power of two, so that any smaller count is a sum of the sizes below it
// and a table never has more than a few prepared statements.
func (t *table) rowsPerInsert() int {
	n := min(maxRowsPerInsert, maxParams/len(t.cols))
	return 1 << (bits.Len(uint(n)) - 1)
}

// insertSQL is the INSERT statement of rows rows of t. OR IGNORE skips a
// row whose key is already stored (a redelivered record), row by row.
func (t *table) insertSQL(rows int) string {
	var b strings.Builder
	b.WriteString("INSERT OR IGNORE INTO ")
	b.WriteString(quote(t.name))
	b.WriteString(" (")
	for i, c := range t.cols {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(quote(c.Name))
	}
	b.WriteString(") VALUES ")
	tuple := "(" + strings.TrimSuffix(strings.Repeat("?,", len(t.cols)), ",") + ")"
	for r := range rows {
		if r > 0 {
			b.WriteByte(',')
		}
		b.WriteString(tuple)
	}
	return b.String()
}

// stmtKey names a prepared insert: its table and its number of rows.
type stmtKey struct {
	table string
	rows  int
}

// insert writes records into t, and those that are not JSON objects into
// the error table, in one transaction.
func (s *Store) insert(ctx context.Context, t *table, records []json.RawMessage, now time.Time) error {
	if s.closed.Load() {
		return ErrClosed
	}
	s.wmu.Lock()
	defer s.wmu.Unlock()
	if s.closed.Load() {
		return ErrClosed
	}
	defer clear(s.args) // the values hold the batch's text: let it go
	return s.wc.Raw(func(dc any) error {
		return s.insertTx(ctx, dc.(driver.Conn), t, records, now)
	})
}

func (s *Store) insertTx(ctx context.Context, dc driver.Conn, t *table, records []json.RawMessage, now time.Time) (err error) {
	begin, ok := dc.(driver.ConnBeginTx)
	if !ok {
		return fmt.Errorf("driver %T cannot begin a transaction with a context", dc)
	}
	tx, err := begin.BeginTx(ctx, driver.TxOptions{})
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			_ = tx.Rollback()
		}
	}()
	ncol := len(t.cols)
	chunk := t.rowsPerInsert()
	if len(s.args) < chunk*ncol {
		s.args = make([]driver.NamedValue, chunk*ncol)
	}
	c := newConv(t, now)
	c.strs = make([]string, chunk*ncol)
	n := 0 // rows converted into s.args, not inserted yet
	var rejected []int
	for i, rec := range records {
		if !t.row(s.args[n*ncol:(n+1)*ncol], rec, c) {
			rejected = append(rejected, i)
			continue
		}
		if n++; n == chunk {
			if err := s.exec(ctx, dc, t, s.args[:n*ncol], n); err != nil {
				return err
			}
			n = 0
			c.used = 0 // the driver has copied the strings: reuse their slots
		}
	}
	// The rest, in statements of decreasing powers of two rows.
	for off := 0; n > 0; {
		size := 1 << (bits.Len(uint(n)) - 1)
		if err := s.exec(ctx, dc, t, s.args[off*ncol:(off+size)*ncol], size); err != nil {
			return err
		}
		off += size
		n -= size
	}
	if len(rejected) > 0 {
		et := s.tables[ErrorTable]
		args := make([]driver.NamedValue, len(et.cols))
		for _, i := range rejected {
			for j, v := range errorRow(t.name, records[i], errNotObject, now) {
				args[j].Value = v
			}
			if err := s.exec(ctx, dc, et, args, 1); err != nil {
				return err
			}
		}
	}
	return tx.Commit()
}

// exec runs t's insert of rows rows with args, their values in order.
func (s *Store) exec(ctx context.Context, dc driver.Conn, t *table, args []driver.NamedValue, rows int) error {
	key := stmtKey{t.name, rows}
	st := s.stmts[key]
	if st == nil {
		prep, ok := dc.(driver.ConnPrepareContext)
		if !ok {
			return fmt.Errorf("driver %T cannot prepare with a context", dc)
		}
		var err error
		if st, err = prep.PrepareContext(ctx, t.insertSQL(rows)); err != nil {
			return fmt.Errorf("prepare insert of %d rows: %w", rows, err)
		}
		if s.stmts == nil {
			s.stmts = make(map[stmtKey]driver.Stmt)
		}
		s.stmts[key] = st
	}
	ex, ok := st.(driver.StmtExecContext)
	if !ok {
		return fmt.Errorf("driver statement %T cannot execute with a context", st)
	}
	// Ordinals in order from 1 let the driver bind the i-th parameter to
	// the i-th value without searching.
	for i := range args {
		args[i].Ordinal = i + 1
	}
	_, err := ex.ExecContext(ctx, args)
	return err
}

// closeStmts closes the prepared inserts; s.wmu is held.
func (s *Store) closeStmts() error {
	var errs []error
	for k, st := range s.stmts {
		errs = append(errs, st.Close())
		delete(s.stmts, k)
	}
	return errors.Join(errs...)
}

func errorRow(tableName string, rec json.RawMessage, cause error, now time.Time) []any {
	sum := sha256.Sum256(append([]byte(tableName+"\x00"), rec...))
	return []any{now.UTC().Format(timeFormat), tableName, "Ingestion",
		"record rejected by the local store: " + cause.Error(), string(rec), hex.EncodeToString(sum[:])}
}

// errNotObject is the reason a record is rejected.
var errNotObject = errors.New("the record is not a JSON object")

// kind is how a column's values are converted: its declared type.
type kind uint8

const (
	kindDynamic kind = iota // and any type the store does not know: JSON text
	kindString
	kindDatetime
	kindReal
	kindLong // int and long
	kindBool
)

func kindOf(typ string) kind {
	switch typ {
	case "string":
		return kindString
	case "datetime":
		return kindDatetime
	case "real":
		return kindReal
	case "int", "long":
		return kindLong
	case "boolean":
		return kindBool
	}
	return kindDynamic
}

// conv is the scratch space of converting the records of one batch.
type conv struct {
	spans []span       // one per column
	now   driver.Value // TimeGenerated of the records that have none
	// order[p] is the column of the p-th key of the last record (-1: not
	// a column). The records of a batch come from one encoder and have
	// their keys in the same order, so comparing a key with the column
	// predicted for its position mostly spares hashing it for a map.
	order []int
	// strs[used:] are free slots for the string values of the next rows
	// (see boxString); the caller sets used to 0 once the values in the
	// slots are no longer needed.
	strs []string
	used int
}

// boxString returns s as a driver.Value without allocating: a string
// converted to an interface is copied to the heap (16 bytes, one
// allocation per column of every row, about a sixth of converting a
// record), so the value's data word points at a slot of c.strs instead.
// The value stays valid while the slot is not reused.
func (c *conv) boxString(s string) driver.Value {
	if c.used == len(c.strs) {
		// Out of slots: new ones (the values already given out keep
		// the old ones alive).
		c.strs = make([]string, max(64, len(c.strs)))
		c.used = 0
	}
	slot := &c.strs[c.used]
	c.used++
	*slot = s
	var v driver.Value = "" // a string's type word; "" needs no allocation
	(*eface)(unsafe.Pointer(&v)).data = unsafe.Pointer(slot)
	return v
}

// eface is the layout of an interface value with no methods.
type eface struct {
	typ, data unsafe.Pointer
}

func newConv(t *table, now time.Time) *conv {
	c := &conv{spans: make([]span, len(t.cols)), now: now.UTC().Format(timeFormat), order: make([]int, len(t.cols)+8)}
	for i := range c.order {
		c.order[i] = -1
	}
	return c
}

// span is where one top-level value of a record lies in it, and whether it
// holds insignificant whitespace (then its compact form differs from it).
type span struct {
	off, n int // n == 0: the record has no such key
	spaced bool
}

// values converts one JSON record into the column values of t; it is row
// with values of its own.
func (t *table) values(rec json.RawMessage, now time.Time) ([]any, error) {
	row := make([]driver.NamedValue, len(t.cols))
	if !t.row(row, rec, newConv(t, now)) {
		return nil, errNotObject
	}
	vals := make([]any, len(row))
	for i := range row {
		vals[i] = row[i].Value
	}
	return vals, nil
}

// row converts one JSON record into the values of t's columns, stored into
// dst (one per column), the way Azure's ingestion coerces a record to the
// declared stream columns: undeclared keys are dropped, null and missing
// keys are NULL, and a value that does not fit its column type is NULL (for
// strings it is kept as its JSON text). A record is accepted exactly when
// encoding/json's decoder would read it as an object (what follows the
// object is ignored, as the decoder does); when a key appears twice, the
// last value counts. row reports false, storing nothing, for a record it
// does not accept.
//
// The values are int64, float64, nil, or strings, most of them slices of
// rec itself: they are valid while rec is not modified.
func (t *table) row(dst []driver.NamedValue, rec []byte, c *conv) bool {
	sc := jsonscan.New(rec)
	i := sc.SkipSpace(0)
	if i >= len(rec) || rec[i] != '{' {
		return false
	}
	spans := c.spans[:len(t.cols)]
	clear(spans)
	pos := 0
	end := sc.Object(i, func(key, val []byte) {
		inner := key[1 : len(key)-1]
		p := pos
		pos++
		col := -1
		if p < len(c.order) && c.order[p] >= 0 && string(inner) == t.cols[c.order[p]].Name {
			col = c.order[p]
		} else {
			var ok bool
			if jsonscan.PlainString(inner) {
				col, ok = t.index[string(inner)]
			} else {
				col, ok = t.index[jsonscan.Unquote(key)]
			}
			if !ok {
				col = -1
			}
			if p < len(c.order) {
				c.order[p] = col
			}
		}
		if col >= 0 {
			// val is rec[off:off+len(val)], so it reaches as far as rec.
			spans[col] = span{off: cap(rec) - cap(val), n: len(val), spaced: sc.ValueSpaced()}
		}
	})
	if end < 0 {
		return false
	}
	// src is rec as a string without a copy: the strings taken from it are
	// parameters of the insert, which the driver copies into SQLite's
	// memory when it binds them, and no reference to them outlives Export
	// (insert clears its parameters). Copying each record (or each value)
	// instead costs about a tenth of Export's CPU, in allocation and GC.
	// The records are not modified while Export runs (pipeline.Exporter).
	src := unsafe.String(unsafe.SliceData(rec), len(rec))
	for i, k := range t.kinds {
		var v driver.Value
		if sp := spans[i]; sp.n > 0 {
			if raw := rec[sp.off : sp.off+sp.n]; string(raw) != "null" {
				if str, ok := convertText(k, raw, src[sp.off:sp.off+sp.n], sp.spaced); ok {
					v = c.boxString(str)
				} else {
					v = convert(k, raw, src[sp.off:sp.off+sp.n])
				}
			}
		}
		if v == nil && i == t.timeCol {
			v = c.now
		}
		dst[i].Value = v
	}
	return true
}

// convertText turns one valid JSON value (raw, no surrounding space;
// spaced when it holds insignificant whitespace inside) into the text
// stored in a column of a text kind (string, datetime, dynamic); ok is
// false for the other kinds and for a value that does not fit (stored as
// NULL). text is raw as a string: results are taken from it where they
// can be.
func convertText(k kind, raw []byte, text string, spaced bool) (_ string, ok bool) {
	isStr := raw[0] == '"'
	switch k {
	case kindString:
		if isStr {
			return unquote(raw, text), true
		}
		return compact(raw, text, spaced), true
	case kindDatetime:
		if !isStr {
			return "", false
		}
		str := unquote(raw, text)
		if storedForm(str) {
			return str, true // as Warden writes it: nothing to parse
		}
		if t, ok := parseTime(str); ok {
			return t.UTC().Format(timeFormat), true
		}
		return "", false
	case kindDynamic: // JSON text
		return compact(raw, text, spaced), true
	}
	return "", false
}

// convert turns one valid JSON value (raw, no surrounding space) into the
// SQLite value of a column of a numeric kind (real, long, boolean), or nil
// when it does not fit (and for the text kinds, which convertText
// converts). text is raw as a string.
func convert(k kind, raw []byte, text string) driver.Value {
	isStr := raw[0] == '"'
	switch k {
	case kindReal:
		if isStr {
			text = unquote(raw, text)
		}
		if f, err := strconv.ParseFloat(strings.TrimSpace(text), 64); err == nil {
			return f
		}
		return nil
	case kindLong:
		if isStr {
			text = strings.TrimSpace(unquote(raw, text))
		}
		if n, err := strconv.ParseInt(text, 10, 64); err == nil {
			return n
		}
		if f, err := strconv.ParseFloat(text, 64); err == nil {
			return int64(f)
		}
		return nil
	case kindBool:
		if isStr {
			text = strings.ToLower(strings.TrimSpace(unquote(raw, text)))
		}
		switch text {
		case "true", "1":
			return int64(1)
		case "false", "0":
			return int64(0)
		}
		return nil
	}
	return nil
}

// unquote is the decoded text of a valid JSON string raw (quotes
// included); text is raw as a string.
func unquote(raw []byte, text string) string {
	if jsonscan.PlainString(raw[1 : len(raw)-1]) {
		return text[1 : len(text)-1]
	}
	return jsonscan.Unquote(raw)
}

// compact is the compact JSON text of a valid value; text is raw as a
// string.
func compact(raw []byte, text string, spaced bool) string {
	if !spaced {
		return text
	}
	var buf bytes.Buffer
	_ = json.Compact(&buf, raw)
	return buf.String()
}

// timeLayouts are the datetime forms accepted: RFC 3339, and Python's
// isoformat() without a zone (taken as UTC), which the seed's test script
// writes before appending "Z" and which users paste.
var timeLayouts = []string{time.RFC3339Nano, "2006-01-02T15:04:05.999999999", "2006-01-02 15:04:05.999999999Z07:00", "2006-01-02 15:04:05.999999999", "2006-01-02"}

// storedForm reports whether s is a valid time written in timeFormat, so
// that parsing and formatting it again would give s.
func storedForm(s string) bool {
	if len(s) != len(timeFormat) {
		return false
	}
	for i := range len(s) {
		switch f := timeFormat[i]; f {
		case '-', 'T', ':', '.', 'Z':
			if s[i] != f {
				return false
			}
		default:
			if s[i] < '0' || s[i] > '9' {
				return false
			}
		}
	}
	num := func(i, j int) int {
		n := 0
		for _, c := range s[i:j] {
			n = n*10 + int(c-'0')
		}
		return n
	}
	year, month, day := num(0, 4), num(5, 7), num(8, 10)
	if month < 1 || month > 12 || day < 1 || num(11, 13) > 23 || num(14, 16) > 59 || num(17, 19) > 59 {
		return false
	}
	// The last day of the month: day 0 of the next one.
	return day <= time.Date(year, time.Month(month)+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

func parseTime(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	for _, l := range timeLayouts {
		if t, err := time.Parse(l, s); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}
