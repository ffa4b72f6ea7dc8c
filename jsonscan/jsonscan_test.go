package jsonscan

import (
	"bytes"
	"encoding/json"
	"math/bits"
	"reflect"
	"strings"
	"testing"
)

var seeds = []string{
	``, ` `, `   `, `null`, `{}`, `[]`, `"s"`, `1`, `[1]`, ` {"a":1} `, `{"a":1} x`, ` { } trailing`, `{"a":1}{"b":2}`,
	`{"a":1,}`, `{"a"}`, `{a:1}`, `{"a" "b"}`, `{"id":"a"`,
	`{"model":"gpt-4o","messages":[{"role":"user","content":"hi"}],"temperature":0.2,"stream":true}`,
	"{ \"model\" : \"m\" ,\n\t\"messages\" : [ ] , \"x\" : { \"y\" : [ 1 , 2.5e-3 , -0 , true , false , null ] } }",
	"{ \"id\" : \"x\" , \"messages\" : [ 1 , { \"a\" : \" b c \" } ] ,\n\t\"model_parameters\":{ }\r}",
	`{"\u006dodel":"escaped key","model":"dup","model":"last"}`,
	`{"s":"a\"b\\c\/d\b\f\n\r\t\u2028\ud800\u00e9 <&>","bad":"` + "\xff\xfe" + `","u":"é 🙂"}`,
	`{"n":01}`, `{"n":-}`, `{"n":1.}`, `{"n":1e}`, `{"n":1e400}`, `{"n":-1E+2}`, `{"n":-0.5e+3}`, `{"t":tru}`, `{"t":nul}`,
	`{"c":"` + "\x01" + `"}`, `{"e":"\x"}`, `{"e":"\u12"}`, `{"e":"\u12g4"}`, `{"a":[1 2]}`, `{"a":[,]}`, `{"a":[1,]}`,
	`{"metadata":{"tags":["a","b"],"TAGS":["c"]}}`, `{"metadata":{"Tags":["x"]}}`, `{"metadata":{"tags":null}}`,
	`{"metadata":{"tags":["a",1]}}`, `{"metadata":{"tags":"a"}}`, `{"metadata":{"tag\u0073":["e"]}}`, `{"metadata":{"tagſ":["k"]}}`,
	`{"metadata":{"tags":[]}}`, `{"metadata":{"tags":[ "a" , "b\n" ]}}`, `{"tags":["x","y"]}`, `{"tags":[]}`, `{"tags":null}`,
	`{"tags":["a","b"],"TAGS":["c"]}`, `{"tags":[ "a" , "b\n" ]}`, `{"k":"tagſ"}`, `"\`, `"\u`, `-`, `[`, `{"a":`,
	`{"a":` + strings.Repeat("[", 10000) + strings.Repeat("]", 10000) + `}`,
	`{"a":` + strings.Repeat("[", 9999) + strings.Repeat("]", 9999) + `}`,
	strings.Repeat("[", 10001) + strings.Repeat("]", 10001),
	strings.Repeat("[", 10000) + strings.Repeat("]", 10000),
}

// FuzzValidMatchesEncodingJSON: the scanner accepts exactly what
// encoding/json accepts, finds the members and elements it finds, and the
// string helpers decode as it decodes.
func FuzzValidMatchesEncodingJSON(f *testing.F) {
	for _, s := range seeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		valid := Valid(data)
		if want := json.Valid(data); valid != want {
			t.Fatalf("Valid = %v, json.Valid = %v", valid, want)
		}
		s := New(data)
		i := s.SkipSpace(0)
		end := s.Value(i)
		if end >= 0 {
			if !json.Valid(data[i:end]) {
				t.Fatalf("Value took %q, which is not valid JSON", data[i:end])
			}
			if valid != (s.SkipSpace(end) == len(data)) {
				t.Fatalf("Value ends at %d of %d, Valid = %v", end, len(data), valid)
			}
		} else if valid {
			t.Fatal("Value failed on valid JSON")
		} else if off := s.ErrOffset(); off < i || off > len(data) {
			t.Fatalf("ErrOffset %d outside [%d, %d]", off, i, len(data))
		}

		got := map[string]json.RawMessage{}
		var spaced []bool
		var vals [][]byte
		sc := New(data)
		j := sc.SkipSpace(0)
		ok := j < len(data) && data[j] == '{' && sc.Object(j, func(key, val []byte) {
			got[Unquote(key)] = val
			spaced = append(spaced, sc.ValueSpaced())
			vals = append(vals, val)
		}) >= 0
		var want map[string]json.RawMessage
		err := json.Unmarshal(data, &want)
		if top := Object(data, nil); top != (err == nil && want != nil) {
			t.Fatalf("Object = %v, json.Unmarshal: %v, %v", top, err, want)
		}
		if !ok || err != nil || want == nil {
			return
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("members %q, json.Unmarshal %q", got, want)
		}
		for n, val := range vals {
			var c bytes.Buffer
			_ = json.Compact(&c, val)
			if spaced[n] != !bytes.Equal(c.Bytes(), val) {
				t.Fatalf("%q: ValueSpaced = %v", val, spaced[n])
			}
			var str string
			serr := json.Unmarshal(val, &str)
			if gs, ok := DecodeString(val); ok != (serr == nil) || gs != str {
				t.Fatalf("%q: DecodeString = %q, %v; json.Unmarshal %q, %v", val, gs, ok, str, serr)
			}
			if val[0] != '"' {
				if val[0] == '[' {
					checkArray(t, val)
				}
				continue
			}
			if u := Unquote(val); u != str {
				t.Fatalf("%q: Unquote = %q, json.Unmarshal %q", val, u, str)
			}
			if inner := val[1 : len(val)-1]; PlainString(inner) && string(inner) != str {
				t.Fatalf("%q: PlainString, but decodes to %q", val, str)
			}
		}
	})
}

// checkArray: Scanner.Array finds the elements json.Unmarshal finds, and
// stops when elem does.
func checkArray(t *testing.T, val []byte) {
	var want []json.RawMessage
	if err := json.Unmarshal(val, &want); err != nil {
		t.Fatal(err)
	}
	var got []json.RawMessage
	s := New(val)
	end := s.Array(0, func(i int) int {
		end := s.Value(i)
		got = append(got, val[i:end])
		return end
	})
	if end != len(val) || len(got) != len(want) {
		t.Fatalf("%q: Array = %d, %q; json.Unmarshal %q", val, end, got, want)
	}
	for i := range got {
		if !bytes.Equal(got[i], want[i]) {
			t.Fatalf("%q: element %d = %q; json.Unmarshal %q", val, i, got[i], want[i])
		}
	}
	if len(want) > 0 && New(val).Array(0, func(int) int { return -1 }) != -1 {
		t.Fatalf("%q: Array did not stop", val)
	}
}

func TestErrOffset(t *testing.T) {
	for _, c := range []struct {
		in  string
		off int
	}{
		{`{"a":1,}`, 7}, {`{"a" 1}`, 5}, {`[1,2`, 4}, {`"ab`, 3}, {`{"a":"\q"}`, 7}, {`{"a":tru}`, 5}, {`[01]`, 2}, {`{"a":1.e}`, 7},
	} {
		s := New([]byte(c.in))
		if end := s.Value(0); end != -1 || s.ErrOffset() != c.off {
			t.Errorf("%s: Value = %d, ErrOffset = %d, want -1, %d", c.in, end, s.ErrOffset(), c.off)
		}
	}
}

func TestSpaces(t *testing.T) {
	s := New([]byte(" { \"a\" :\t[ 1 ,2 ] ,\"b\":\"x y\"}\n"))
	var spaced []bool
	end := s.Object(s.SkipSpace(0), func(key, val []byte) { spaced = append(spaced, s.ValueSpaced()) })
	if end < 0 || s.SkipSpace(end) != len(s.b) {
		t.Fatalf("end %d", end)
	}
	if want := []bool{true, false}; !reflect.DeepEqual(spaced, want) {
		t.Fatalf("ValueSpaced %v, want %v", spaced, want)
	}
	if s.Spaces() != 9 {
		t.Fatalf("Spaces = %d, want 9", s.Spaces())
	}
}

// BenchmarkObject measures splitting a typical chat request body.
func BenchmarkObject(b *testing.B) {
	body := []byte(`{"model":"gpt-4o","messages":[{"role":"system","content":"You are a helpful assistant."},{"role":"user","content":"Summarize the following meeting notes in three bullet points: the team agreed to ship the new billing page on Friday, QA found two minor bugs, and marketing wants screenshots by Thursday."}],"temperature":0.2,"user":"bench-user","metadata":{"tags":["bench"],"trace_id":"bench"}}`)
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	n := 0
	for b.Loop() {
		if !Object(body, func(key, val []byte) { n++ }) {
			b.Fatal("invalid")
		}
	}
}

// FuzzLooseKey: whenever encoding/json matches a key to a field that is not
// exactly the key, LooseKey says so.
func FuzzLooseKey(f *testing.F) {
	for _, k := range []string{`"tags"`, `"TAGS"`, `"Tags"`, `"tag\u0073"`, `"tagſ"`, `"other"`, `"tag"`, `"ta\"gs"`, `"\u0074ags"`, `"ᵗags"`} {
		f.Add([]byte(k))
	}
	f.Fuzz(func(t *testing.T, key []byte) {
		if len(key) < 2 || key[0] != '"' || New(key).String(0) != len(key) {
			return
		}
		var v struct {
			Tags *int `json:"tags"`
		}
		if json.Unmarshal([]byte(`{`+string(key)+`:1}`), &v) != nil {
			return
		}
		loose := LooseKey(key, "tags")
		if v.Tags != nil && string(key) != `"tags"` && !loose {
			t.Fatalf("encoding/json matches %s to tags; LooseKey = false", key)
		}
		if string(key) == `"tags"` && loose {
			t.Fatal(`LooseKey("tags") = true`)
		}
	})
}

// TestSpecialBytes checks the word test of String against a byte-by-byte
// one: every byte value at every position of a word of plain bytes, and
// pairs of special bytes (a borrow from one must not hide the other); the
// lowest flag must be the first special byte.
func TestSpecialBytes(t *testing.T) {
	first := func(w []byte) int {
		for i, c := range w {
			if c == '"' || c == '\\' || c < 0x20 {
				return i
			}
		}
		return 8
	}
	plainWord := func(x uint64) int {
		m := specialBytes(x)
		if m == 0 {
			return 8
		}
		return bits.TrailingZeros64(m) >> 3
	}
	plain := first
	word := func(w []byte) uint64 {
		var x uint64
		for i := 7; i >= 0; i-- {
			x = x<<8 | uint64(w[i])
		}
		return x
	}
	for _, fill := range []byte{'a', ' ', 0x7f, 0x80, 0xff, 0x21, 0x5d} {
		for pos := range 8 {
			for v := range 256 {
				w := bytes.Repeat([]byte{fill}, 8)
				w[pos] = byte(v)
				if got, want := plainWord(word(w)), plain(w); got != want {
					t.Fatalf("plainWord(% x) = %v, want %v", w, got, want)
				}
				for pos2 := range 8 {
					w2 := bytes.Clone(w)
					for _, c := range []byte{0, '"', '\\', 0x1f, 0x20, 0x01} {
						w2[pos2] = c
						if got, want := plainWord(word(w2)), plain(w2); got != want {
							t.Fatalf("plainWord(% x) = %v, want %v", w2, got, want)
						}
					}
				}
			}
		}
	}
}

// TestLongStrings puts each byte that ends or breaks a string at every
// position of strings longer than a word, where String reads eight bytes
// at a time, and compares the verdict with encoding/json's.
func TestLongStrings(t *testing.T) {
	for n := range 40 {
		for pos := range n {
			for _, c := range []string{`"`, `\`, `\n`, `\u00e9`, "\x00", "\x1f", "\x7f", "é", "\xff", ` `} {
				inner := strings.Repeat("x", pos) + c + strings.Repeat("y", n-pos)
				doc := `{"k":"` + inner + `","z":[1]}`
				if got, want := Valid([]byte(doc)), json.Valid([]byte(doc)); got != want {
					t.Fatalf("Valid(%q) = %v, want %v", doc, got, want)
				}
				s := New([]byte(`"` + inner + `"`))
				end := s.String(0)
				var v string
				wantOK := json.Unmarshal([]byte(`"`+inner+`"`), &v) == nil
				if wantOK && end != len(inner)+2 {
					t.Fatalf("String(%q) = %d, want %d", inner, end, len(inner)+2)
				}
			}
		}
	}
}
