package main

// nearIndex (a copy of gendata's) finds texts that are near-copies of a set of reference texts
// (the hand-written held-out sets): a generated text whose character
// 5-gram set has a Jaccard similarity of 0.4 or more with a reference
// text is not written, so that no template reproduces a held-out text
// with a few words changed.
type nearIndex struct {
	sizes []int            // number of distinct shingles of each reference
	post  map[uint64][]int // shingle -> references holding it
}

const nearThreshold = 0.4

func shingles(key string) map[uint64]bool {
	out := map[uint64]bool{}
	b := []byte(key)
	if len(b) < 5 {
		out[hashString(key)] = true
		return out
	}
	for i := 0; i+5 <= len(b); i++ {
		out[hashString(key[i:i+5])] = true
	}
	return out
}

func hashString(s string) uint64 {
	h := uint64(0xcbf29ce484222325)
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= 0x100000001b3
	}
	return h
}

func newNearIndex(keys []string) *nearIndex {
	ix := &nearIndex{post: map[uint64][]int{}}
	for id, k := range keys {
		sh := shingles(k)
		ix.sizes = append(ix.sizes, len(sh))
		for h := range sh {
			ix.post[h] = append(ix.post[h], id)
		}
	}
	return ix
}

// close reports whether key (a textKey) is a near-copy of a reference.
func (ix *nearIndex) close(key string) bool {
	sh := shingles(key)
	shared := map[int]int{}
	for h := range sh {
		for _, id := range ix.post[h] {
			shared[id]++
		}
	}
	for id, n := range shared {
		if float64(n)/float64(len(sh)+ix.sizes[id]-n) >= nearThreshold {
			return true
		}
	}
	return false
}
