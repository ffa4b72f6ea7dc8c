package guard

import (
	"fmt"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Phase 0 of every scan: one pass over a segment's text that all detectors
// share, instead of each detector making its own passes.
//
//   - The text is folded once (fold); the rules read the folded text.
//   - One Aho-Corasick automaton runs over the folded text and finds, in a
//     single pass, the trigger words of the rules (whole words, with their
//     positions: what scanTriggers did with a map lookup per word) and the
//     presence of every literal the rules test with containsAny: their need
//     strings, markers and the discussion cues. A rule whose need strings
//     occur nowhere in the text is skipped without looking at its windows.
//   - A profile of the raw bytes (longest token, most digits in a number-like
//     run, dotted and colon-separated runs, an upper-case pair before a
//     digit) tells the secrets, PII and encoded-payload finders whether a
//     match is possible at all; on ordinary prose none is, and they do not
//     run.
//
// Every gate is a necessary condition of the finder it guards, so no
// detection is lost: a gate only skips work that could not have matched.

// maxLits bounds the literals the automaton reports.
const maxLits = 512

// litSet is a set of literal ids (bit i: literal i occurs in the text).
type litSet [maxLits / 64]uint64

func (s *litSet) add(id int)      { s[id>>6] |= 1 << (uint(id) & 63) }
func (s *litSet) has(id int) bool { return s[id>>6]&(1<<(uint(id)&63)) != 0 }

// any reports whether s and m share a literal.
func (s *litSet) any(m *litSet) bool {
	for i := range s {
		if s[i]&m[i] != 0 {
			return true
		}
	}
	return false
}

// literals names the strings the automaton reports by id.
type literals struct {
	ids  map[string]int
	strs []string
}

func (l *literals) id(s string) int {
	if id, ok := l.ids[s]; ok {
		return id
	}
	if len(l.strs) >= maxLits {
		panic("guard: too many literals for the phase-0 automaton")
	}
	if l.ids == nil {
		l.ids = map[string]int{}
	}
	id := len(l.strs)
	l.ids[s] = id
	l.strs = append(l.strs, s)
	return id
}

func (l *literals) set(ss []string) (m litSet) {
	for _, s := range ss {
		m.add(l.id(s))
	}
	return m
}

// ruleGate is what phase 0 knows about a rule: the literal sets of its need
// strings and markers, and the literal of each raw word (lower-cased).
type ruleGate struct {
	need, markers litSet
	rawWords      []int
}

// Literal gates of the secrets finders (folded, so lower case). Every
// secret label (secretLabels) contains one of labelGates.
var labelGates = []string{"pass", "pwd", "secret", "key", "token"}

// phase0 holds the automaton and the literal ids the detectors ask about.
var phase0 = func() (p struct {
	m           *acMachine
	lits        literals
	rules       []ruleGate
	discussion  litSet
	labels      litSet
	pem, jwt    int
	scheme, azq int
	prefixed    litSet // the prefixes of prefixSpecs
	aws         litSet // AWS key id prefixes, and "ecret" of the secret key's label
	ipv6        int    // "::"
}) {
	words := map[string]uint64{}
	for w, b := range triggers {
		if len(w) < 2 || len(w) > maxTriggerWord || strings.Trim(w, "abcdefghijklmnopqrstuvwxyz") != "" {
			continue // scanTriggers only looks up words of 2-16 letters a-z
		}
		words[w] = b
	}
	p.rules = make([]ruleGate, len(rules))
	for i, r := range rules {
		g := &p.rules[i]
		g.need = p.lits.set(r.need)
		g.markers = p.lits.set(r.markers)
		for _, w := range r.rawWords {
			g.rawWords = append(g.rawWords, p.lits.id(strings.ToLower(w)))
		}
	}
	p.discussion = p.lits.set(discussionCues)
	p.labels = p.lits.set(labelGates)
	p.pem = p.lits.id("-----begin ")
	p.jwt = p.lits.id("eyj")
	p.scheme = p.lits.id("://")
	p.azq = p.lits.id("q~")
	for _, ps := range prefixSpecs {
		p.prefixed.add(p.lits.id(strings.ToLower(ps.prefix)))
	}
	for _, k := range awsKeyPrefixes {
		p.aws.add(p.lits.id(strings.ToLower(k)))
	}
	p.aws.add(p.lits.id("ecret"))
	p.ipv6 = p.lits.id("::")
	p.m = newACMachine(p.lits.strs, words)
	return p
}()

// acMachine is an Aho-Corasick automaton compiled to a full DFA over byte
// classes. Its transition entries hold the next state's row offset in the
// low bits and, for states where patterns end, an output list id above
// outShift, so the scan loop is one load per byte.
type acMachine struct {
	class  [256]uint8
	stride uint32
	delta  []uint32
	outs   [][]acOut
	maxLen int // longest pattern
}

// acOut is one pattern ending at a state.
type acOut struct {
	n    int32  // pattern length
	lit  int32  // literal id, or -1
	word uint64 // trigger bits when the pattern is a whole word of the text
}

const outShift = 20

func newACMachine(lits []string, words map[string]uint64) *acMachine {
	pats := map[string]*acOut{}
	get := func(s string) *acOut {
		o := pats[s]
		if o == nil {
			o = &acOut{n: int32(len(s)), lit: -1}
			pats[s] = o
		}
		return o
	}
	for id, s := range lits {
		if s == "" {
			panic("guard: empty literal")
		}
		get(s).lit = int32(id)
	}
	for w, b := range words {
		get(w).word = b
	}
	m := &acMachine{}
	for s := range pats {
		m.maxLen = max(m.maxLen, len(s))
	}
	// Byte classes: one per byte used in a pattern, 0 for the others.
	var used [256]bool
	for s := range pats {
		for i := 0; i < len(s); i++ {
			used[s[i]] = true
		}
	}
	n := 1
	for c := range used {
		if used[c] {
			m.class[c] = uint8(n)
			n++
		}
	}
	m.stride = uint32(n)
	// Trie.
	type node struct {
		next []int32
		out  []acOut
	}
	newNode := func() node {
		nx := make([]int32, n)
		for i := range nx {
			nx[i] = -1
		}
		return node{next: nx}
	}
	nodes := []node{newNode()}
	keys := make([]string, 0, len(pats))
	for s := range pats {
		keys = append(keys, s)
	}
	slices.Sort(keys) // a deterministic automaton
	for _, s := range keys {
		st := 0
		for i := 0; i < len(s); i++ {
			c := m.class[s[i]]
			if nodes[st].next[c] < 0 {
				nodes[st].next[c] = int32(len(nodes))
				nodes = append(nodes, newNode())
			}
			st = int(nodes[st].next[c])
		}
		nodes[st].out = append(nodes[st].out, *pats[s])
	}
	// Failure links, breadth first; the trie becomes a full DFA.
	fail := make([]int32, len(nodes))
	queue := make([]int32, 0, len(nodes))
	for c := 0; c < n; c++ {
		if t := nodes[0].next[c]; t >= 0 {
			queue = append(queue, t)
		} else {
			nodes[0].next[c] = 0
		}
	}
	for len(queue) > 0 {
		s := queue[0]
		queue = queue[1:]
		nodes[s].out = append(nodes[s].out, nodes[fail[s]].out...)
		for c := 0; c < n; c++ {
			t := nodes[s].next[c]
			if t < 0 {
				nodes[s].next[c] = nodes[fail[s]].next[c]
				continue
			}
			fail[t] = nodes[fail[s]].next[c]
			queue = append(queue, t)
		}
	}
	if len(nodes)*n >= 1<<outShift {
		panic(fmt.Sprintf("guard: phase-0 automaton too large (%d states)", len(nodes)))
	}
	outID := make([]uint32, len(nodes))
	m.outs = [][]acOut{nil}
	for s := range nodes {
		if len(nodes[s].out) > 0 {
			outID[s] = uint32(len(m.outs))
			m.outs = append(m.outs, nodes[s].out)
		}
	}
	if len(m.outs) >= 1<<(32-outShift) {
		panic("guard: phase-0 automaton has too many output states")
	}
	m.delta = make([]uint32, len(nodes)*n)
	for s := range nodes {
		for c := 0; c < n; c++ {
			t := nodes[s].next[c]
			m.delta[s*n+c] = uint32(t)*uint32(n) | outID[t]<<outShift
		}
	}
	return m
}

// run scans folded text: trigger words go to t.bits/n/pos as scanTriggers
// would put them, literals to t.lits.
//
// The automaton's loop is bound by the latency of one load per byte, so a
// long text is scanned as two halves in one loop, whose loads overlap. The
// second half starts maxLen-1 bytes early (without reporting) so that it is
// in the right state at the middle; its words are reported after the first
// half's, in text order.
func (m *acMachine) run(s string, t *triggerScan) {
	const minSplit = 256
	if len(s) < minSplit {
		m.runFrom(s, 0, 0, t)
		return
	}
	mid := len(s) / 2
	delta, class := m.delta, &m.class
	// Warm up the second half.
	var offB uint32
	for i := max(0, mid-(m.maxLen-1)); i < mid; i++ {
		offB = delta[offB+uint32(class[s[i]])] & (1<<outShift - 1)
	}
	var later wordBuf
	var offA uint32
	a, b := s[:mid], s[mid:2*mid]
	for i := 0; i < len(a) && i < len(b); i++ {
		ea := delta[offA+uint32(class[a[i]])]
		eb := delta[offB+uint32(class[b[i]])]
		offA, offB = ea&(1<<outShift-1), eb&(1<<outShift-1)
		if ea|eb >= 1<<outShift {
			if ea >= 1<<outShift {
				m.emit(s, i+1, ea>>outShift, t, nil)
			}
			if eb >= 1<<outShift {
				m.emit(s, mid+i+1, eb>>outShift, t, &later)
			}
		}
	}
	if later.overflow {
		// More words than the buffer holds: scan the second half again.
		m.runFrom(s, max(0, mid-(m.maxLen-1)), mid, t)
		return
	}
	for _, w := range later.w[:later.n] {
		t.addWord(w.bits, int(w.pos))
	}
	for i := 2 * mid; i < len(s); i++ {
		e := delta[offB+uint32(class[s[i]])]
		offB = e & (1<<outShift - 1)
		if e >= 1<<outShift {
			m.emit(s, i+1, e>>outShift, t, nil)
		}
	}
}

// runFrom scans s from byte from, reporting what ends at or after report.
func (m *acMachine) runFrom(s string, from, report int, t *triggerScan) {
	delta, class := m.delta, &m.class
	var off uint32
	for i := from; i < len(s); i++ {
		e := delta[off+uint32(class[s[i]])]
		off = e & (1<<outShift - 1)
		if e >= 1<<outShift && i >= report {
			m.emit(s, i+1, e>>outShift, t, nil)
		}
	}
}

// wordBuf holds the words of the second half until the first half's are in.
type wordBuf struct {
	n        int
	overflow bool
	w        [128]struct {
		bits uint64
		pos  int32
	}
}

// emit reports the patterns of output list id ending at end; words go to
// later when it is not nil.
func (m *acMachine) emit(s string, end int, id uint32, t *triggerScan, later *wordBuf) {
	for _, o := range m.outs[id] {
		if o.lit >= 0 {
			t.lits.add(int(o.lit))
		}
		if o.word == 0 {
			continue
		}
		// A whole word: the maximal run of letters a-z, as scanTriggers
		// splits the text.
		st := end - int(o.n)
		if st > 0 && isLowerASCII(s[st-1]) || end < len(s) && isLowerASCII(s[end]) {
			continue
		}
		switch {
		case later == nil:
			t.addWord(o.word, st)
		case later.n < len(later.w):
			later.w[later.n].bits, later.w[later.n].pos = o.word, int32(st)
			later.n++
		default:
			later.overflow = true
		}
	}
}

func isLowerASCII(c byte) bool { return c >= 'a' && c <= 'z' }

// Profile flags of the raw text.
const (
	pAt        = 1 << iota // @
	pAssign                // = or :
	pNonASCII              // a byte >= 0x80
	pUpperPair             // A-Z A-Z 0-9, or A-Z A-Z space 0-9: the start of an IBAN or a NINO
	pNumber                // 7 digits in a run of [0-9 \-.()+]: a card, phone or SSN number
	pDotted                // 0-9.0-9.0-9.0-9: an IPv4 address
	pColons                // 6 colons in a run of [0-9A-Fa-f:.]: an IPv6 address without "::"
)

// profile summarises the raw text for the finders' gates; fold computes it
// on the way, looking only at the bytes that are not lower-case letters or
// spaces (a few percent of ordinary text).
type profile struct {
	all    bool // no gates: the text was not profiled
	flags  uint16
	maxRun int // longest run of the folded text without a space
	// state of the digit and colon runs
	lastDigit, digits, dots int
	lastColon, colons       int
}

// digit records the digit s[i] (the number and IPv4 gates).
func (p *profile) digit(s string, i int) {
	// Digits in the current run of [0-9 \-.()+] (findNumbers' runs).
	j := i - 1
	for j > p.lastDigit && isNumSep(s[j]) {
		j--
	}
	if j >= 0 && j == p.lastDigit {
		p.digits++
	} else {
		p.digits = 1
	}
	// Dots between digits: 1.2.3.4.
	switch {
	case i >= 2 && s[i-1] == '.' && isDigit(s[i-2]):
		p.dots++
	case i >= 1 && isDigit(s[i-1]):
	default:
		p.dots = 0
	}
	// An IBAN (GB82 WEST...) or a NINO (AB 12 34 56 C) starts with two
	// capitals before a digit, or before a space and a digit.
	if i >= 2 && isUpper(s[i-1]) && isUpper(s[i-2]) || i >= 3 && s[i-1] == ' ' && isUpper(s[i-2]) && isUpper(s[i-3]) {
		p.flags |= pUpperPair
	}
	p.lastDigit = i
	if p.digits >= 7 {
		p.flags |= pNumber
	}
	if p.dots >= 3 {
		p.flags |= pDotted
	}
}

func isNumSep(c byte) bool {
	return c == ' ' || c == '-' || c == '.' || c == '(' || c == ')' || c == '+'
}

func isUpper(c byte) bool { return c >= 'A' && c <= 'Z' }

// colon records the colon s[i] (the IPv6 gate): colons in the current run
// of [0-9A-Fa-f:.] (findIPs' tokens).
func (p *profile) colon(s string, i int) {
	j := i - 1
	for j > p.lastColon && (isHexDigit(s[j]) || s[j] == '.') {
		j--
	}
	if j >= 0 && j == p.lastColon {
		p.colons++
	} else {
		p.colons = 1
	}
	p.lastColon = i
	if p.colons >= 6 {
		p.flags |= pColons
	}
}

// foldClass sorts bytes for foldProfile's loop: 2 ASCII white space, 0 the
// bytes the profile looks at (digits, ':', '@', '=') and non-ASCII bytes (the
// slow path), 1 the other ASCII bytes. foldOut is what classes 1 and 2
// become: the byte lower-cased, or a space.
var foldClass, foldOut = func() (k, o [256]uint8) {
	for c := 0; c < utf8.RuneSelf; c++ {
		k[c], o[c] = 1, uint8(c)
		if 'A' <= c && c <= 'Z' {
			o[c] += 'a' - 'A'
		}
	}
	for _, c := range " \t\n\r\f\v" {
		k[c], o[c] = 2, ' '
	}
	for _, c := range "0123456789:@=" {
		k[c] = 0
	}
	return k, o
}()

// foldProfile is fold that also profiles s (see profile). Lower-case letters
// and white space, most of any text, take a path without branches; the
// other bytes are profiled.
func foldProfile(dst []byte, s string, p *profile) []byte {
	*p = profile{lastDigit: -1, lastColon: -1}
	// Invariant: the buffer has room for the rest of s (one byte out per
	// byte in, except lower-cased runes that grow, checked where written).
	dst = slices.Grow(dst, len(s))
	buf := dst[:cap(dst)]
	n := len(dst)
	sp := 1 // the last byte out is a space, or nothing is out: white space is dropped
	run, maxRun := 0, 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if k := int(foldClass[c]); k != 0 {
			isSp := k >> 1
			buf[n] = foldOut[c]
			n += 1 - isSp&sp
			sp = isSp
			run = (run + 1) & (isSp - 1)
			maxRun = max(maxRun, run)
			continue
		}
		if c < utf8.RuneSelf {
			switch c {
			case ':':
				p.colon(s, i)
				p.flags |= pAssign
			case '@':
				p.flags |= pAt
			case '=':
				p.flags |= pAssign
			default:
				p.digit(s, i)
			}
			buf[n] = c
			n++
			sp = 0
			run++
			maxRun = max(maxRun, run)
			continue
		}
		p.flags |= pNonASCII
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size - 1
		var b byte
		switch {
		case isInvisible(r):
			continue
		case r >= 0xFF01 && r <= 0xFF5E: // full-width ASCII
			b = byte(r - 0xFF01 + '!')
			if 'A' <= b && b <= 'Z' {
				b += 'a' - 'A'
			}
		case r == 0x00A0 || r == 0x2007 || r == 0x202F || (r >= 0x2000 && r <= 0x200A) || r == 0x3000 || r == 0x2028 || r == 0x2029:
			if sp == 0 {
				buf[n] = ' '
				n++
				sp = 1
			}
			run = 0
			continue
		case r == '’' || r == '‘' || r == 'ʼ':
			b = '\''
		case r == '“' || r == '”':
			b = '"'
		default:
			if cb, ok := confusables[r]; ok {
				b = cb
				break
			}
			d := utf8.AppendRune(buf[:n], unicode.ToLower(r))
			if rest := len(s) - i - 1; cap(d)-len(d) < rest {
				d = slices.Grow(d, rest)
			}
			buf, n = d[:cap(d)], len(d)
			sp = 0
			run++
			maxRun = max(maxRun, run)
			continue
		}
		buf[n] = b
		n++
		sp = 0
		run++
		maxRun = max(maxRun, run)
	}
	if n > 0 && buf[n-1] == ' ' {
		n--
	}
	p.maxRun = maxRun
	return buf[:n]
}

// segScan is phase 0 of one segment: the clipped text, its folding, the
// automaton's findings and the raw-text profile.
type segScan struct {
	raw    string // clip(text)
	folded string // fold(raw)
	ts     triggerScan
	prof   profile
	buf    *[]byte
}

// prepare runs phase 0 over text. The caller must release sc.
func (sc *segScan) prepare(text string) {
	sc.raw = clip(text)
	sc.buf = foldPool.Get().(*[]byte)
	*sc.buf = foldProfile((*sc.buf)[:0], sc.raw, &sc.prof)
	sc.folded = bytesString(*sc.buf)
	sc.ts.reset()
	phase0.m.run(sc.folded, &sc.ts)
	if len(sc.raw) < len(text) {
		// Profile and literals cover the clipped text only: no gates on
		// a text this long.
		sc.prof.all = true
	}
}

func (sc *segScan) release() {
	if sc.buf != nil {
		*sc.buf = (*sc.buf)[:0]
		foldPool.Put(sc.buf)
		sc.buf = nil
	}
}

// gates returns phase 0's gates of the segment's text.
func (sc *segScan) gates() gates {
	if sc.prof.all {
		return gates{}
	}
	return gates{prof: &sc.prof, lits: &sc.ts.lits}
}

// gates are the necessary conditions the finders check before they scan.
// The zero gates let everything run.
type gates struct {
	prof *profile
	lits *litSet
}

func (g gates) on() bool { return g.prof != nil }

// lit reports whether literal id may occur in the text.
func (g gates) lit(id int) bool { return g.prof == nil || g.lits.has(id) }

// anyLit reports whether one of the literals m may occur in the text.
func (g gates) anyLit(m *litSet) bool { return g.prof == nil || g.lits.any(m) }

// has reports whether the profile flag k may be set.
func (g gates) has(k uint16) bool { return g.prof == nil || g.prof.flags&k != 0 }
