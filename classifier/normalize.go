package classifier

import (
	"slices"
	"unicode"
	"unicode/utf8"
)

// AppendNormalized appends the normalised form of s to dst: the text the
// features are computed from (see appendNormalized). A caller that holds it
// can score it with Model.ScoreNormalized.
func AppendNormalized(dst []byte, s string) []byte { return appendNormalized(dst, s) }

// appendNormalized appends the canonical form of s to dst: lowercase, every
// whitespace run collapsed to one space, invisible characters dropped and the
// usual obfuscations folded back to ASCII (fullwidth forms, mathematical
// alphanumerics, circled letters, Cyrillic/Greek look-alikes, Latin letters
// with diacritics). Attackers use exactly these tricks to slip past keyword
// filters, so the model must see through them. It is a small hand-made subset
// of NFKC plus confusable folding, so the package needs no Unicode tables
// beyond the standard library.
func appendNormalized(dst []byte, s string) []byte {
	space := uint8(1) // 1 after a space or at the start: drop whitespace
	for i := 0; i < len(s); {
		// ASCII runs, the bulk of every text: table-driven and
		// branch-free (whitespace is too frequent to predict), writing
		// into room reserved for the whole rest of s.
		dst = slices.Grow(dst, len(s)-i)
		n := len(dst)
		d := dst[:cap(dst)]
		for ; i < len(s) && n < len(d); i++ {
			c := s[i]
			if c >= utf8.RuneSelf {
				break
			}
			m := asciiFold[c]
			d[n] = m
			sp := b2u(m == ' ')
			keep := b2u(m != 0) &^ (sp & space)
			n += int(keep)
			space ^= (space ^ sp) & keep // if kept: space = sp
		}
		dst = d[:n]
		if i >= len(s) {
			break
		}
		if s[i] < utf8.RuneSelf {
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		r = foldRune(r)
		switch {
		case r < 0:
			continue
		case r == ' ' || unicode.IsSpace(r):
			if space == 0 {
				dst = append(dst, ' ')
				space = 1
			}
			continue
		}
		dst = utf8.AppendRune(dst, r)
		space = 0
	}
	if space != 0 && len(dst) > 0 && dst[len(dst)-1] == ' ' {
		dst = dst[:len(dst)-1]
	}
	return dst
}

// asciiFold maps an ASCII byte to its normalised form: lowercase letters,
// ' ' for every whitespace byte, 0 for the other control bytes (dropped).
var asciiFold = func() (t [utf8.RuneSelf]byte) {
	for c := range t {
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v':
			t[c] = ' '
		case c >= 'A' && c <= 'Z':
			t[c] = byte(c) + 'a' - 'A'
		case c < ' ' || c == 0x7f:
			t[c] = 0
		default:
			t[c] = byte(c)
		}
	}
	return t
}()

func b2u(b bool) uint8 {
	if b {
		return 1
	}
	return 0
}

// foldRune maps one non-ASCII rune to its canonical lowercase form, or -1 to
// drop it.
func foldRune(r rune) rune {
	switch {
	case r == 0xAD || (r >= 0x200B && r <= 0x200F) || (r >= 0x2060 && r <= 0x2064) || r == 0xFEFF ||
		(r >= 0xFE00 && r <= 0xFE0F) || (r >= 0xE0000 && r <= 0xE007F):
		return -1 // soft hyphen, zero-width, variation selectors, tag characters
	case r >= 0xFF01 && r <= 0xFF5E: // fullwidth ASCII
		return toLowerASCII(r - 0xFEE0)
	case r >= 0x1D400 && r <= 0x1D6A3: // mathematical bold/italic/script/... letters
		k := (r - 0x1D400) % 52
		if k < 26 {
			return 'a' + k
		}
		return 'a' + k - 26
	case r >= 0x1D7CE && r <= 0x1D7FF: // mathematical digits
		return '0' + (r-0x1D7CE)%10
	case r >= 0x24B6 && r <= 0x24CF: // circled capital letters
		return 'a' + r - 0x24B6
	case r >= 0x24D0 && r <= 0x24E9:
		return 'a' + r - 0x24D0
	case r >= 0x1F130 && r <= 0x1F149: // squared letters
		return 'a' + r - 0x1F130
	case r >= 0x1F170 && r <= 0x1F189: // negative squared letters
		return 'a' + r - 0x1F170
	case r >= 0x1F1E6 && r <= 0x1F1FF: // regional indicator letters
		return 'a' + r - 0x1F1E6
	case r == 0x2018 || r == 0x2019 || r == 0x201B || r == 0x2032 || r == 0x02BC:
		return '\''
	case r == 0x201C || r == 0x201D || r == 0x201F || r == 0x2033:
		return '"'
	case r >= 0x2010 && r <= 0x2015:
		return '-'
	case r == 0x2026:
		return '.'
	}
	if m, ok := confusables[r]; ok {
		return m
	}
	if unicode.Is(unicode.Mn, r) {
		return -1 // combining marks: "i̇gnore" reads as "ignore"
	}
	return unicode.ToLower(r)
}

func toLowerASCII(r rune) rune {
	if r >= 'A' && r <= 'Z' {
		return r + 'a' - 'A'
	}
	return r
}

// confusables folds look-alike letters and Latin letters with diacritics.
var confusables = func() map[rune]rune {
	m := map[rune]rune{}
	add := func(to rune, from string) {
		for _, r := range from {
			m[r] = to
		}
	}
	// Cyrillic and Greek homoglyphs, both cases.
	add('a', "аАαΑ")
	add('b', "ВвΒβ")
	add('c', "сСϲ")
	add('e', "еЕΕε")
	add('h', "НһΗ")
	add('i', "іІΙιӏ")
	add('j', "јЈ")
	add('k', "КкΚκ")
	add('m', "МмΜ")
	add('n', "Ν")
	add('o', "оОΟοσ")
	add('p', "рРΡρ")
	add('s', "ѕЅ")
	add('t', "ТтΤτ")
	add('x', "хХΧχ")
	add('y', "уУΥγ")
	// Latin-1 and Latin Extended-A letters with diacritics.
	add('a', "ÀÁÂÃÄÅàáâãäåĀāĂăĄą")
	add('c', "ÇçĆćĈĉĊċČč")
	add('d', "ĎďĐđ")
	add('e', "ÈÉÊËèéêëĒēĔĕĖėĘęĚě")
	add('g', "ĜĝĞğĠġĢģ")
	add('h', "ĤĥĦħ")
	add('i', "ÌÍÎÏìíîïĨĩĪīĬĭĮįİı")
	add('j', "Ĵĵ")
	add('k', "Ķķ")
	add('l', "ĹĺĻļĽľĿŀŁł")
	add('n', "ÑñŃńŅņŇň")
	add('o', "ÒÓÔÕÖØòóôõöøŌōŎŏŐő")
	add('r', "ŔŕŖŗŘř")
	add('s', "ŚśŜŝŞşŠš")
	add('t', "ŢţŤťŦŧ")
	add('u', "ÙÚÛÜùúûüŨũŪūŬŭŮůŰűŲų")
	add('w', "Ŵŵ")
	add('y', "ÝýÿŶŷŸ")
	add('z', "ŹźŻżŽž")
	return m
}()
