package guard

import (
	"encoding/binary"
	"fmt"
	"math/bits"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
	"unsafe"
)

// Phase 0 of every scan: one pass over a segment's text that all detectors
// share, instead of each detector making its own passes.
//
//   - The text is folded once (foldProfile: fold, eight bytes at a time
//     where it is plain ASCII); the rules read the folded text.
//   - On the way, a profile of the bytes that are not letters or spaces
//     (digit runs, dotted and colon-separated runs, capitals before a digit,
//     '@', '=', ':', invisible and look-alike characters, the longest run
//     without a space) tells the secrets, PII and obfuscation finders whether
//     a match is possible at all; on ordinary prose none is, and they do not
//     run.
//   - One Aho-Corasick automaton runs over the folded text and finds, in a
//     single pass, the trigger words of the rules (whole words, with their
//     positions: what scanTriggers did with a map lookup per word) and the
//     presence of every literal the detectors test: the rules' need strings
//     and markers, the discussion cues, the prefixes and labels of secrets.
//     A rule whose need strings occur nowhere in the text is skipped without
//     looking at its windows.
//
// Every gate is a necessary condition of the finder it guards, so no
// detection is lost: a gate only skips work that could not have matched.
// phase0_test.go checks each part against what it replaced.

// maxLits bounds the literals the automaton reports.
const maxLits = 1024

// litSet is a set of literal ids (bit i: literal i occurs in the text).
type litSet [maxLits / 64]uint64

func (s *litSet) add(id int)      { s[id>>6] |= 1 << (uint(id) & 63) }
func (s *litSet) has(id int) bool { return s[id>>6]&(1<<(uint(id)&63)) != 0 }

// any reports whether s and m share a literal: the sixteen words at once,
// without a branch per word (it is asked a few dozen times per text).
func (s *litSet) any(m *litSet) bool {
	return s[0]&m[0]|s[1]&m[1]|s[2]&m[2]|s[3]&m[3]|s[4]&m[4]|s[5]&m[5]|s[6]&m[6]|s[7]&m[7]|
		s[8]&m[8]|s[9]&m[9]|s[10]&m[10]|s[11]&m[11]|s[12]&m[12]|s[13]&m[13]|s[14]&m[14]|s[15]&m[15] != 0
}

// any reads sixteen words: a litSet of another size fails to compile here.
var _ = [1]struct{}{}[len(litSet{})-16]

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
	prefixed    litSet   // the prefixes of prefixSpecs
	aws         litSet   // AWS key id prefixes, and "ecret" of the secret key's label
	ipv6        int      // "::"
	ml          []litSet // gates of mlRules (recall.go)
	mlLatin     litSet   // the union of the latin mlRules' gates
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
	p.ml = make([]litSet, len(mlRules))
	for i, r := range mlRules {
		p.ml[i] = p.lits.set(r.gate)
		if r.latin {
			for k := range p.mlLatin {
				p.mlLatin[k] |= p.ml[i][k]
			}
		}
	}
	p.m = newACMachine(p.lits.strs, words)
	return p
}()

// acMachine is an Aho-Corasick automaton compiled to a full DFA over byte
// classes. Its transition entries hold the next state's row offset in the
// low bits and, for states where patterns end, an output list id above
// outShift, so the scan loop is one load per byte.
//
// Trigger words must be whole words of letters a-z. Most occurrences of a
// short word like "as" or "no" are inside longer words ("was", "know"), so
// the automaton is built over a stream where a virtual boundary symbol
// follows every byte that is not a letter a-z (and starts the text), and a
// word w is the pattern boundary+w: it can only match at the start of a
// word. Literals get the boundary symbol after each of their non-letter
// bytes, as the stream has it. Whether the word also ends there is checked
// when it is reported.
type acMachine struct {
	class  [256]uint8
	stride uint32
	delta  []uint32
	base   unsafe.Pointer // &delta[0], for step
	start  uint32         // the state at the start of a text (after a boundary)
	outs   [][]acOut
	maxLen int // longest pattern, in bytes
}

// acOut is one pattern ending at a state.
type acOut struct {
	n    int32  // pattern length in bytes
	lit  int32  // literal id, or -1
	word uint64 // trigger bits when the pattern is a whole word of the text
}

const (
	outShift = 20
	offMask  = 1<<outShift - 1
)

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
	// Byte classes: one per byte used in a pattern, 0 for the others; the
	// boundary symbol is class n.
	var used [256]bool
	for c := 'a'; c <= 'z'; c++ {
		used[c] = true // every letter continues a word: none may share class 0
	}
	for s := range pats {
		m.maxLen = max(m.maxLen, len(s))
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
	bound := n
	nsym := n + 1
	m.stride = uint32(n)
	// Trie over symbols.
	t := &acTrie{nsym: nsym}
	t.add()
	keys := make([]string, 0, len(pats))
	for s := range pats {
		keys = append(keys, s)
	}
	slices.Sort(keys) // a deterministic automaton
	for _, s := range keys {
		o := *pats[s]
		var syms []int
		if o.word != 0 {
			syms = append(syms, bound)
		}
		for i := 0; i < len(s); i++ {
			syms = append(syms, int(m.class[s[i]]))
			if !isLowerASCII(s[i]) {
				syms = append(syms, bound)
			}
		}
		if o.word != 0 && o.lit >= 0 {
			// A word that is also a literal: the literal matches
			// anywhere, the word at word starts.
			lit := o
			lit.word = 0
			t.insert(syms[1:], lit)
			o.lit = -1
		}
		t.insert(syms, o)
	}
	t.compile(m, bound)
	return m
}

// acTrie is the automaton under construction.
type acTrie struct {
	nsym  int
	next  [][]int32
	outs  [][]acOut
	fail  []int32
	queue []int32
}

func (t *acTrie) add() int32 {
	nx := make([]int32, t.nsym)
	for i := range nx {
		nx[i] = -1
	}
	t.next = append(t.next, nx)
	t.outs = append(t.outs, nil)
	return int32(len(t.next) - 1)
}

func (t *acTrie) insert(syms []int, o acOut) {
	st := int32(0)
	for _, c := range syms {
		if t.next[st][c] < 0 {
			nx := t.add()
			t.next[st][c] = nx
		}
		st = t.next[st][c]
	}
	t.outs[st] = append(t.outs[st], o)
}

// compile adds the failure links (the trie becomes a full DFA over
// symbols) and writes m's byte-level table: a letter is one step, any other
// byte its own step and then the boundary's.
func (t *acTrie) compile(m *acMachine, bound int) {
	nst := len(t.next)
	t.fail = make([]int32, nst)
	for c := 0; c < t.nsym; c++ {
		if x := t.next[0][c]; x >= 0 {
			t.queue = append(t.queue, x)
		} else {
			t.next[0][c] = 0
		}
	}
	order := []int32{0} // the states in breadth-first order
	for len(t.queue) > 0 {
		s := t.queue[0]
		t.queue = t.queue[1:]
		order = append(order, s)
		t.outs[s] = append(t.outs[s], t.outs[t.fail[s]]...)
		for c := 0; c < t.nsym; c++ {
			x := t.next[s][c]
			if x < 0 {
				t.next[s][c] = t.next[t.fail[s]][c]
				continue
			}
			t.fail[x] = t.next[t.fail[s]][c]
			t.queue = append(t.queue, x)
		}
	}
	n := int(m.stride)
	if nst*n >= 1<<outShift {
		panic(fmt.Sprintf("guard: phase-0 automaton too large (%d states)", nst))
	}
	// Rows are laid out in breadth-first order: the shallow states, where
	// ordinary text spends most of its steps, share a few pages and cache
	// lines at the start of the table instead of being spread over all of
	// it (the trie numbered states in insertion order). A text scanned
	// after other work evicted the table then misses on fewer lines.
	rank := make([]int32, nst)
	for r, s := range order {
		rank[s] = int32(r)
	}
	outID := make([]uint32, nst)
	m.outs = [][]acOut{nil}
	for _, s := range order {
		if len(t.outs[s]) > 0 {
			outID[s] = uint32(len(m.outs))
			m.outs = append(m.outs, t.outs[s])
		}
	}
	if len(m.outs) >= 1<<(32-outShift) {
		panic("guard: phase-0 automaton has too many output states")
	}
	// Letters are classes whose bytes are a-z.
	var letter = make([]bool, n)
	for c := 'a'; c <= 'z'; c++ {
		if k := m.class[c]; k != 0 {
			letter[k] = true
		}
	}
	entry := func(x int32) uint32 { return uint32(rank[x])*uint32(n) | outID[x]<<outShift }
	m.delta = make([]uint32, nst*n)
	for r, s := range order {
		for c := 0; c < n; c++ {
			x := t.next[s][c]
			if !letter[c] {
				// A pattern never ends on a non-letter before its
				// boundary, so x has no outputs of its own to lose.
				x = t.next[x][bound]
			}
			m.delta[r*n+c] = entry(x)
		}
	}
	m.start = entry(t.next[0][bound]) & offMask
	// What step relies on: every class is below the stride, every entry's
	// offset is a row start of the table.
	for c := range m.class {
		if int(m.class[c]) >= n {
			panic("guard: phase-0 byte class out of range")
		}
	}
	rowStart := func(e uint32) bool { o := e & offMask; return o%uint32(n) == 0 && int(o)+n <= len(m.delta) }
	if !rowStart(m.start) {
		panic("guard: phase-0 automaton start out of range")
	}
	for _, e := range m.delta {
		if !rowStart(e) {
			panic("guard: phase-0 automaton entry out of range")
		}
	}
	m.base = unsafe.Pointer(unsafe.SliceData(m.delta))
}

// step is the entry of byte c in the row at offset o: delta[o+class[c]],
// without a bounds check (the loops above are one step per byte). o is
// always m.start or the offset of an entry, a row start (checked when the
// table is built), and a class is below the row's length.
func (m *acMachine) step(o uint32, c byte) uint32 {
	return *(*uint32)(unsafe.Add(m.base, uintptr(o+uint32(m.class[c]))*4))
}

// run scans folded text: trigger words go to t.bits/n/pos as scanTriggers
// would put them, literals to t.lits.
//
// The automaton's loop is bound by the latency of one load per byte, so a
// text of 64 bytes or more is scanned as two or four parts in one loop,
// whose loads overlap.
// Each part but the first starts maxLen+1 bytes early without reporting, so
// that it is in the right state where it begins; the words of the later
// parts are reported after the first part's, in text order. The overlap
// matters most when the table is not in the cache (other processes ran
// since the last request): a 187-byte prompt took 25 µs in one part, 18 in
// two, 14 in four, after a 64 MB walk (BenchmarkAutomatonEvicted).
func (m *acMachine) run(s string, t *triggerScan) {
	switch {
	case len(s) >= 160:
		m.run4(s, t)
	case len(s) >= 64:
		m.run2(s, t)
	default:
		m.runRange(s, 0, 0, len(s), t)
	}
}

// warm returns the state at byte at, reading from maxLen+1 bytes before.
func (m *acMachine) warm(s string, at int) uint32 {
	o := m.start
	for i := max(0, at-m.maxLen-1); i < at; i++ {
		o = m.step(o, s[i]) & offMask
	}
	return o
}

// flush reports the words a later part held back, or scans the part
// [from, to) again when they did not fit.
func (m *acMachine) flush(s string, l *wordBuf, from, to int, t *triggerScan) {
	if l.overflow {
		m.runRange(s, max(0, from-m.maxLen-1), from, to, t)
		return
	}
	for _, x := range l.w[:l.n] {
		t.addWord(x.bits, int(x.pos))
	}
}

// warm3 is warm(s, q), warm(s, 2*q) and warm(s, 3*q), in one loop whose
// loads overlap when each warm-up (maxLen+1 bytes) fits in a part.
func (m *acMachine) warm3(s string, q int) (o1, o2, o3 uint32) {
	n := m.maxLen + 1
	if q < n {
		return m.warm(s, q), m.warm(s, 2*q), m.warm(s, 3*q)
	}
	o1, o2, o3 = m.start, m.start, m.start
	w1, w2, w3 := s[q-n:q], s[2*q-n:2*q], s[3*q-n:3*q]
	for i := 0; i < n; i++ {
		o1 = m.step(o1, w1[i]) & offMask
		o2 = m.step(o2, w2[i]) & offMask
		o3 = m.step(o3, w3[i]) & offMask
	}
	return o1, o2, o3
}

func (m *acMachine) run2(s string, t *triggerScan) {
	h := len(s) / 2
	o0, o1 := m.start, m.warm(s, h)
	var later wordBuf
	s0, s1 := s[:h], s[h:2*h]
	for i := 0; i < len(s0); i++ { // bytes, not runes
		e0 := m.step(o0, s0[i])
		e1 := m.step(o1, s1[i])
		o0, o1 = e0&offMask, e1&offMask
		if e0|e1 >= 1<<outShift {
			if e0 >= 1<<outShift {
				m.emit(s, i+1, e0>>outShift, t, nil)
			}
			if e1 >= 1<<outShift {
				m.emit(s, h+i+1, e1>>outShift, t, &later)
			}
		}
	}
	if later.overflow {
		m.runRange(s, max(0, h-m.maxLen-1), h, len(s), t)
		return
	}
	m.flush(s, &later, h, 2*h, t)
	m.tail(s, 2*h, o1, t)
}

func (m *acMachine) run4(s string, t *triggerScan) {
	q := len(s) / 4
	o0 := m.start
	o1, o2, o3 := m.warm3(s, q)
	var later [3]wordBuf
	s0, s1, s2, s3 := s[:q], s[q:2*q], s[2*q:3*q], s[3*q:4*q]
	for i := 0; i < len(s0); i++ { // bytes, not runes
		e0 := m.step(o0, s0[i])
		e1 := m.step(o1, s1[i])
		e2 := m.step(o2, s2[i])
		e3 := m.step(o3, s3[i])
		o0, o1, o2, o3 = e0&offMask, e1&offMask, e2&offMask, e3&offMask
		if e0|e1|e2|e3 >= 1<<outShift {
			if e0 >= 1<<outShift {
				m.emit(s, i+1, e0>>outShift, t, nil)
			}
			if e1 >= 1<<outShift {
				m.emit(s, q+i+1, e1>>outShift, t, &later[0])
			}
			if e2 >= 1<<outShift {
				m.emit(s, 2*q+i+1, e2>>outShift, t, &later[1])
			}
			if e3 >= 1<<outShift {
				m.emit(s, 3*q+i+1, e3>>outShift, t, &later[2])
			}
		}
	}
	m.flush(s, &later[0], q, 2*q, t)
	m.flush(s, &later[1], 2*q, 3*q, t)
	if later[2].overflow {
		m.runRange(s, max(0, 3*q-m.maxLen-1), 3*q, len(s), t)
		return
	}
	m.flush(s, &later[2], 3*q, 4*q, t)
	m.tail(s, 4*q, o3, t)
}

// tail scans the bytes from i to the end in state o.
func (m *acMachine) tail(s string, i int, o uint32, t *triggerScan) {
	for ; i < len(s); i++ {
		e := m.step(o, s[i])
		o = e & offMask
		if e >= 1<<outShift {
			m.emit(s, i+1, e>>outShift, t, nil)
		}
	}
}

// runRange scans s[from:to], reporting what ends at or after report; it
// starts in the state of a text's start (a boundary) at from.
func (m *acMachine) runRange(s string, from, report, to int, t *triggerScan) {
	off := m.start
	for i := from; i < to; i++ {
		e := m.step(off, s[i])
		off = e & offMask
		if e >= 1<<outShift && i >= report {
			m.emit(s, i+1, e>>outShift, t, nil)
		}
	}
}

// wordBuf holds the words of a later part of the text until the earlier
// parts' words are in.
type wordBuf struct {
	n        int
	overflow bool
	w        [64]struct {
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
		// A whole word: the automaton matched it at a word start; it must
		// end where the run of letters a-z ends.
		st := end - int(o.n)
		if end < len(s) && isLowerASCII(s[end]) {
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

// SWAR tests of eight ASCII bytes at once.
const (
	swarOnes = 0x0101010101010101
	swarHigh = 0x8080808080808080
)

// load64 reads s[i:i+8] as a little-endian word; i+8 <= len(s).
func load64(s string, i int) uint64 {
	// Every caller loops with i+8 <= len(s); the array pointer spares
	// the two bounds checks of a slice (one load instead of a dozen
	// instructions, eight bytes at a time through every text).
	return binary.LittleEndian.Uint64((*[8]byte)(unsafe.Add(unsafe.Pointer(unsafe.StringData(s)), i))[:])
}

// swarSum adds 0x80-lo to every byte of x: the high bit of a byte of the
// sum is set where the byte of x is >= lo (every byte < 0x80, so no carry
// crosses bytes).
func swarSum(x uint64, lo byte) uint64 { return x + (0x80-uint64(lo))*swarOnes }

// Profile flags of the raw text.
const (
	pAt         = 1 << iota // @
	pAssign                 // = or :
	pNonASCII               // a byte >= 0x80
	pUpperPair              // A-Z A-Z 0-9, or A-Z A-Z space 0-9: the start of an IBAN or a NINO
	pNumber                 // 7 digits in a run of [0-9 \-.()+]: a card, phone or SSN number
	pDotted                 // 0-9.0-9.0-9.0-9: an IPv4 address
	pColons                 // 6 colons in a run of [0-9A-Fa-f:.]: an IPv6 address without "::"
	pInvisible              // an invisible character (isInvisible): zero-width, bidi controls, tags, variation selectors
	pConfusable             // a Cyrillic or Greek letter that looks Latin (confusables)
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

// foldProfile is fold that also profiles s (see profile). Eight bytes at a
// time when they are plain ASCII text (letters, punctuation, single white
// space: most of any text), lower-cased in one word; byte by byte
// otherwise, where lower-case letters and white space take a path without
// branches and the other bytes are profiled.
func foldProfile(dst []byte, s string, p *profile) []byte {
	*p = profile{lastDigit: -1, lastColon: -1}
	// Invariant: the buffer has room for the rest of s (one byte out per
	// byte in, except lower-cased runes that grow, checked where written).
	dst = slices.Grow(dst, len(s))
	buf := dst[:cap(dst)]
	n := len(dst)
	sp := 1 // the last byte out is a space, or nothing is out: white space is dropped
	run, maxRun := 0, 0
	for i := 0; i < len(s); {
		if i+8 <= len(s) {
			if x := load64(s, i); x&swarHigh == 0 {
				// Sums whose high bits tell which bytes are >= a bound
				// (the low bits are noise, masked where sums combine).
				g20, g21 := swarSum(x, 0x20), swarSum(x, 0x21)
				spc := g20 &^ g21 & swarHigh // spaces
				ok, out := true, x
				if (swarSum(x, 'a')&^swarSum(x, 'z'+1)&swarHigh)|spc != swarHigh {
					// Not only lower-case letters and spaces: map white
					// space to ' ' and capitals to lower case, unless a
					// byte is for the slow path (control characters,
					// digits, ':', '=', '@').
					g09, g0E := swarSum(x, 0x09), swarSum(x, 0x0e)
					g30, g3B := swarSum(x, '0'), swarSum(x, ':'+1)
					g3D, g3E := swarSum(x, '='), swarSum(x, '='+1)
					g40, g41, g5B := swarSum(x, '@'), swarSum(x, 'A'), swarSum(x, 'Z'+1)
					ws := g09 &^ g0E & swarHigh
					ok = (^g20&^ws|g30&^g3B|g3D&^g3E|g40&^g41)&swarHigh == 0
					spc |= ws
					out = x&^((ws>>7)*0xff) | ws>>2
					out += (g41 &^ g5B & swarHigh) >> 2
				}
				// No two spaces in a row (nor a leading one): those are
				// dropped, byte by byte.
				if ok && spc&(spc<<8|uint64(sp)<<7) == 0 {
					binary.LittleEndian.PutUint64(buf[n:], out)
					n += 8
					i += 8
					if spc == 0 {
						run += 8
					} else {
						maxRun = max(maxRun, run+bits.TrailingZeros64(spc)>>3)
						run = bits.LeadingZeros64(spc) >> 3
					}
					maxRun = max(maxRun, run)
					sp = int(spc >> 63)
					continue
				}
			}
		}
		// Byte by byte to the end of these eight bytes.
		for stop := min(len(s), i+8); i < stop; i++ {
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
				p.flags |= pInvisible
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
					p.flags |= pConfusable
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
	// signals, when set, receives the learned stage's features of the
	// scan (Engine.Signals).
	signals *[]float64
}

// prepare runs phase 0 over text. The caller must release sc.
func (sc *segScan) prepare(text string) {
	sc.prepareFold(text)
	sc.ts.reset()
	phase0.m.run(sc.folded, &sc.ts)
}

// prepareFold is prepare without the automaton, for a check that needs
// only the folded text (sc.gates must not be used).
func (sc *segScan) prepareFold(text string) {
	sc.raw = clip(text)
	sc.buf = foldPool.Get().(*[]byte)
	*sc.buf = foldProfile((*sc.buf)[:0], sc.raw, &sc.prof)
	sc.folded = bytesString(*sc.buf)
	if len(sc.raw) < len(text) {
		// Profile and literals cover the clipped text only: no gates on
		// a text this long.
		sc.prof.all = true
	}
}

// plainASCII reports whether the segment's text is ASCII with no control
// bytes but white space: then its folded text is the classifier's
// normalised text (see scoreSeg). The raw text's bytes >= 0x80 are flagged
// by foldProfile; every other byte the classifier drops or changes (control
// bytes and DEL, kept by the fold as they are) is checked in the folded
// text, eight bytes at a time.
func (sc *segScan) plainASCII() bool {
	if sc.prof.flags&pNonASCII != 0 {
		return false
	}
	f := sc.folded
	i := 0
	var acc uint64
	for ; i+8 <= len(f); i += 8 {
		x := load64(f, i)
		// High bit of a byte set where the byte is < 0x20 or == 0x7f
		// (no byte is >= 0x80 here). A borrow crosses into the next
		// byte only from a byte that is one of these, so the bits are
		// exact as to whether there is one: they are collected and
		// tested once.
		del := x ^ 0x7f7f7f7f7f7f7f7f
		acc |= (x-0x2020202020202020)&^x | (del-0x0101010101010101)&^del
	}
	if acc&swarHigh != 0 {
		return false
	}
	for ; i < len(f); i++ {
		if f[i] < 0x20 || f[i] == 0x7f {
			return false
		}
	}
	return true
}

// segScanPool holds segScans: one is 4 KB (the trigger positions), which a
// variable on the stack would zero on every check.
var segScanPool = sync.Pool{New: func() any { return new(segScan) }}

// getSegScan returns a segScan to prepare; putSegScan releases it and
// gives it back.
func getSegScan() *segScan { return segScanPool.Get().(*segScan) }

func putSegScan(sc *segScan) {
	sc.release()
	sc.raw, sc.folded = "", "" // no reference to the text (or the released buffer) in the pool
	sc.signals = nil
	segScanPool.Put(sc)
}

func (sc *segScan) release() {
	if sc.buf != nil {
		*sc.buf = (*sc.buf)[:0]
		foldPool.Put(sc.buf)
		sc.buf = nil
	}
}

// segGates are phase 0's profile and literals of one segment's text, kept
// from one phase of a check for the next (Input.pre).
type segGates struct {
	text string
	prof profile
	lits litSet
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
