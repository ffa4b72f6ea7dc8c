// Package jsonscan is a fast, validating, one-pass JSON scanner for the
// hot path (request and response bodies in the gateway and providers,
// records in the pipeline and the local store).
//
// It exists because json.Unmarshal and map[string]json.RawMessage were the
// largest cost of a request in those packages, while they mostly need to
// locate a few members and check that the whole text is valid. The scanner
// finds the members of an object or the elements of an array as slices of
// the input, validating it on the way, and accepts exactly what
// encoding/json's decoder accepts: its grammar (strings may hold any byte
// >= 0x20, invalid UTF-8 included), its nesting limit (10000), and no
// trailing data where json.Valid allows none. FuzzValidMatchesEncodingJSON
// checks that against encoding/json.
//
// Decoding is left to the caller: PlainString and Unquote cover strings
// that decode to themselves without encoding/json, and fall back to it for
// the rest, so the results are always the ones json.Unmarshal gives.
package jsonscan

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"math/bits"
	"strings"
	"unicode/utf8"
)

// MaxDepth is encoding/json's nesting limit; deeper values are invalid.
const MaxDepth = 10000

// A Scanner scans one JSON text held in memory. Its methods take the index
// where a value starts (no leading space) and return the index just after
// it, or -1 when the text there is not valid JSON (ErrOffset then says
// where). The zero Scanner is not usable; call New.
type Scanner struct {
	b           []byte
	spaces      int  // whitespace bytes skipped outside strings so far
	valueSpaced bool // during a member callback: its value held whitespace
	errAt       int
}

// New returns a Scanner of b. b is not copied: the slices a Scanner hands
// to callbacks are slices of b.
func New(b []byte) *Scanner { return &Scanner{b: b} }

// Spaces is the number of insignificant whitespace bytes skipped so far.
func (s *Scanner) Spaces() int { return s.spaces }

// ValueSpaced reports, during an Object member callback, whether the
// member's value holds insignificant whitespace inside (then its compact
// form differs from it).
func (s *Scanner) ValueSpaced() bool { return s.valueSpaced }

// ErrOffset is the index where the last scan that returned -1 found the
// text invalid (len(b) when it ended too early).
func (s *Scanner) ErrOffset() int { return s.errAt }

func (s *Scanner) fail(i int) int {
	s.errAt = min(i, len(s.b))
	return -1
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// SkipSpace returns the index of the first byte of b at or after i that is
// not JSON whitespace.
func SkipSpace(b []byte, i int) int {
	for i < len(b) && isSpace(b[i]) {
		i++
	}
	return i
}

// SkipSpace returns the index of the first non-whitespace byte at or after
// i, counting the bytes skipped (Spaces).
func (s *Scanner) SkipSpace(i int) int {
	j := i
	for j < len(s.b) && isSpace(s.b[j]) {
		j++
	}
	s.spaces += j - i
	return j
}

// Value returns the end of the value starting at i.
func (s *Scanner) Value(i int) int { return s.value(i, 0) }

func (s *Scanner) value(i, depth int) int {
	if i >= len(s.b) {
		return s.fail(i)
	}
	switch c := s.b[i]; {
	case c == '"':
		return s.String(i)
	case c == '{':
		return s.object(i, depth+1, nil)
	case c == '[':
		return s.array(i, depth+1, nil)
	case c == '-' || (c >= '0' && c <= '9'):
		return s.Number(i)
	case c == 't':
		return s.literal(i, "true")
	case c == 'f':
		return s.literal(i, "false")
	case c == 'n':
		return s.literal(i, "null")
	}
	return s.fail(i)
}

func (s *Scanner) literal(i int, lit string) int {
	if len(s.b)-i < len(lit) || string(s.b[i:i+len(lit)]) != lit {
		return s.fail(i)
	}
	return i + len(lit)
}

// String returns the end of the string starting at i (after its closing
// quote).
func (s *Scanner) String(i int) int {
	b := s.b
	if i >= len(b) || b[i] != '"' {
		return s.fail(i)
	}
	for j := i + 1; j < len(b); j++ {
		// Eight bytes at a time over the plain run of the string (most
		// of its bytes): a word goes by when none of its bytes is a
		// quote, a backslash or a control byte; the word that holds one
		// is read byte by byte below.
		for j+8 <= len(b) {
			if m := specialBytes(binary.LittleEndian.Uint64(b[j:])); m != 0 {
				j += bits.TrailingZeros64(m) >> 3 // the first byte to look at
				break
			}
			j += 8
		}
		if j >= len(b) {
			break
		}
		switch c := b[j]; {
		case c == '"':
			return j + 1
		case c == '\\':
			j++
			if j >= len(b) {
				return s.fail(j)
			}
			switch b[j] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
			case 'u':
				if len(b)-j < 5 {
					return s.fail(len(b))
				}
				for k, h := range b[j+1 : j+5] {
					if !isHex(h) {
						return s.fail(j + 1 + k)
					}
				}
				j += 4
			default:
				return s.fail(j)
			}
		case c < 0x20:
			return s.fail(j)
		}
	}
	return s.fail(len(b))
}

const (
	ones  = 0x0101010101010101
	highs = 0x8080808080808080
)

// specialBytes flags (high bit of the byte) the bytes of the
// little-endian word x that a string scan must look at: '"', '\\' and
// bytes below 0x20, by the classic has-zero-byte and has-less-than tests.
// It is zero exactly when there are none, and its lowest flag is always a
// true one (a borrow only flags bytes above a flagged byte).
func specialBytes(x uint64) uint64 {
	q := x ^ (ones * '"')
	bs := x ^ (ones * '\\')
	return ((x-ones*0x20)&^x | (q-ones)&^q | (bs-ones)&^bs) & highs
}

func isHex(c byte) bool {
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')
}

func (s *Scanner) digits(j int) int {
	for j < len(s.b) && s.b[j] >= '0' && s.b[j] <= '9' {
		j++
	}
	return j
}

// Number returns the end of the number starting at i.
func (s *Scanner) Number(i int) int {
	b := s.b
	j := i
	if j < len(b) && b[j] == '-' {
		j++
	}
	switch {
	case j < len(b) && b[j] == '0':
		j++
	case j < len(b) && b[j] >= '1' && b[j] <= '9':
		j = s.digits(j)
	default:
		return s.fail(j)
	}
	if j < len(b) && b[j] == '.' {
		k := s.digits(j + 1)
		if k == j+1 {
			return s.fail(k)
		}
		j = k
	}
	if j < len(b) && (b[j] == 'e' || b[j] == 'E') {
		j++
		if j < len(b) && (b[j] == '+' || b[j] == '-') {
			j++
		}
		k := s.digits(j)
		if k == j {
			return s.fail(k)
		}
		j = k
	}
	return j
}

// Array returns the end of the array starting at i. elem, when set, scans
// each element itself: it is called with the index where the element
// starts (a byte of b, not space) and returns its end, or -1 to stop the scan (Array then returns
// -1). Letting the caller scan an element (with Object, String...) reads
// it once, not twice.
func (s *Scanner) Array(i int, elem func(start int) (end int)) int {
	if i >= len(s.b) || s.b[i] != '[' {
		return s.fail(i)
	}
	return s.array(i, 1, elem)
}

func (s *Scanner) array(i, depth int, elem func(int) int) int {
	if depth > MaxDepth {
		return s.fail(i)
	}
	j := s.SkipSpace(i + 1)
	if j < len(s.b) && s.b[j] == ']' {
		return j + 1
	}
	for {
		var end int
		if j >= len(s.b) {
			return s.fail(j)
		}
		if elem != nil {
			end = elem(j)
		} else {
			end = s.value(j, depth)
		}
		if end < 0 {
			return -1
		}
		j = s.SkipSpace(end)
		if j >= len(s.b) {
			return s.fail(j)
		}
		switch s.b[j] {
		case ',':
			j = s.SkipSpace(j + 1)
		case ']':
			return j + 1
		default:
			return s.fail(j)
		}
	}
}

// Object returns the end of the object starting at i. member, when set, is
// called with each member's raw key (quotes included) and value, in order
// (a repeated key is passed each time).
func (s *Scanner) Object(i int, member func(key, val []byte)) int {
	if i >= len(s.b) || s.b[i] != '{' {
		return s.fail(i)
	}
	return s.object(i, 1, member)
}

func (s *Scanner) object(i, depth int, member func(key, val []byte)) int {
	if depth > MaxDepth {
		return s.fail(i)
	}
	j := s.SkipSpace(i + 1)
	if j < len(s.b) && s.b[j] == '}' {
		return j + 1
	}
	for {
		if j >= len(s.b) || s.b[j] != '"' {
			return s.fail(j)
		}
		kend := s.String(j)
		if kend < 0 {
			return -1
		}
		key := s.b[j:kend]
		j = s.SkipSpace(kend)
		if j >= len(s.b) || s.b[j] != ':' {
			return s.fail(j)
		}
		j = s.SkipSpace(j + 1)
		spaces := s.spaces
		end := s.value(j, depth)
		if end < 0 {
			return -1
		}
		if member != nil {
			s.valueSpaced = s.spaces != spaces
			member(key, s.b[j:end])
		}
		j = s.SkipSpace(end)
		if j >= len(s.b) {
			return s.fail(j)
		}
		switch s.b[j] {
		case ',':
			j = s.SkipSpace(j + 1)
		case '}':
			return j + 1
		default:
			return s.fail(j)
		}
	}
}

// Valid is json.Valid: b is exactly one JSON value, with optional
// whitespace around it.
func Valid(b []byte) bool {
	s := Scanner{b: b}
	end := s.value(s.SkipSpace(0), 0)
	return end >= 0 && s.SkipSpace(end) == len(b)
}

// Object reports whether b is exactly one valid JSON object (whitespace
// around it allowed) and calls member, when set, for each of its members
// as Scanner.Object does. member may have been called when ok is false.
func Object(b []byte, member func(key, val []byte)) (ok bool) {
	s := Scanner{b: b}
	i := s.SkipSpace(0)
	if i >= len(b) || b[i] != '{' {
		return false
	}
	end := s.object(i, 1, member)
	return end >= 0 && s.SkipSpace(end) == len(b)
}

// PlainString reports whether the inside of a valid JSON string (quotes
// excluded) decodes to itself: no escapes and valid UTF-8 (encoding/json
// replaces invalid bytes with U+FFFD).
func PlainString(inner []byte) bool {
	for _, c := range inner {
		if c == '\\' || c >= utf8.RuneSelf {
			return bytes.IndexByte(inner, '\\') < 0 && utf8.Valid(inner)
		}
	}
	return true
}

// Unquote is the decoded text of a valid JSON string (quotes included, as
// a Scanner found it), as json.Unmarshal gives it.
func Unquote(raw []byte) string {
	if inner := raw[1 : len(raw)-1]; PlainString(inner) {
		return string(inner)
	}
	var s string
	_ = json.Unmarshal(raw, &s)
	return s
}

// DecodeString decodes a valid JSON value (one a Scanner found) into a
// string as json.Unmarshal does; ok is false when it is not a string.
func DecodeString(raw []byte) (string, bool) {
	if len(raw) >= 2 && raw[0] == '"' && raw[len(raw)-1] == '"' && PlainString(raw[1:len(raw)-1]) {
		return string(raw[1 : len(raw)-1]), true
	}
	var v string
	if json.Unmarshal(raw, &v) != nil {
		return "", false
	}
	return v, true
}

// LooseKey reports whether encoding/json might match a raw key (quotes
// included) to one of names, the struct field names a fast path matches
// byte for byte, although the key is none of them exactly: through escapes
// or its case-insensitive (Unicode folding) matching of field names. A
// fast path hands such keys to json.Unmarshal.
func LooseKey(key []byte, names ...string) bool {
	for _, c := range key {
		if c == '\\' || c >= utf8.RuneSelf {
			return true
		}
	}
	k := string(key[1 : len(key)-1])
	for _, name := range names {
		if k != name && strings.EqualFold(k, name) {
			return true
		}
	}
	return false
}
