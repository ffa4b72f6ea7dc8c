package classifier

import (
	"bytes"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// normalizeRef is the plain rune-by-rune form of appendNormalized (its
// first version, before the table-driven ASCII path); the two must agree on
// every input.
func normalizeRef(s string) []byte {
	var dst []byte
	space := true
	for _, r := range s {
		if r < utf8.RuneSelf {
			c := byte(r)
			switch {
			case c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v':
				if !space {
					dst = append(dst, ' ')
					space = true
				}
				continue
			case c >= 'A' && c <= 'Z':
				c += 'a' - 'A'
			case c < ' ' || c == 0x7f:
				continue
			}
			dst = append(dst, c)
			space = false
			continue
		}
		r = foldRune(r)
		switch {
		case r < 0:
			continue
		case unicode.IsSpace(r):
			if !space {
				dst = append(dst, ' ')
				space = true
			}
			continue
		}
		dst = utf8.AppendRune(dst, r)
		space = false
	}
	if space && len(dst) > 0 && dst[len(dst)-1] == ' ' {
		dst = dst[:len(dst)-1]
	}
	return dst
}

func FuzzNormalizeMatchesReference(f *testing.F) {
	for _, s := range []string{"", " ", "  Hello\t\nWORLD  ", "Ｉｇｎｏｒｅ", "ig\u200bnore", "іgnоre", "a\x00b\x7fc", "\xff\xfe ok",
		"café  naïve\u00a0x", "Ⱥ" + strings.Repeat("ab ", 30), "\u2028line\u2029", "x \u200b y"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := appendNormalized([]byte("prefix"), s)
		want := append([]byte("prefix"), normalizeRef(s)...)
		if !bytes.Equal(got, want) {
			t.Fatalf("appendNormalized(%q) = %q, want %q", s, got[6:], want[6:])
		}
	})
}
