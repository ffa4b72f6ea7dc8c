package store

import (
	"bytes"
	"database/sql/driver"
	"encoding/json"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/wardenhq/warden/record"
)

// The conversion as it was written first, on encoding/json's decoder: the
// reference the one-pass scanner is checked against (FuzzValuesMatchReference).

// valuesRef converts one JSON record into the column values of t, the way
// Azure's ingestion coerces a record to the declared stream columns:
// undeclared keys are dropped, null and missing keys are NULL, and a value
// that does not fit its column type is NULL (for strings it is kept as its
// JSON text).
func (t *table) valuesRef(rec json.RawMessage, now time.Time) ([]any, error) {
	var m map[string]json.RawMessage
	dec := json.NewDecoder(bytes.NewReader(rec))
	if err := dec.Decode(&m); err != nil || m == nil {
		return nil, errNotObject
	}
	vals := make([]any, len(t.cols))
	for i, c := range t.cols {
		raw, ok := m[c.Name]
		if ok && !isNullRef(raw) {
			vals[i] = convertRef(c.Type, raw)
		}
		if c.Name == "TimeGenerated" && vals[i] == nil {
			vals[i] = now.UTC().Format(timeFormat)
		}
	}
	return vals, nil
}

func isNullRef(raw json.RawMessage) bool {
	return len(bytes.TrimSpace(raw)) == 0 || string(bytes.TrimSpace(raw)) == "null"
}

// convertRef turns one JSON value into the SQLite value of a column type, or
// nil when it does not fit.
func convertRef(typ string, raw json.RawMessage) any {
	raw = bytes.TrimSpace(raw)
	var str *string
	if raw[0] == '"' {
		var s string
		if json.Unmarshal(raw, &s) == nil {
			str = &s
		}
	}
	switch typ {
	case "string":
		if str != nil {
			return *str
		}
		var buf bytes.Buffer
		if json.Compact(&buf, raw) == nil {
			return buf.String()
		}
		return string(raw)
	case "datetime":
		if str == nil {
			return nil
		}
		if t, ok := parseTime(*str); ok {
			return t.UTC().Format(timeFormat)
		}
		return nil
	case "real":
		text := string(raw)
		if str != nil {
			text = *str
		}
		if f, err := strconv.ParseFloat(strings.TrimSpace(text), 64); err == nil {
			return f
		}
		return nil
	case "int", "long":
		text := string(raw)
		if str != nil {
			text = strings.TrimSpace(*str)
		}
		if n, err := strconv.ParseInt(text, 10, 64); err == nil {
			return n
		}
		if f, err := strconv.ParseFloat(text, 64); err == nil {
			return int64(f)
		}
		return nil
	case "boolean":
		text := string(raw)
		if str != nil {
			text = strings.ToLower(strings.TrimSpace(*str))
		}
		switch text {
		case "true", "1":
			return int64(1)
		case "false", "0":
			return int64(0)
		}
		return nil
	default: // dynamic: JSON text
		var buf bytes.Buffer
		if json.Compact(&buf, raw) == nil {
			return buf.String()
		}
		return nil
	}
}

// FuzzValuesMatchReference: the one-pass conversion accepts exactly the
// records the decoder-based one accepts and gives the same value for every
// column.
func FuzzValuesMatchReference(f *testing.F) {
	for _, s := range []string{
		`{"id":"a","total_tokens":"42","stream":true,"metadata":{"x":[1,2]}}`,
		`{"TimeGenerated":"2026-01-01T00:00:00Z","response_cost":1e400}`,
		`[1]`, ``, `   `, `null`, `{}`, ` { } trailing`, `{"id":"a"} {"id":"b"}`, `{"id":"a"`, `{"id":"a",}`,
		`{"id":null,"cache_hit":"maybe","messages":"\u00e9"}`,
		"{ \"id\" : \"x\" , \"messages\" : [ 1 , { \"a\" : \" b c \" } ] ,\n\t\"model_parameters\":{ }\r}",
		`{"\u0069d":"escaped key","id":"dup","id":"last"}`,
		`{"id":"a\"b\\c\/d\b\f\n\r\t\u2028\ud800","model":"\xff\xfe","end_user":"é"}`,
		`{"total_tokens":-0.5e+3,"prompt_tokens":"  7 ","completion_tokens":1E2,"stream":"TRUE","cache_hit":0,"response_cost":"1e-7"}`,
		`{"total_tokens":01}`, `{"total_tokens":-}`, `{"total_tokens":1.}`, `{"total_tokens":1e}`, `{"a":tru}`, `{"a":nul}`,
		`{"a":"` + "\x01" + `"}`, `{"a":"\x"}`, `{"a":"\u12"}`, `{"a" "b"}`, `{a:1}`, `{"a":[1 2]}`, `{"a":[,]}`,
		`{"messages":` + strings.Repeat("[", 10001) + strings.Repeat("]", 10001) + `}`,
		`{"messages":` + strings.Repeat("[", 9999) + strings.Repeat("]", 9999) + `}`,
		`{"TimeGenerated":"2026-02-28 10:00:00.5","startTime":"x","endTime":true}`,
		// Times in the stored form, valid or not.
		`{"TimeGenerated":"2024-02-29T23:59:59.999999Z","conviction_timestamp":"2026-02-29T00:00:00.000000Z"}`,
		`{"TimeGenerated":"2026-04-31T00:00:00.000000Z","conviction_timestamp":"2026-13-01T00:00:00.000000Z"}`,
		`{"TimeGenerated":"2026-00-10T00:00:00.000000Z","conviction_timestamp":"2026-01-00T00:00:00.000000Z"}`,
		`{"TimeGenerated":"2026-01-01T24:00:00.000000Z","conviction_timestamp":"2026-01-01T23:60:00.000000Z"}`,
		`{"TimeGenerated":"2026-01-01T23:59:60.000000Z","conviction_timestamp":"0000-01-01T00:00:00.000000Z"}`,
		`{"TimeGenerated":"9999-12-31T23:59:59.999999Z","conviction_timestamp":"2026-01-01T00:00:00.000000z"}`,
		`{"TimeGenerated":"2026-01-01T00:00:00.000000+00:00","conviction_timestamp":"2026-01-01T00:00:00,000000Z"}`,
		`{"TimeGenerated":"2100-02-29T00:00:00.000000Z","conviction_timestamp":"2000-02-29T00:00:00.000000Z"}`,
		// Keys in another order than the sample's, escaped, or repeated, for
		// the column predicted from the record converted before.
		`{"id":"x","TimeGenerated":"2026-01-01T00:00:00.000000Z","model":"m"}`,
		`{"TimeGenerated":"2026-01-01T00:00:00.000000Z","\u0069d":"escaped","trace_id":"t"}`,
		`{"TimeGenerated":"2026-01-01T00:00:00.000000Z","i":"prefix","idd":"longer","id":"last"}`,
	} {
		f.Add([]byte(s))
	}
	f.Add([]byte(raw(f, record.SampleRequestLog())))
	f.Add([]byte(raw(f, record.RequestLog{})))
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	tables := newTables()
	sample := raw(f, record.SampleRequestLog())
	conviction := raw(f, record.SampleConviction())
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, name := range Tables() {
			tb := tables[name]
			want, werr := tb.valuesRef(data, now)
			got, gerr := tb.values(data, now)
			check := func(how string, got []any, gerr error) {
				t.Helper()
				if (werr == nil) != (gerr == nil) {
					t.Fatalf("%s %s: reference error %v, one-pass error %v", name, how, werr, gerr)
				}
				if !reflect.DeepEqual(got, want) {
					for i := range want {
						if !reflect.DeepEqual(got[i], want[i]) {
							t.Errorf("%s %s: %s = %#v, reference %#v", name, how, tb.cols[i].Name, got[i], want[i])
						}
					}
					t.FailNow()
				}
			}
			check("alone", got, gerr)
			// Within a batch: after records whose key order predicts
			// other columns, and after itself.
			c := newConv(tb, now)
			row := make([]driver.NamedValue, len(tb.cols))
			for _, prev := range [][]byte{sample, conviction, data} {
				tb.row(row, prev, c)
				clear(row)
				var got []any
				var gerr error
				if tb.row(row, data, c) {
					for _, v := range row {
						got = append(got, v.Value)
					}
				} else {
					gerr = errNotObject
				}
				check("in a batch", got, gerr)
			}
		}
	})
}
