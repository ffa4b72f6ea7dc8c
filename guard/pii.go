package guard

import (
	"net/netip"
	"strings"
)

// piiMatch is one piece of personal data found in a text.
type piiMatch struct {
	start, end int
	entity     string // EMAIL, PHONE, CREDIT_CARD, US_SSN, UK_NINO, IBAN, IP_ADDRESS
	score      float64
}

// findPII returns the personal data in text. Validators (Luhn, mod-97, SSN
// ranges, NINO prefixes) keep numbers that only look like ids out.
func findPII(text string) []piiMatch { return findPIIIn(text, gates{}) }

// findPIIIn is findPII with phase 0's gates of text: a finder runs only when
// the text has what every one of its matches needs.
func findPIIIn(text string, g gates) []piiMatch {
	var ms []piiMatch
	if g.has(pAt) && strings.IndexByte(text, '@') >= 0 {
		ms = findEmails(text, ms)
	}
	if g.has(pNumber) {
		ms = findNumbers(text, ms)
	}
	if g.has(pUpperPair) {
		ms = findIBANs(text, ms)
		ms = findNINOs(text, ms)
	}
	// IPv4: four dotted numbers; IPv6: "::", or 6 or 7 colons.
	if g.has(pDotted) || g.has(pColons) || g.lit(phase0.ipv6) {
		ms = findIPs(text, ms)
	}
	return ms
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }
func isAlpha(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

func isLocalChar(c byte) bool {
	return isAlnum(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-'
}

// exampleDomains are reserved for documentation (RFC 2606) or obviously fake.
var exampleDomains = []string{"example.com", "example.org", "example.net", "test.com", "domain.com", "email.com", "yourcompany.com",
	"company.com", "acme.com", "localhost"}

func findEmails(text string, ms []piiMatch) []piiMatch {
	for off := 0; ; {
		i := strings.IndexByte(text[off:], '@')
		if i < 0 {
			return ms
		}
		at := off + i
		off = at + 1
		s := at
		for s > 0 && isLocalChar(text[s-1]) {
			s--
		}
		for s < at && (text[s] == '.' || text[s] == '-') {
			s++
		}
		if s == at {
			continue
		}
		e := at + 1
		lastDot := -1
		for e < len(text) && (isAlnum(text[e]) || text[e] == '-' || text[e] == '.') {
			if text[e] == '.' {
				lastDot = e
			}
			e++
		}
		for e > at+1 && (text[e-1] == '.' || text[e-1] == '-') {
			e--
			if e-1 < lastDot || lastDot == e {
				lastDot = strings.LastIndexByte(text[at:e], '.')
				if lastDot >= 0 {
					lastDot += at
				}
			}
		}
		if lastDot < 0 || lastDot <= at+1 || e-lastDot-1 < 2 {
			continue
		}
		tld := text[lastDot+1 : e]
		allAlpha := true
		for k := 0; k < len(tld); k++ {
			if !isAlpha(tld[k]) {
				allAlpha = false
				break
			}
		}
		if !allAlpha {
			continue
		}
		local := strings.ToLower(text[s:at])
		domain := strings.ToLower(text[at+1 : e])
		if local == "git" && e < len(text) && text[e] == ':' { // git@github.com:org/repo
			continue
		}
		score := 0.9
		for _, d := range exampleDomains {
			if domain == d || strings.HasSuffix(domain, "."+d) {
				score = 0.3
			}
		}
		ms = append(ms, piiMatch{start: s, end: e, entity: "EMAIL", score: score})
		off = e
	}
}

// findNumbers finds payment cards, phone numbers and US SSNs among runs of
// digits with separators.
func findNumbers(text string, ms []piiMatch) []piiMatch {
	for i := 0; i < len(text); i++ {
		c := text[i]
		if !isDigit(c) && !(c == '+' && i+1 < len(text) && isDigit(text[i+1])) && !(c == '(' && i+1 < len(text) && isDigit(text[i+1])) {
			continue
		}
		if i > 0 && (isAlnum(text[i-1]) || text[i-1] == '.' || text[i-1] == '_' || text[i-1] == '/' || text[i-1] == '-' || text[i-1] == ':') {
			// inside a word, a decimal, a path, an id or a time: skip the run
			for i < len(text) && (isAlnum(text[i]) || text[i] == '.' || text[i] == '-') {
				i++
			}
			continue
		}
		// Extend over digits and single separators (space, -, ., (, )).
		s, e := i, i
		var digits [24]byte
		nd := 0
		groups := 0
		inGroup := false
		var seps []byte
		for e < len(text) && nd <= 19 {
			ch := text[e]
			if isDigit(ch) {
				if nd < len(digits) {
					digits[nd] = ch
				}
				nd++
				if !inGroup {
					groups++
					inGroup = true
				}
				e++
				continue
			}
			if (ch == ' ' || ch == '-' || ch == '.' || ch == '(' || ch == ')' || ch == '+' && e == s) && e+1 < len(text) {
				nx := text[e+1]
				if isDigit(nx) || (ch == ')' && nx == ' ') || (ch == '(' && isDigit(nx)) || ch == '+' {
					if ch != '+' {
						seps = append(seps, ch)
					}
					inGroup = false
					e++
					if ch == ')' && text[e] == ' ' {
						e++
					}
					continue
				}
			}
			break
		}
		for e > s && !isDigit(text[e-1]) {
			e--
		}
		i = max(i, e-1)
		if nd < 7 || e < len(text) && (isAlnum(text[e]) || text[e] == '_') {
			continue
		}
		if e+1 < len(text) && (text[e] == '.' || text[e] == ',' || text[e] == '-' || text[e] == ':') && isDigit(text[e+1]) {
			continue // continues as a number we did not take (1,234,567.89, 12:30)
		}
		num := string(digits[:min(nd, len(digits))])
		run := text[s:e]
		if m, ok := classifyNumber(text, s, e, num, run, groups, seps); ok {
			ms = append(ms, m)
		}
	}
	return ms
}

func classifyNumber(text string, s, e int, num, run string, groups int, seps []byte) (piiMatch, bool) {
	n := len(num)
	sepKind := byte(0)
	mixed := false
	for _, c := range seps {
		if sepKind == 0 {
			sepKind = c
		} else if c != sepKind && !(c == '(' || c == ')' || sepKind == '(' || sepKind == ')') {
			mixed = true
		}
	}
	// Payment card: 13-19 digits, Luhn, a known IIN, groups of 4 (or none).
	if n >= 13 && n <= 19 && !mixed && sepKind != '.' && sepKind != '(' && luhn(num) && cardBrand(num) != "" {
		score := 0.9
		if testCards[num] {
			score = 0.3
		}
		return piiMatch{start: s, end: e, entity: "CREDIT_CARD", score: score}, true
	}
	// US SSN: AAA-GG-SSSS with separators.
	if n == 9 && groups == 3 && (sepKind == '-' || sepKind == ' ') && !mixed && len(run) == 11 && run[3] == sepKind && run[6] == sepKind {
		area, group, serial := num[:3], num[3:5], num[5:]
		if area != "000" && area != "666" && area[0] != '9' && group != "00" && serial != "0000" {
			score := 0.85
			if num == "123456789" || num == "078051120" || num == "219099999" {
				score = 0.3
			}
			return piiMatch{start: s, end: e, entity: "US_SSN", score: score}, true
		}
	}
	if n == 9 && groups == 1 && contextHas(text, s, "ssn", "social security") {
		return piiMatch{start: s, end: e, entity: "US_SSN", score: 0.75}, true
	}
	// Phone numbers.
	if n < 7 || n > 15 {
		return piiMatch{}, false
	}
	plus := run[0] == '+'
	ctx := contextHas(text, s, "phone", "tel", "call", "mobile", "cell", "fax", "whatsapp", "contact", "sms", "text me", "reach me", "number")
	switch {
	case plus && n >= 8 && num[0] != '0':
		return piiMatch{start: s, end: e, entity: "PHONE", score: 0.85}, true
	case groups >= 2 && !mixed && sepKind != '.' && phoneShape(num, groups):
		score := 0.7
		if ctx {
			score = 0.85
		}
		if looksLikeDate(run) {
			return piiMatch{}, false
		}
		return piiMatch{start: s, end: e, entity: "PHONE", score: score}, true
	case sepKind == '.' && groups == 3 && n == 10 && !mixed && ctx:
		return piiMatch{start: s, end: e, entity: "PHONE", score: 0.75}, true
	case groups == 1 && (n == 10 || n == 11) && ctx:
		return piiMatch{start: s, end: e, entity: "PHONE", score: 0.7}, true
	}
	return piiMatch{}, false
}

// phoneShape accepts North American 10/11-digit numbers and national numbers
// with a trunk 0 (UK, EU) of 10-11 digits.
func phoneShape(num string, groups int) bool {
	n := len(num)
	switch {
	case n == 10 && num[0] >= '2' && num[0] <= '9' && num[3] >= '2' && num[3] <= '9':
		return true
	case n == 11 && num[0] == '1' && num[1] >= '2' && num[1] <= '9':
		return true
	case (n == 10 || n == 11) && num[0] == '0' && num[1] != '0':
		return true
	}
	return false
}

func looksLikeDate(run string) bool {
	// 2024-01-15, 15-01-2024 and friends: groups of 4-2-2 or 2-2-4.
	parts := strings.FieldsFunc(run, func(r rune) bool { return r < '0' || r > '9' })
	if len(parts) == 3 {
		a, b, c := len(parts[0]), len(parts[1]), len(parts[2])
		return a == 4 && b == 2 && c == 2 || a == 2 && b == 2 && c == 4
	}
	return false
}

// contextHas reports whether one of words occurs in the 40 bytes before s.
func contextHas(text string, s int, words ...string) bool {
	ctx := strings.ToLower(text[max(0, s-40):s])
	for _, w := range words {
		if strings.Contains(ctx, w) {
			return true
		}
	}
	return false
}

func luhn(num string) bool {
	sum := 0
	double := false
	for i := len(num) - 1; i >= 0; i-- {
		d := int(num[i] - '0')
		if double {
			d *= 2
			if d > 9 {
				d -= 9
			}
		}
		sum += d
		double = !double
	}
	return sum%10 == 0
}

// cardBrand returns the card network by IIN prefix and length.
func cardBrand(num string) string {
	n := len(num)
	p2 := int(num[0]-'0')*10 + int(num[1]-'0')
	p4 := p2*100 + int(num[2]-'0')*10 + int(num[3]-'0')
	p3 := p4 / 10
	switch {
	case num[0] == '4' && (n == 13 || n == 16 || n == 19):
		return "visa"
	case (p2 >= 51 && p2 <= 55 || p4 >= 2221 && p4 <= 2720) && n == 16:
		return "mastercard"
	case (p2 == 34 || p2 == 37) && n == 15:
		return "amex"
	case (p4 == 6011 || p2 == 65 || p3 >= 644 && p3 <= 649) && n >= 16 && n <= 19:
		return "discover"
	case p4 >= 3528 && p4 <= 3589 && n >= 16 && n <= 19:
		return "jcb"
	case (p2 == 36 || p2 == 38 || p3 >= 300 && p3 <= 305) && n == 14:
		return "diners"
	case p2 == 62 && n >= 16 && n <= 19:
		return "unionpay"
	}
	return ""
}

// testCards are the networks' published test numbers (Stripe, Adyen,
// Braintree docs): not personal data.
var testCards = map[string]bool{
	"4111111111111111": true, "4242424242424242": true, "4012888888881881": true, "4000056655665556": true,
	"5555555555554444": true, "5105105105105100": true, "5200828282828210": true, "378282246310005": true,
	"371449635398431": true, "6011111111111117": true, "6011000990139424": true, "3530111333300000": true,
	"30569309025904": true, "4000000000000002": true, "4000000000009995": true, "2223003122003222": true,
}

// ibanLengths of common countries; others accept 15-34.
var ibanLengths = map[string]int{"DE": 22, "GB": 22, "FR": 27, "ES": 24, "IT": 27, "NL": 18, "BE": 16, "CH": 21, "AT": 20,
	"IE": 22, "PL": 28, "PT": 25, "SE": 24, "NO": 15, "DK": 18, "FI": 18, "LU": 20, "CZ": 24, "GR": 27, "HU": 28, "RO": 24}

func findIBANs(text string, ms []piiMatch) []piiMatch {
	for i := 0; i+15 <= len(text); i++ {
		c := text[i]
		if c < 'A' || c > 'Z' || text[i+1] < 'A' || text[i+1] > 'Z' || !isDigit(text[i+2]) || !isDigit(text[i+3]) {
			continue
		}
		if i > 0 && isAlnum(text[i-1]) {
			continue
		}
		// Gather alphanumerics, allowing single spaces between groups.
		var buf [34]byte
		n := 0
		e := i
		for e < len(text) && n < 34 {
			ch := text[e]
			if isDigit(ch) || ch >= 'A' && ch <= 'Z' {
				buf[n] = ch
				n++
				e++
				continue
			}
			if ch == ' ' && e+1 < len(text) && isAlnum(text[e+1]) && n%4 == 0 {
				e++
				continue
			}
			break
		}
		for e > i && text[e-1] == ' ' {
			e--
		}
		// Try the longest valid prefix of the gathered characters.
		country := string(buf[:2])
		want := ibanLengths[country]
		for l := n; l >= 15; l-- {
			if want != 0 && l != want {
				continue
			}
			if ibanValid(buf[:l]) {
				end := ibanEnd(text, i, l)
				score := 0.95
				if s := string(buf[:l]); s == "GB82WEST12345698765432" || s == "DE89370400440532013000" {
					score = 0.3 // the textbook examples
				}
				ms = append(ms, piiMatch{start: i, end: end, entity: "IBAN", score: score})
				i = end
				break
			}
		}
	}
	return ms
}

// ibanEnd is the byte offset after l IBAN characters starting at i.
func ibanEnd(text string, i, l int) int {
	k := 0
	for i < len(text) && k < l {
		if text[i] != ' ' {
			k++
		}
		i++
	}
	return i
}

func ibanValid(b []byte) bool {
	// Move the first four characters to the end, letters to numbers, mod 97.
	rem := 0
	add := func(c byte) {
		if isDigit(c) {
			rem = (rem*10 + int(c-'0')) % 97
		} else {
			v := int(c-'A') + 10
			rem = (rem*100 + v) % 97
		}
	}
	for _, c := range b[4:] {
		add(c)
	}
	for _, c := range b[:4] {
		add(c)
	}
	return rem == 1
}

// findNINOs finds UK National Insurance numbers (AB 12 34 56 C).
func findNINOs(text string, ms []piiMatch) []piiMatch {
	for i := 0; i+9 <= len(text); i++ {
		a, b := text[i], text[i+1]
		if a < 'A' || a > 'Z' || b < 'A' || b > 'Z' || i > 0 && isAlnum(text[i-1]) {
			continue
		}
		if strings.IndexByte("DFIQUV", a) >= 0 || strings.IndexByte("DFIOQUV", b) >= 0 {
			continue
		}
		switch text[i : i+2] {
		case "BG", "GB", "NK", "KN", "TN", "NT", "ZZ":
			continue
		}
		// 6 digits, optionally in pairs separated by spaces, then A-D.
		j := i + 2
		nd := 0
		for j < len(text) && nd < 6 {
			if text[j] == ' ' && nd%2 == 0 && j+1 < len(text) && isDigit(text[j+1]) {
				j++
				continue
			}
			if !isDigit(text[j]) {
				break
			}
			nd++
			j++
		}
		if nd != 6 {
			continue
		}
		if j < len(text) && text[j] == ' ' {
			j++
		}
		if j >= len(text) || text[j] < 'A' || text[j] > 'D' || j+1 < len(text) && isAlnum(text[j+1]) {
			continue
		}
		ms = append(ms, piiMatch{start: i, end: j + 1, entity: "UK_NINO", score: 0.8})
		i = j
	}
	return ms
}

// findIPs finds public IPv4 and IPv6 addresses. Private, loopback and
// documentation ranges score low, and dotted numbers after "version" are not
// addresses.
func findIPs(text string, ms []piiMatch) []piiMatch {
	for i := 0; i < len(text); i++ {
		c := text[i]
		if !isDigit(c) && !(c >= 'a' && c <= 'f') && !(c >= 'A' && c <= 'F') && c != ':' {
			continue
		}
		if i > 0 && (isAlnum(text[i-1]) || text[i-1] == '.' || text[i-1] == ':' || text[i-1] == '_' || text[i-1] == '-') {
			continue
		}
		e := i
		colons, dots := 0, 0
		for e < len(text) && (isDigit(text[e]) || text[e] >= 'a' && text[e] <= 'f' || text[e] >= 'A' && text[e] <= 'F' || text[e] == ':' || text[e] == '.') {
			if text[e] == ':' {
				colons++
			} else if text[e] == '.' {
				dots++
			}
			e++
		}
		for e > i && (text[e-1] == '.' || text[e-1] == ':') {
			if text[e-1] == ':' {
				colons--
			} else {
				dots--
			}
			e--
		}
		tok := text[i:e]
		next := i
		i = max(i, e-1)
		if e < len(text) && (isAlnum(text[e]) || text[e] == '_') {
			continue
		}
		if !(dots == 3 && colons == 0) && !(colons >= 2) {
			_ = next
			continue
		}
		if colons >= 2 && dots == 0 && !strings.Contains(tok, "::") && colons < 7 {
			continue // 12:30:45 and MAC-like fragments
		}
		addr, err := netip.ParseAddr(tok)
		if err != nil {
			continue
		}
		if addr.Is4() && contextHas(text, i, "version", "ver ", "v.", "release", "firmware", "build") {
			continue
		}
		score := 0.7
		if addr.IsPrivate() || addr.IsLoopback() || addr.IsLinkLocalUnicast() || addr.IsUnspecified() || addr.IsMulticast() || docRange(addr) {
			score = 0.3
		}
		ms = append(ms, piiMatch{start: next, end: e, entity: "IP_ADDRESS", score: score})
	}
	return ms
}

var docPrefixes = []netip.Prefix{
	netip.MustParsePrefix("192.0.2.0/24"), netip.MustParsePrefix("198.51.100.0/24"), netip.MustParsePrefix("203.0.113.0/24"),
	netip.MustParsePrefix("2001:db8::/32"), netip.MustParsePrefix("100.64.0.0/10"), netip.MustParsePrefix("0.0.0.0/8"),
	netip.MustParsePrefix("255.255.255.255/32"),
}

func docRange(a netip.Addr) bool {
	for _, p := range docPrefixes {
		if p.Contains(a) {
			return true
		}
	}
	return false
}
