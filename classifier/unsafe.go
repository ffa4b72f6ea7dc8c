package classifier

import (
	"encoding/binary"
	"unsafe"
)

// bytesView returns b as a string without copying; the caller must not
// modify b while the string is in use.
func bytesView(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	return unsafe.String(&b[0], len(b))
}

// stringBytes returns the bytes of s without copying; the caller must not
// modify them.
func stringBytes(s string) []byte {
	return unsafe.Slice(unsafe.StringData(s), len(s))
}

// tables is a view of a model's weight table and a vectorizer's dedup bit
// set for the scoring loops, which index them with bucket numbers that are
// below 1<<bits by construction (a hash masked or shifted down to bits
// bits). newTables checks the sizes once, so the loops need no bounds
// check per n-gram (a third of the instructions of charSum's loop were
// bounds checks and their spills).
type tables struct {
	q     unsafe.Pointer // *int16, 1<<bits weights
	seen  unsafe.Pointer // *uint64, 1<<bits bits
	words uint64         // 64-bit words of seen
	mask  uint64         // 1<<bits - 1
	shift uint           // 64 - bits
}

func newTables(q []int16, seen []uint64, bits uint) *tables {
	if bits < 6 || bits > 32 || len(q) != 1<<bits || len(seen) != 1<<bits/64 {
		panic("classifier: weight table and bit set do not match the feature bits")
	}
	return &tables{q: unsafe.Pointer(unsafe.SliceData(q)), seen: unsafe.Pointer(unsafe.SliceData(seen)),
		words: uint64(len(seen)), mask: 1<<bits - 1, shift: (64 - bits) & 63}
}

// weight is q[a] of the weight table at q (a below its size).
func weight(q unsafe.Pointer, a uint64) int64 {
	return int64(*(*int16)(unsafe.Add(q, a*2)))
}

// testSet sets bit a (below its size) of the bit set at seen and returns 1
// if it was clear, 0 if it was set.
func testSet(seen unsafe.Pointer, a uint64) int64 {
	w := (*uint64)(unsafe.Add(seen, a>>6*8))
	old := *w
	var n int64
	if old&(1<<(a&63)) == 0 { // BT and SETcc, no branch
		n = 1
	}
	*w = old | 1<<(a&63) // BTS
	return n
}

// clearWords leaves the bit set all zero again after a pass that set bits
// only in the words listed in touched (each below its size): it clears
// those, or the whole set when they are many.
func (t *tables) clearWords(touched []uint32) {
	if uint64(len(touched)) >= t.words/4 {
		t.clearAll()
		return
	}
	for _, w := range touched {
		*(*uint64)(unsafe.Add(t.seen, uintptr(w)*8)) = 0
	}
}

// clearAll clears the whole bit set.
func (t *tables) clearAll() {
	clear(unsafe.Slice((*uint64)(t.seen), t.words))
}

// load32 reads p[i:i+4] as a little-endian uint32; i+4 <= len(p) is the
// caller's loop condition.
func load32(p []byte, i int) uint32 {
	return binary.LittleEndian.Uint32((*[4]byte)(unsafe.Add(unsafe.Pointer(unsafe.SliceData(p)), i))[:])
}
