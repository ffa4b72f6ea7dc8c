package guard

import (
	"encoding/base64"
	"encoding/hex"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Bounds of the decode-and-rescan loop: encoded payloads are decoded at most
// maxDecodeDepth levels deep, at most maxPayloads per text, each at most
// maxPayloadBytes long.
const (
	maxDecodeDepth  = 2
	maxPayloads     = 8
	maxPayloadBytes = 16 << 10
	minPayloadChars = 24
)

// obfFinding is one obfuscation signal in a text.
type obfFinding struct {
	score      float64
	what       string // invisible, tags, bidi, homoglyph, base64, hex, rot13
	start, end int    // span (first occurrence); -1 = none
	spans      [][2]int
	decoded    string // decoded payload to scan again
}

// findObfuscation looks for invisible characters, bidi controls, mixed
// scripts inside words and encoded payloads.
// rot13Cue says the text holds rot13 forms of attack words (see
// rot13CueWords), so its rot13 decoding is worth a second scan.
func findObfuscation(text string, rot13Cue bool) []obfFinding {
	return findObfuscationIn(text, rot13Cue, gates{})
}

// findObfuscationIn is findObfuscation with phase 0's gates of text.
func findObfuscationIn(text string, rot13Cue bool, g gates) []obfFinding {
	var out []obfFinding
	ascii := true
	if g.on() {
		ascii = g.prof.flags&pNonASCII == 0
	} else {
		for i := 0; i < len(text); i++ {
			if text[i] >= utf8.RuneSelf {
				ascii = false
				break
			}
		}
	}
	// Without an invisible character there is nothing for
	// invisibleFindings to find, and without a look-alike letter no word
	// mixes scripts.
	if !ascii && g.has(pInvisible) {
		out = invisibleFindings(text, out)
	}
	if !ascii && g.has(pConfusable) {
		out = homoglyphFindings(text, out)
	}
	if !g.on() || g.prof.maxRun >= minPayloadChars {
		out = encodedFindings(text, out)
	}
	if rot13Cue {
		out = append(out, obfFinding{score: 0.3, what: "rot13 text", start: -1, end: -1, decoded: rot13(text)})
	}
	return out
}

func invisibleFindings(text string, out []obfFinding) []obfFinding {
	var tags, zw, bidi, vs int
	var tagSpans, zwSpans, bidiSpans [][2]int
	var tagText []byte
	rtl := false
	prevLatin := false
	for i := 0; i < len(text); {
		if c := text[i]; c < utf8.RuneSelf {
			// ASCII is none of the characters below.
			prevLatin = isASCIIAlpha(c)
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(text[i:])
		switch {
		case r >= 0xE0000 && r <= 0xE007F:
			tags++
			tagSpans = append(tagSpans, [2]int{i, i + n})
			if r >= 0xE0020 && r <= 0xE007E {
				tagText = append(tagText, byte(r-0xE0000))
			}
		case isBidiControl(r):
			bidi++
			bidiSpans = append(bidiSpans, [2]int{i, i + n})
		case r >= 0xE0100 && r <= 0xE01EF:
			vs++
			zwSpans = append(zwSpans, [2]int{i, i + n})
		case r == 0x200B || r == 0x200C || r == 0x200D || r == 0x2060 || r == 0x2061 || r == 0x2062 || r == 0x2063 || r == 0x2064 || r == 0x00AD || r == 0xFEFF && i > 0:
			// Zero-width characters between Latin letters hide words from
			// filters; between emoji (ZWJ sequences) or in Indic and Arabic
			// scripts (ZWNJ) they are ordinary.
			if prevLatin && i+n < len(text) && isASCIIAlpha(text[i+n]) {
				zw++
				zwSpans = append(zwSpans, [2]int{i, i + n})
			}
		case r >= 0x0590 && !rtl && unicode.In(r, unicode.Arabic, unicode.Hebrew, unicode.Syriac, unicode.Thaana):
			// (All four scripts start at U+0590; one is enough.)
			rtl = true
		}
		prevLatin = r < utf8.RuneSelf && isASCIIAlpha(byte(r)) || prevLatin && (r == 0x200B || r == 0x200C || r == 0x200D || r == 0x2060 || r == 0x00AD)
		i += n
	}
	if tags > 0 {
		s := 0.8
		if len(tagText) >= 4 {
			s = 0.95 // ASCII smuggled in tag characters
		}
		out = append(out, obfFinding{score: s, what: "tag characters", start: tagSpans[0][0], end: tagSpans[0][1], spans: tagSpans, decoded: string(tagText)})
	}
	if zw+vs > 0 {
		s := 0.4
		if zw >= 3 || vs >= 4 {
			s = 0.8
		}
		out = append(out, obfFinding{score: s, what: "invisible characters", start: zwSpans[0][0], end: zwSpans[0][1], spans: zwSpans})
	}
	if bidi > 0 {
		s := 0.75
		if rtl {
			s = 0.35 // right-to-left text uses embeddings legitimately
		}
		out = append(out, obfFinding{score: s, what: "bidi control characters", start: bidiSpans[0][0], end: bidiSpans[0][1], spans: bidiSpans})
	}
	return out
}

func isASCIIAlpha(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

// homoglyphFindings finds words that mix Latin letters with Cyrillic or
// Greek look-alikes ("pаypal" with a Cyrillic а).
func homoglyphFindings(text string, out []obfFinding) []obfFinding {
	mixed := 0
	first := [2]int{-1, -1}
	ws := -1
	latin, other := 0, 0
	flush := func(end int) {
		if ws >= 0 && latin >= 1 && other >= 1 && latin+other >= 4 {
			mixed++
			if first[0] < 0 {
				first = [2]int{ws, end}
			}
		}
		ws, latin, other = -1, 0, 0
	}
	for i := 0; i < len(text); {
		if c := text[i]; c < utf8.RuneSelf {
			if isASCIIAlpha(c) {
				if ws < 0 {
					ws = i
				}
				latin++
			} else {
				flush(i)
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(text[i:])
		switch {
		case r < utf8.RuneSelf && isASCIIAlpha(byte(r)):
			if ws < 0 {
				ws = i
			}
			latin++
		case r >= utf8.RuneSelf && unicode.IsLetter(r):
			if ws < 0 {
				ws = i
			}
			if _, ok := confusables[r]; ok {
				other++
			} else if unicode.In(r, unicode.Cyrillic, unicode.Greek) {
				latin -= 100 // a genuinely Cyrillic/Greek word, not a disguise
			}
		default:
			flush(i)
		}
		i += n
	}
	flush(len(text))
	if mixed > 0 {
		s := 0.6
		if mixed >= 2 {
			s = 0.85
		}
		out = append(out, obfFinding{score: s, what: "mixed-script words", start: first[0], end: first[1]})
	}
	return out
}

// encodedFindings finds base64 and hex runs that decode to text and returns
// them for a second scan.
func encodedFindings(text string, out []obfFinding) []obfFinding {
	payloads := 0
	for i := 0; i < len(text) && payloads < maxPayloads; i++ {
		if !isB64URL(text[i]) && text[i] != '+' && text[i] != '/' {
			continue
		}
		if i > 0 && (isB64URL(text[i-1]) || text[i-1] == '+' || text[i-1] == '/') {
			continue
		}
		j := i
		hexOnly := true
		for j < len(text) && j-i < maxPayloadBytes && (isB64URL(text[j]) || text[j] == '+' || text[j] == '/') {
			if !isHexDigit(text[j]) {
				hexOnly = false
			}
			j++
		}
		e := j
		for e < len(text) && text[e] == '=' && e-j < 2 {
			e++
		}
		s0 := i
		run := text[i:j]
		if len(run) < minPayloadChars {
			i = j
			continue
		}
		var dec []byte
		what := "base64"
		if hexOnly && len(run)%2 == 0 {
			dec, _ = hex.DecodeString(run)
			what = "hex"
		} else if !hexOnly && hasClasses(run) {
			dec = decodeBase64(run)
		}
		i = e
		if len(dec) == 0 || !readableText(dec) {
			continue
		}
		payloads++
		out = append(out, obfFinding{score: 0.3, what: what + " payload", start: s0, end: e, decoded: string(dec)})
	}
	return out
}

func rot13(s string) string {
	b := []byte(s)
	for i, c := range b {
		switch {
		case c >= 'a' && c <= 'z':
			b[i] = 'a' + (c-'a'+13)%26
		case c >= 'A' && c <= 'Z':
			b[i] = 'A' + (c-'A'+13)%26
		}
	}
	return string(b)
}

func isHexDigit(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}

func decodeBase64(run string) []byte {
	for _, enc := range []*base64.Encoding{base64.RawStdEncoding, base64.RawURLEncoding} {
		if b, err := enc.DecodeString(strings.TrimRight(run, "=")); err == nil {
			return b
		}
	}
	// Trailing bits that do not fit: drop the last partial quantum.
	if n := len(run) / 4 * 4; n >= minPayloadChars {
		if b, err := base64.StdEncoding.DecodeString(run[:n]); err == nil {
			return b
		}
	}
	return nil
}

// readableText reports whether b is UTF-8 text made mostly of letters and
// spaces (a decoded instruction), not binary data or another encoding.
func readableText(b []byte) bool {
	if !utf8.Valid(b) {
		return false
	}
	letters, spaces, other := 0, 0, 0
	for _, r := range string(b) {
		switch {
		case unicode.IsLetter(r):
			letters++
		case r == ' ' || r == '\n' || r == '\t':
			spaces++
		case unicode.IsPrint(r):
		default:
			other++
		}
	}
	n := utf8.RuneCount(b)
	return n >= 8 && other == 0 && spaces >= 1 && letters*10 >= n*6
}
