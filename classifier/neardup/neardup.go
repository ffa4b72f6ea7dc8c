// Package neardup finds near-copies of reference texts, for the training
// data generators (classifier/gendata, classifier/gendocs): a generated text
// whose character 5-gram set has a Jaccard similarity of 0.4 or more with a
// held-out or independent evaluation text is not written, so that no
// template reproduces an evaluation text with a few words changed.
package neardup

// Index finds texts that are near-copies of a set of reference texts.
type Index struct {
	sizes []int            // number of distinct shingles of each reference
	post  map[uint64][]int // shingle -> references holding it
}

// Threshold is the Jaccard similarity of character 5-gram sets at which a
// text counts as a near-copy.
const Threshold = 0.4

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

// New indexes the reference texts keys.
func New(keys []string) *Index {
	ix := &Index{post: map[uint64][]int{}}
	for id, k := range keys {
		sh := shingles(k)
		ix.sizes = append(ix.sizes, len(sh))
		for h := range sh {
			ix.post[h] = append(ix.post[h], id)
		}
	}
	return ix
}

// Close reports whether key is a near-copy of a reference text.
func (ix *Index) Close(key string) bool {
	sh := shingles(key)
	shared := map[int]int{}
	for h := range sh {
		for _, id := range ix.post[h] {
			shared[id]++
		}
	}
	for id, n := range shared {
		if float64(n)/float64(len(sh)+ix.sizes[id]-n) >= Threshold {
			return true
		}
	}
	return false
}
