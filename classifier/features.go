package classifier

import (
	"encoding/binary"
	"math"
	"sync"
)

// Feature layout. A text becomes one sparse vector made of three blocks:
//
//   - hashed word unigrams and bigrams of the normalised text, binary
//     (present or not), the block L2-normalised;
//   - hashed character 4-grams (with a space on each side of the text, so
//     word edges count), same weighting, own L2 norm;
//   - a few dense hand-made cues (instruction override, talk about the system
//     prompt, persona set-up, "no restrictions", refusal suppression, ...),
//     each a saturating density so that neither long nor short texts are
//     favoured.
//
// Both hashed blocks share one table of 1<<bucketBits weights (different hash
// functions keep them apart); dense feature k has index nBuckets+k.
//
// Feature version 4 (this one) reads 4-grams only (version 3 read 3-, 4- and
// 5-grams into 2^19 buckets): on dev and the hand-written held-out sets the
// 4-grams alone into 2^17 buckets scored the same, with a third of the
// n-grams to hash and deduplicate and a weight table a quarter the size.
const (
	featureVersion = 4
	defaultBits    = 17
	// maxFeatureBytes caps how much normalised text one vector describes;
	// longer texts are scored window by window (see Model.Score).
	maxFeatureBytes = 16 << 10
)

const (
	seedWord   uint64 = 0x9e3779b97f4a7c15
	seedBigram uint64 = 0xc2b2ae3d27d4eb4f
	// mulChar hashes a character 4-gram, read as one little-endian uint32:
	// the top bits of its product with this odd constant (Fibonacci
	// hashing) depend on all four bytes. One multiply per n-gram.
	mulChar uint64 = 0xc2b2ae3d27d4eb4f
)

// Dense cue groups. The order is part of the model file format.
const (
	denseOverride = iota
	denseSystemPrompt
	densePersona
	denseUnrestricted
	denseRefusal
	densePolicy
	denseModelAddress
	denseAccessCode
	denseOutputControl
	denseSecondPerson
	denseDelimiters
	denseRoleMarkers
	nDense
)

var denseNames = [nDense]string{
	"override", "system_prompt", "persona", "unrestricted", "refusal_suppression", "policy",
	"model_address", "access_code", "output_control", "second_person", "delimiters", "role_markers",
}

// phraseGroups lists the word sequences counted by each dense cue. Phrases are
// tokenised like the text, so "don't" matches "don t".
var phraseGroups = [...][]string{
	denseOverride: {
		"ignore previous", "ignore all previous", "ignore the previous", "ignore any previous", "ignore prior",
		"ignore all prior", "ignore the above", "ignore all the above", "ignore above", "ignore your",
		"ignore all instructions", "ignore the instructions", "ignore these instructions", "ignore everything",
		"disregard", "forget everything", "forget all", "forget your", "forget the above", "forget previous",
		"override", "overrides", "new instructions", "updated instructions", "new rules", "from now on",
		"stop being", "no longer", "do not follow", "don t follow", "instead of following", "bypass",
		"circumvent", "supersede", "supersedes", "takes precedence", "previous instructions", "prior instructions",
		"above instructions", "earlier instructions", "end of instructions", "out of date instructions",
	},
	denseSystemPrompt: {
		"system prompt", "system message", "system instructions", "your instructions", "your prompt",
		"initial instructions", "initial prompt", "original instructions", "original prompt", "hidden instructions",
		"secret instructions", "hidden prompt", "pre prompt", "preprompt", "your rules", "your guidelines",
		"your programming", "your directives", "words above", "text above", "everything above", "instructions so far",
		"the instructions you", "instructions you were given", "were you told", "you were told", "your configuration",
		"your context window", "prompt above", "repeat the above", "print the above",
	},
	densePersona: {
		"you are now", "you will now", "act as", "acting as", "pretend", "pretending", "roleplay", "role play",
		"stay in character", "in character", "break character", "character", "simulate", "simulation", "persona",
		"hypothetical", "hypothetically", "imagine", "fictional", "fiction", "alter ego", "you will be", "you are going to",
		"you must act", "become",
	},
	denseUnrestricted: {
		"do anything now", "dan", "jailbreak", "jailbroken", "jailbreaks", "developer mode", "dev mode", "god mode",
		"no restrictions", "without restrictions", "without any restrictions", "unrestricted", "unfiltered",
		"uncensored", "no limits", "no limitations", "no rules", "no filters", "no filter", "no ethical", "no morals",
		"amoral", "unethical", "immoral", "not bound", "free from", "freed", "break free", "any restrictions",
		"illegal", "harmful", "offensive", "explicit", "no boundaries", "limitless", "evil", "malicious",
	},
	denseRefusal: {
		"never refuse", "not refuse", "don t refuse", "cannot refuse", "can t refuse", "never say", "never decline",
		"don t apologize", "do not apologize", "never apologize", "no warnings", "without warning", "no disclaimers",
		"no disclaimer", "without any", "always answer", "must answer", "will answer", "always respond",
		"as an ai language model", "i m sorry", "i cannot", "cannot comply", "regardless", "no matter what",
		"never break", "must not", "under no circumstances", "not allowed to say", "never mention", "do not mention",
		"don t mention", "never warn", "no matter how",
	},
	densePolicy: {
		"openai", "content policy", "content policies", "policies", "guidelines", "ethics", "ethical", "moral",
		"morality", "censorship", "censor", "filters", "safety", "restrictions", "rules", "constraints",
	},
	denseModelAddress: {
		"chatgpt", "gpt", "gpt 4", "ai", "language model", "llm", "assistant", "bot", "chatbot", "the model",
		"claude", "bard", "gemini", "llama",
	},
	denseAccessCode: {
		"access granted", "access denied", "password", "access code", "secret code", "passcode", "secret key",
		"the secret", "pwned", "hacked",
	},
	denseOutputControl: {
		"respond with", "reply with", "begin your response", "start your response", "begin your reply",
		"start your reply", "respond only", "only respond", "reply only", "only reply", "answer only",
		"output only", "only output", "say only", "only say", "your response must", "your answer must",
		"must respond", "must reply", "print", "repeat", "verbatim", "word for word",
	},
}

// Substring cues on the normalised text (no word boundaries needed).
var delimiterCues = []string{"###", "%%%", "===", "---", "```", "***", ">>>", "<<<", "[[", "]]", "{{", "}}", "|>", "<|"}
var roleMarkerCues = []string{
	"system:", "assistant:", "user:", "[system", "<system", "[inst]", "[/inst]", "<|im_start|>", "### instruction",
	"### response", "human:", "ai:", "[user", "[assistant", "<|endoftext|>", "</s>", "sudo",
}

type substrCue struct {
	s     string
	group int
}

var cuesByFirst = func() (t [256][]substrCue) {
	for _, c := range delimiterCues {
		t[c[0]] = append(t[c[0]], substrCue{c, denseDelimiters})
	}
	for _, c := range roleMarkerCues {
		t[c[0]] = append(t[c[0]], substrCue{c, denseRoleMarkers})
	}
	return t
}()

type phrase struct {
	group int
	rest  []uint64 // hashes of the tokens after the first
}

var phraseIndex = func() map[uint64][]phrase {
	idx := map[uint64][]phrase{}
	for g, list := range phraseGroups {
		for _, p := range list {
			var toks []uint64
			forEachToken([]byte(p), func(tok []byte) { toks = append(toks, hashBytes(tok, seedWord)) })
			idx[toks[0]] = append(idx[toks[0]], phrase{group: g, rest: toks[1:]})
		}
	}
	return idx
}()

// secondPerson is built by a variable initialiser, not init(), because the
// cue table below is built from it by another initialiser.
var secondPerson = func() map[uint64]bool {
	m := map[uint64]bool{}
	for _, w := range []string{"you", "your", "yours", "yourself", "youre", "u", "ur", "thee", "thou"} {
		m[hashBytes([]byte(w), seedWord)] = true
	}
	return m
}()

func isWordByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c >= 0x80
}

// forEachToken calls f with every run of letters/digits in the normalised
// text b (bytes >= 0x80 count as letters: the text is already folded).
func forEachToken(b []byte, f func([]byte)) {
	start := -1
	for i := 0; i < len(b); i++ {
		if isWordByte(b[i]) {
			if start < 0 {
				start = i
			}
			continue
		}
		if start >= 0 {
			f(b[start:i])
			start = -1
		}
	}
	if start >= 0 {
		f(b[start:])
	}
}

func hashBytes(b []byte, seed uint64) uint64 {
	h := seed ^ 0xcbf29ce484222325
	for _, c := range b {
		h ^= uint64(c)
		h *= 0x100000001b3
	}
	return mix64(h)
}

func mix64(h uint64) uint64 {
	h ^= h >> 33
	h *= 0xff51afd7ed558ccd
	h ^= h >> 33
	h *= 0xc4ceb9fe1a85ec53
	h ^= h >> 33
	return h
}

// cueKeys and cueVals form an open-addressing table of the word hashes that
// start a phrase or are second-person pronouns (the maps above, in the form
// the per-word loop of scan can afford: a filter bit, then one or two
// probes, instead of two map look-ups per word).
type cueWord struct {
	second  bool
	phrases []phrase
}

const cueSlots = 512

var cueKeys, cueVals, cueFilter = func() (keys [cueSlots]uint64, vals [cueSlots]cueWord, filter [64]uint64) {
	add := func(h uint64) *cueWord {
		filter[h>>58] |= 1 << (h >> 52 & 63)
		for i := h; ; i++ {
			switch keys[i%cueSlots] {
			case 0:
				keys[i%cueSlots] = h
				return &vals[i%cueSlots]
			case h:
				return &vals[i%cueSlots]
			}
		}
	}
	for h, ps := range phraseIndex {
		add(h).phrases = ps
	}
	for h := range secondPerson {
		add(h).second = true
	}
	return keys, vals, filter
}()

// lookupCueWord returns the cue entry of word hash h, or nil.
func lookupCueWord(h uint64) *cueWord {
	if cueFilter[h>>58]>>(h>>52&63)&1 == 0 {
		return nil
	}
	for i := h; ; i++ {
		switch cueKeys[i%cueSlots] {
		case h:
			return &cueVals[i%cueSlots]
		case 0:
			return nil
		}
	}
}

// byteClass: bit 0 = word byte, bit 1 = may start a substring cue.
var byteClass = func() (t [256]uint8) {
	for c := 0; c < 256; c++ {
		if isWordByte(byte(c)) {
			t[c] |= 1
		}
		if len(cuesByFirst[c]) > 0 {
			t[c] |= 2
		}
	}
	return t
}()

// vectorizer turns text into features. It is reused through a pool so that
// scoring allocates nothing in the steady state.
type vectorizer struct {
	bits  uint
	norm  []byte
	toks  []uint64 // word hashes
	pad   []byte   // " " + text + " "
	idx   []uint32 // distinct hashed buckets of each block
	seen  []uint64 // bit set for dedup, all zero between uses
	nWord int      // idx[:nWord] are words and bigrams, the rest characters
	// touched is the scoring passes' scratch: the bit-set word of each
	// bucket, to clear after.
	touched []uint32
	dense   [nDense]float32
}

var vecPools sync.Map // bits -> *sync.Pool

// defaultVecs is the pool of the embedded models' width, without the
// look-up in vecPools.
var defaultVecs = sync.Pool{New: func() any {
	return &vectorizer{bits: defaultBits, seen: make([]uint64, 1<<defaultBits/64)}
}}

func getVectorizer(bits uint) *vectorizer {
	if bits == defaultBits {
		return defaultVecs.Get().(*vectorizer)
	}
	p, ok := vecPools.Load(bits)
	if !ok {
		p, _ = vecPools.LoadOrStore(bits, &sync.Pool{New: func() any {
			return &vectorizer{bits: bits, seen: make([]uint64, 1<<bits/64)}
		}})
	}
	return p.(*sync.Pool).Get().(*vectorizer)
}

func putVectorizer(v *vectorizer) {
	if cap(v.norm) > 1<<20 || cap(v.idx) > 1<<22 || cap(v.touched) > 1<<20 || cap(v.pad) > 1<<20 || cap(v.toks) > 1<<20 {
		return // do not keep huge buffers from one giant text
	}
	if v.bits == defaultBits {
		defaultVecs.Put(v)
		return
	}
	p, _ := vecPools.Load(v.bits)
	p.(*sync.Pool).Put(v)
}

// scan makes one pass over the normalised text b: it hashes every word into
// v.toks and counts the substring cues (at non-word bytes and at the first
// byte of a word), then computes v.dense. It also builds v.pad, the padded
// copy the character 4-gram pass reads.
func (v *vectorizer) scan(b []byte) {
	toks := v.toks[:0]
	var hits [nDense]float64
	const prime = 0x100000001b3
	const offset = seedWord ^ 0xcbf29ce484222325
	// The outer loop stands on a non-word byte or on the first byte of a
	// word, where substring cues may start; the inner loop hashes a word
	// (FNV-1a, as hashBytes) in a loop of its own.
	for i := 0; i < len(b); {
		c := b[i]
		cl := byteClass[c]
		if cl&2 != 0 && i+1 < len(b) && cuePairs[c]>>(b[i+1]&63)&1 != 0 {
			substrCues(b, i, &hits)
		}
		if cl&1 == 0 {
			i++
			continue
		}
		h := uint64(offset)
		for {
			h = (h ^ uint64(c)) * prime
			i++
			if i >= len(b) {
				break
			}
			c = b[i]
			if byteClass[c]&1 == 0 {
				break
			}
		}
		toks = append(toks, mix64(h))
	}
	v.toks = toks
	v.phraseCues(&hits)
	words := float64(len(v.toks))
	for g := range hits {
		var f float64
		if g == denseSecondPerson {
			f = hits[g] / (words + 5) * 5 // share of words, x5 so it spans ~[0,1]
		} else {
			// Saturating density: one cue in a short prompt ~0.5, the same
			// cue once in a long document ~0.05, many cues -> 1.
			f = hits[g] / (hits[g] + 1 + words/200)
		}
		if f > 1 {
			f = 1
		}
		v.dense[g] = float32(f)
	}
	v.pad = append(append(append(v.pad[:0], ' '), b...), ' ')
}

// cuePairs filters the places where a substring cue may start by its first
// two bytes: bit d&63 of cuePairs[c] is set when a cue starts with c, d.
// Every cue is at least two bytes long, so a cue cannot start at the last
// byte either.
var cuePairs = func() (t [256]uint64) {
	for c := range cuesByFirst {
		for _, cue := range cuesByFirst[c] {
			if len(cue.s) < 2 {
				panic("classifier: substring cue shorter than two bytes: " + cue.s)
			}
			t[c] |= 1 << (cue.s[1] & 63)
		}
	}
	return t
}()

// substrCues counts the substring cues that start at b[i]. Not inlined:
// it is rare, and scan's loop keeps its registers.
//
//go:noinline
func substrCues(b []byte, i int, hits *[nDense]float64) {
	for _, c := range cuesByFirst[b[i]] {
		if len(b)-i >= len(c.s) && string(b[i:i+len(c.s)]) == c.s {
			hits[c.group]++
		}
	}
}

// phraseCues counts the phrase and second-person cues over v.toks.
func (v *vectorizer) phraseCues(hits *[nDense]float64) {
	toks := v.toks
	for i, h := range toks {
		cw := lookupCueWord(h)
		if cw == nil {
			continue
		}
		if cw.second {
			hits[denseSecondPerson]++
		}
		for _, p := range cw.phrases {
			if i+len(p.rest) >= len(toks) {
				continue
			}
			match := true
			for k, r := range p.rest {
				if toks[i+1+k] != r {
					match = false
					break
				}
			}
			if match {
				hits[p.group]++
			}
		}
	}
}

// wordIDs sets v.idx to the distinct buckets of the word unigrams and
// bigrams of v.toks, and v.nWord to their number.
func (v *vectorizer) wordIDs() {
	mask := uint64(1)<<v.bits - 1
	idx := v.idx[:0]
	for i, h := range v.toks {
		idx = append(idx, uint32(h&mask))
		if i > 0 {
			idx = append(idx, uint32(mix64(v.toks[i-1]*31+h^seedBigram)&mask))
		}
	}
	v.idx = dedup(idx, v.seen)
	v.nWord = len(v.idx)
}

// vectorize fills v.idx (distinct hashed buckets: words and bigrams first,
// v.nWord of them, then character 4-grams) and v.dense for the normalised
// text b (already capped to maxFeatureBytes). Training uses it; scoring
// (Model.marginOf) computes the same features fused with the weight
// look-ups, and a test checks that both agree.
func (v *vectorizer) vectorize(b []byte) {
	v.scan(b)
	v.wordIDs()
	shift := 64 - v.bits
	p := v.pad
	for i := 0; i+4 <= len(p); i++ {
		v.idx = append(v.idx, uint32(uint64(binary.LittleEndian.Uint32(p[i:]))*mulChar>>shift))
	}
	v.idx = append(v.idx[:v.nWord], dedup(v.idx[v.nWord:], v.seen)...)
}

// dedup keeps the first occurrence of each bucket of xs, in place, using
// the all-zero bit set seen (2^bits bits), which it leaves all zero.
// Presence (rather than counts) keeps repeated boilerplate from drowning
// the one sentence that matters.
func dedup(xs []uint32, seen []uint64) []uint32 {
	n := 0
	for _, x := range xs {
		// Branch-free: the store always happens, the length grows only
		// for a new bucket (new buckets are too frequent to predict).
		w, sh := x>>6, x&63
		xs[n] = x
		n += int(^(seen[w] >> sh) & 1)
		seen[w] |= 1 << sh
	}
	out := xs[:n]
	for _, x := range out {
		seen[x>>6] = 0
	}
	return out
}

// blockScales returns the value of one occurrence in each hashed block.
func (v *vectorizer) blockScales() (word, char float32) {
	return blockScale(v.nWord), blockScale(len(v.idx) - v.nWord)
}

// blockScale is the L2 normalisation of a binary block of n features.
func blockScale(n int) float32 {
	if n == 0 {
		return 0
	}
	return float32(1 / math.Sqrt(float64(n)))
}
