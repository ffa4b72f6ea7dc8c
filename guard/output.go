package guard

import (
	"hash/maphash"
	"math/bits"
	"net/url"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"unicode"
	"unicode/utf8"
)

// linkMatch is a markdown image or link (or an HTML img) in an answer.
type linkMatch struct {
	urlStart, urlEnd int
	url              string
	image            bool
}

// findLinks finds ![alt](url), [text](url) and <img src="url"> in text.
func findLinks(text string) []linkMatch {
	var ls []linkMatch
	for off := 0; ; {
		i := strings.Index(text[off:], "](")
		if i < 0 {
			break
		}
		p := off + i
		off = p + 2
		// find the opening '[' of the label on the same line
		open := strings.LastIndexByte(text[max(0, p-500):p], '[')
		if open < 0 {
			continue
		}
		open += max(0, p-500)
		if strings.IndexByte(text[open:p], '\n') >= 0 {
			continue
		}
		image := open > 0 && text[open-1] == '!'
		us := p + 2
		for us < len(text) && (text[us] == ' ' || text[us] == '<') {
			us++
		}
		ue := us
		for ue < len(text) && text[ue] != ')' && text[ue] != ' ' && text[ue] != '>' && text[ue] != '\n' {
			ue++
		}
		if ue > us {
			ls = append(ls, linkMatch{urlStart: us, urlEnd: ue, url: text[us:ue], image: image})
		}
		off = ue
	}
	lower := ""
	if strings.Contains(text, "<img") || strings.Contains(text, "<IMG") {
		lower = strings.ToLower(text)
	}
	for off := 0; lower != ""; {
		i := strings.Index(lower[off:], "<img")
		if i < 0 {
			break
		}
		s := off + i
		off = s + 4
		end := strings.IndexByte(lower[s:], '>')
		if end < 0 {
			end = len(lower) - s
		}
		tag := lower[s : s+end]
		k := strings.Index(tag, "src=")
		if k < 0 {
			continue
		}
		us := s + k + 4
		q := byte(' ')
		if us < len(text) && (text[us] == '"' || text[us] == '\'') {
			q = text[us]
			us++
		}
		ue := us
		for ue < len(text) && text[ue] != q && text[ue] != '>' && (q != ' ' || text[ue] != ' ') {
			ue++
		}
		ls = append(ls, linkMatch{urlStart: us, urlEnd: ue, url: text[us:ue], image: true})
	}
	return ls
}

// linkScore scores a link by how much it can carry data out: an image to an
// outside host loads without a click, a query string or long path carries
// data. Hosts on the allow list (and their subdomains) are trusted.
func (e *Engine) linkScore(l linkMatch) (float64, string) {
	u, err := url.Parse(l.url)
	if err != nil || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https" && u.Scheme != "") {
		return 0, ""
	}
	host := strings.ToLower(u.Hostname())
	for _, h := range e.hosts {
		if host == h || strings.HasSuffix(host, "."+h) {
			return 0, host
		}
	}
	data := len(u.RawQuery) >= 16 || longSegment(u.Path) || strings.Contains(u.RawQuery, "%20") || strings.Count(u.RawQuery, "=") >= 3
	switch {
	case l.image && data:
		return 0.95, host
	case l.image:
		return 0.7, host
	case data && len(u.RawQuery) >= 40:
		return 0.6, host
	}
	return 0.2, host
}

// longSegment reports a path segment that looks like encoded data.
func longSegment(p string) bool {
	for _, s := range strings.Split(p, "/") {
		if len(s) >= 40 {
			return true
		}
	}
	return false
}

// systemPromptOverlap is the share of the system prompt's word 5-grams that
// the answer repeats, and the number repeated (words as strings.Fields
// splits the folded texts).
func systemPromptOverlap(system, answer string) (float64, int) {
	ab := foldPool.Get().(*[]byte)
	defer foldPool.Put(ab)
	*ab = fold((*ab)[:0], answer)
	return systemPromptOverlapFolded(system, bytesString(*ab))
}

// overlapN is the length in words of the grams the overlap compares.
const overlapN = 5

// systemWords is a system prompt folded and split into words (as
// systemPromptOverlapOf splits it), kept for the next answers: an
// application sends the same system prompt with every call, and folding a
// long one for each answer cost microseconds before the answer went out.
// Immutable once published.
type systemWords struct {
	system, folded string
	ws             []int32
	hs             []uint64
	grams          []uint64 // gramHash of each 5-gram of hs
}

const (
	nRecentSystems  = 4
	maxRecentSystem = 64 << 10 // longer system prompts are not kept
)

var (
	recentSystems [nRecentSystems]atomic.Pointer[systemWords]
	// recentMisses are hashes of system prompts seen and not kept: a
	// prompt is kept the second time it is seen, so prompts that never
	// come back (a template with the user's name in it) allocate nothing.
	recentMisses [2 * nRecentSystems]atomic.Uint64
	recentNext   atomic.Uint32
	missSeed     = maphash.MakeSeed()
)

// recentSystem returns the kept words of system, or nil.
func recentSystem(system string) *systemWords {
	for i := range recentSystems {
		if w := recentSystems[i].Load(); w != nil && w.system == system {
			return w
		}
	}
	return nil
}

// rememberSystem keeps a copy of the words of system (folded fs, word
// boundaries ws, hashes hs) when system was seen before and not kept.
func rememberSystem(system, fs string, ws []int32, hs []uint64) {
	if len(system) > maxRecentSystem {
		return
	}
	h := maphash.String(missSeed, system)
	seen := false
	for i := range recentMisses {
		if recentMisses[i].Load() == h {
			seen = true
			break
		}
	}
	k := recentNext.Add(1)
	if !seen {
		recentMisses[k%uint32(len(recentMisses))].Store(h)
		return
	}
	w := &systemWords{system: strings.Clone(system), folded: strings.Clone(fs), ws: slices.Clone(ws), hs: slices.Clone(hs)}
	for i := 0; i+overlapN <= len(hs); i++ {
		w.grams = append(w.grams, gramHash(hs[i:i+overlapN]))
	}
	for i := range recentSystems {
		if recentSystems[i].CompareAndSwap(nil, w) {
			return // a free place
		}
	}
	recentSystems[k%nRecentSystems].Store(w)
}

// overlapScratch holds the word offsets and gram table of one overlap
// check, reused across checks.
type overlapScratch struct {
	sys, ans   []int32  // word boundaries: start, end, start, end...
	sysH, ansH []uint64 // word hashes
	keys       []uint64 // open-addressing table of the answer's gram hashes (0 = empty)
	first      []int32  // the first answer gram with the key
}

var overlapPool = sync.Pool{New: func() any { return new(overlapScratch) }}

// systemPromptOverlapFolded is systemPromptOverlap with the answer folded.
// Grams are compared by a hash of their words, then word by word, so no
// gram string is built.
func systemPromptOverlapFolded(system, answer string) (float64, int) {
	return systemPromptOverlapOf(system, func() string { return answer })
}

// systemPromptOverlapOf is systemPromptOverlapFolded with the folded answer
// asked for only when the system prompt is long enough to be checked (ten
// words): the usual short "You are a helpful assistant." costs no fold of
// the answer.
func systemPromptOverlapOf(system string, folded func() string) (float64, int) {
	const n = overlapN
	sc := overlapPool.Get().(*overlapScratch)
	defer overlapPool.Put(sc)
	// The system prompt's folded text, word boundaries and word hashes:
	// kept ones (shared, read only) or made in the scratch.
	var fs string
	var sys []int32
	var sysH, grams []uint64 // grams: the kept gram hashes, else computed below
	if w := recentSystem(system); w != nil {
		fs, sys, sysH, grams = w.folded, w.ws, w.hs, w.grams
	} else {
		sb := foldPool.Get().(*[]byte)
		defer foldPool.Put(sb)
		*sb = fold((*sb)[:0], system)
		fs = bytesString(*sb)
		sc.sys, sc.sysH = appendWords(sc.sys[:0], sc.sysH[:0], fs)
		sys, sysH = sc.sys, sc.sysH
		rememberSystem(system, fs, sys, sysH)
	}
	if len(sys)/2 < 10 {
		return 0, 0
	}
	answer := folded()
	sc.ans, sc.ansH = appendWords(sc.ans[:0], sc.ansH[:0], answer)
	na := len(sc.ans)/2 - n + 1
	if na < 1 {
		return 0, 0
	}
	size := 1
	for size < 2*na {
		size *= 2
	}
	sc.keys = slices.Grow(sc.keys[:0], size)[:size]
	clear(sc.keys)
	sc.first = slices.Grow(sc.first[:0], size)[:size]
	mask := uint64(size - 1)
	for i := 0; i < na; i++ {
		h := gramHash(sc.ansH[i : i+n])
		for k := h & mask; ; k = (k + 1) & mask {
			if sc.keys[k] == 0 {
				sc.keys[k], sc.first[k] = h, int32(i)
				break
			}
			if sc.keys[k] == h {
				break // keep the first
			}
		}
	}
	word := func(text string, ws []int32, i int) string { return text[ws[2*i]:ws[2*i+1]] }
	same := func(i, j int) bool {
		for k := range n {
			if word(fs, sys, i+k) != word(answer, sc.ans, j+k) {
				return false
			}
		}
		return true
	}
	total, hit := 0, 0
	for i := 0; i+n <= len(sys)/2; i++ {
		total++
		var h uint64
		if grams != nil {
			h = grams[i]
		} else {
			h = gramHash(sysH[i : i+n])
		}
		for k := h & mask; sc.keys[k] != 0; k = (k + 1) & mask {
			if sc.keys[k] != h {
				continue
			}
			if same(i, int(sc.first[k])) {
				hit++
				break
			}
			// Two grams with one hash: compare with every gram of the
			// answer.
			for j := 0; j < na; j++ {
				if same(i, j) {
					hit++
					break
				}
			}
			break
		}
	}
	return float64(hit) / float64(total), hit
}

// appendFields appends the start and end of every field of s, as
// strings.Fields splits it.
func appendFields(dst []int32, s string) []int32 {
	start := -1
	for i := 0; i < len(s); {
		c := s[i]
		size := 1
		space := asciiSpace[c] != 0
		if c >= utf8.RuneSelf {
			var r rune
			r, size = utf8.DecodeRuneInString(s[i:])
			space = unicode.IsSpace(r)
		}
		switch {
		case space && start >= 0:
			dst = append(dst, int32(start), int32(i))
			start = -1
		case !space && start < 0:
			start = i
		}
		i += size
	}
	if start >= 0 {
		dst = append(dst, int32(start), int32(len(s)))
	}
	return dst
}

var asciiSpace = [256]uint8{'\t': 1, '\n': 1, '\v': 1, '\f': 1, '\r': 1, ' ': 1}

// appendWords appends the boundaries of the fields of s (as strings.Fields
// splits it) and their hashes. ASCII text whose only white space is the
// space (folded text) is split eight bytes at a time.
func appendWords(ws []int32, hs []uint64, s string) ([]int32, []uint64) {
	if !plainASCII(s) {
		k := len(ws)
		ws = appendFields(ws, s)
		for ; k+1 < len(ws); k += 2 {
			hs = append(hs, wordHash(s, int(ws[k]), int(ws[k+1])))
		}
		return ws, hs
	}
	last := -1 // the last space
	word := func(end int) {
		if end > last+1 {
			ws = append(ws, int32(last+1), int32(end))
			hs = append(hs, wordHash(s, last+1, end))
		}
		last = end
	}
	i := 0
	for ; i+8 <= len(s); i += 8 {
		x := load64(s, i)
		for m := swarSum(x, ' ') &^ swarSum(x, ' '+1) & swarHigh; m != 0; m &= m - 1 {
			word(i + bits.TrailingZeros64(m)>>3)
		}
	}
	for ; i < len(s); i++ {
		if s[i] == ' ' {
			word(i)
		}
	}
	word(len(s))
	return ws, hs
}

// plainASCII reports whether s is ASCII without white space other than the
// space (no tab, newline, vertical tab, form feed or carriage return).
func plainASCII(s string) bool {
	i := 0
	for ; i+8 <= len(s); i += 8 {
		x := load64(s, i)
		if x&swarHigh != 0 || (swarSum(x, '\t')&^swarSum(x, '\r'+1))&swarHigh != 0 {
			return false
		}
	}
	for ; i < len(s); i++ {
		if c := s[i]; c >= utf8.RuneSelf || c >= '\t' && c <= '\r' {
			return false
		}
	}
	return true
}

// wordHash hashes s[i:j] eight bytes at a time.
func wordHash(s string, i, j int) uint64 {
	const m = 0xff51afd7ed558ccd
	h := uint64(j-i) * 0x9e3779b97f4a7c15
	for ; i+8 <= j; i += 8 {
		h = (h ^ load64(s, i)) * m
		h ^= h >> 32
	}
	if i < j {
		var x uint64
		if i+8 <= len(s) {
			x = load64(s, i) & (1<<(8*uint(j-i)) - 1)
		} else {
			for k := j - 1; k >= i; k-- {
				x = x<<8 | uint64(s[k])
			}
		}
		h = (h ^ x) * m
		h ^= h >> 32
	}
	return h
}

// gramHash combines the hashes of a gram's words (never 0: 0 marks an
// empty slot).
func gramHash(wh []uint64) uint64 {
	h := uint64(0)
	for _, x := range wh {
		h = (h^x)*0x9E3779B97F4A7C15 + 0x632BE59BD9B4E019
	}
	return h | 1
}
