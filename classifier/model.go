// Package classifier detects prompt injection and jailbreak attempts in text.
//
// It is a linear model (L2-regularised, class-weighted logistic regression)
// over hashed word and character n-grams of unicode-normalised text plus a
// few dense hand-made cues, with a Platt-calibrated probability. It is trained
// in pure Go by Train (see `warden train`) and the trained model is embedded
// in the binary (model.bin), so scoring needs no ML runtime, no cgo and no
// network, and a 2 KB prompt is scored in tens of microseconds.
package classifier

import (
	"bufio"
	"bytes"
	_ "embed"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"math"
	"sync"
	"unsafe"
)

// Model is an immutable trained model; safe for concurrent use.
type Model struct {
	bits      uint
	bias      float64
	dense     [nDense]float32
	q         []int16 // quantised hashed weights, weight = q*scale
	scale     float32
	plattA    float64 // calibrated p = sigmoid(plattA*margin + plattB)
	plattB    float64
	threshold float64
}

//go:embed model.bin
var embeddedModel []byte

//go:embed indirect.bin
var embeddedIndirect []byte

//go:embed quoting.bin
var embeddedQuoting []byte

// The embedded models are decoded on first use, once each: a binary that
// never scans documents never decodes indirect.bin.
var (
	defaultModel  = sync.OnceValue(func() *Model { return mustLoad(embeddedModel, "model.bin") })
	indirectModel = sync.OnceValue(func() *Model { return mustLoad(embeddedIndirect, "indirect.bin") })
	quotingModel  = sync.OnceValue(func() *Model { return mustLoad(embeddedQuoting, "quoting.bin") })
)

// mustLoad decodes an embedded model; a test rules out a corrupt one.
func mustLoad(data []byte, name string) *Model {
	m, err := Load(bytes.NewReader(data))
	if err != nil {
		panic("classifier: embedded " + name + ": " + err.Error())
	}
	return m
}

// Quoting returns the embedded second opinion on user input (quoting.bin):
// the user model's training plus the hand-written security writing and code
// that quote attacks as benign examples. Alone it misses plain attacks (it
// learned that the classic phrasings also appear in harmless text); the
// guard asks it only about a text the user model or the rules flagged, and
// discounts the detection when it is sure the text is writing about attacks.
func Quoting() *Model { return quotingModel() }

// Indirect returns the embedded indirect-injection model (indirect.bin):
// same features, trained to find instructions planted in data the model
// reads (tool results, retrieved documents, e-mails, tables), including
// tasks that are only out of place there. It is not meant for what a user
// types: a question in a user message is ordinary.
func Indirect() *Model { return indirectModel() }

// Default returns the model embedded in the binary (model.bin), loaded once.
// It panics only if the embedded file is corrupt, which a test rules out.
func Default() *Model { return defaultModel() }

// Threshold is the decision threshold on Score chosen by calibration on the
// development set: Score(text) >= Threshold() means "attack".
func (m *Model) Threshold() float64 { return m.threshold }

// Score returns the calibrated probability in [0,1] that text is a prompt
// injection or jailbreak attempt.
//
// Texts longer than a few kilobytes are also scored in overlapping windows and
// the highest score wins, so an instruction buried in a long document is not
// diluted by the benign text around it.
func (m *Model) Score(text string) float64 {
	return m.calibrate(m.margin(text))
}

func (m *Model) calibrate(margin float64) float64 {
	return sigmoid(m.plattA*margin + m.plattB)
}

const (
	windowTrigger = 2 << 10 // texts above this (normalised bytes) are also scored by window
	windowSize    = 1 << 9
	windowStep    = 1 << 8
)

// margin is the raw linear score (log-odds before calibration).
func (m *Model) margin(text string) float64 {
	v := getVectorizer(m.bits)
	defer putVectorizer(v)
	v.norm = appendNormalized(v.norm[:0], text)
	return m.marginNorm(v, v.norm)
}

// ScoreNormalized is Score(text) for a caller that already holds the
// normalised form of text: norm must equal AppendNormalized(nil, text)
// byte for byte (the guard's folded text is, for plain ASCII text), and the
// result is then bit-identical to Score(text), without normalising again.
func (m *Model) ScoreNormalized(norm string) float64 {
	v := getVectorizer(m.bits)
	defer putVectorizer(v)
	return m.calibrate(m.marginNorm(v, stringBytes(norm)))
}

// marginNorm is margin of the normalised text b, which it only reads.
func (m *Model) marginNorm(v *vectorizer, b []byte) float64 {
	if len(b) <= windowTrigger {
		return m.marginOf(v, b)
	}
	best := m.marginOf(v, b[:min(len(b), maxFeatureBytes)])
	for start := 0; start < len(b); start += windowStep {
		end := min(start+windowSize, len(b))
		w := b[start:end]
		if s := m.marginOf(v, w); s > best {
			best = s
		}
		if end == len(b) {
			break
		}
	}
	return best
}

func (m *Model) marginOf(v *vectorizer, b []byte) float64 {
	v.scan(b)
	if n := max(len(v.pad), 2*len(v.toks)); cap(v.touched) < n {
		v.touched = make([]uint32, n, n+n/4)
	}
	t := newTables(m.q, v.seen, v.bits)
	sw, nw := t.wordSum(v.toks, v.touched)
	sc, nc := t.charSum(v.pad, v.touched)
	s := m.bias + float64((float32(sw)*blockScale(nw)+float32(sc)*blockScale(nc))*m.scale)
	for k, d := range v.dense {
		s += float64(d * m.dense[k])
	}
	return s
}

// wordSum returns the sum of the weights of the distinct word unigram and
// bigram buckets of the word hashes toks, and their number: wordIDs, dedup
// and the weight look-ups fused in one pass (the sum is of integers, so
// the order of its terms does not matter). The bit set must be all zero;
// it is left all zero.
func (t *tables) wordSum(toks []uint64, touched []uint32) (int64, int) {
	if len(toks) == 0 {
		return 0, 0
	}
	q, seen, mask := t.q, t.seen, t.mask
	// touched[k] is the bit-set word of the k-th bucket, to clear after:
	// a store in order costs less than hashing each bigram again.
	touched = touched[:2*len(toks)-1]
	tp := unsafe.Pointer(unsafe.SliceData(touched))
	var sum, distinct int64
	prev := toks[0]
	a := prev & mask
	nw := testSet(seen, a)
	sum += weight(q, a) & -nw
	distinct += nw
	*(*uint32)(tp) = uint32(a >> 6)
	for k, h := range toks[1:] {
		a = h & mask
		nw = testSet(seen, a)
		sum += weight(q, a) & -nw
		distinct += nw
		*(*uint32)(unsafe.Add(tp, (2*k+1)*4)) = uint32(a >> 6)
		a = mix64(prev*31+h^seedBigram) & mask
		nw = testSet(seen, a)
		sum += weight(q, a) & -nw
		distinct += nw
		*(*uint32)(unsafe.Add(tp, (2*k+2)*4)) = uint32(a >> 6)
		prev = h
	}
	t.clearWords(touched)
	return sum, int(distinct)
}

// charSum returns the sum of the weights of the distinct character 4-gram
// buckets of the padded text p, and their number: the character block of
// vectorize, with hashing, deduplication and weight look-up fused in one
// pass and no list of buckets in between. The bit set must be all zero; it
// is left all zero.
func (t *tables) charSum(p []byte, touched []uint32) (int64, int) {
	if len(p) < 4 {
		return 0, 0
	}
	q, seen, shift := t.q, t.seen, t.shift&63
	// touched[i] is the bit-set word of the i-th 4-gram, to clear after.
	touched = touched[:len(p)-3]
	tp := unsafe.Pointer(unsafe.SliceData(touched))
	var sum, distinct int64
	// a, the top bits of a 64-bit product, is below 1<<bits. Branch-free:
	// new buckets are too frequent to predict (a branch that stores only
	// new buckets measured faster on repetitive text and slower on varied
	// text).
	if shift == 64-defaultBits {
		// The same loop with a constant shift: a shift by a variable
		// needs CX on amd64, and the register shuffling around it cost
		// a few instructions of this loop's 30.
		for i := 0; i+4 <= len(p); i++ {
			a := uint64(load32(p, i)) * mulChar >> (64 - defaultBits)
			nw := testSet(seen, a)
			sum += weight(q, a) & -nw
			distinct += nw
			*(*uint32)(unsafe.Add(tp, i*4)) = uint32(a >> 6)
		}
	} else {
		for i := 0; i+4 <= len(p); i++ {
			a := uint64(load32(p, i)) * mulChar >> shift
			nw := testSet(seen, a)
			sum += weight(q, a) & -nw
			distinct += nw
			*(*uint32)(unsafe.Add(tp, i*4)) = uint32(a >> 6)
		}
	}
	t.clearWords(touched)
	return sum, int(distinct)
}

func sigmoid(x float64) float64 {
	if x >= 0 {
		return 1 / (1 + math.Exp(-x))
	}
	e := math.Exp(x)
	return e / (1 + e)
}

// File format (little endian), version 1:
//
//	magic "WRDNCLF1", u32 version, u32 featureVersion, u32 bucketBits, u32 nDense,
//	f64 bias, f64 plattA, f64 plattB, f64 threshold, f32 scale,
//	f32 dense[nDense], i16 weights[1<<bucketBits], u32 CRC-32 (IEEE) of all before.
const (
	fileMagic   = "WRDNCLF1"
	fileVersion = 1
	headerSize  = 8 + 4*4 + 8*4 + 4
)

// ErrCorrupt is returned by Load for a file that is not a valid model.
var ErrCorrupt = errors.New("classifier: model file is corrupt or not a warden model; retrain it with `warden train`")

// WriteTo writes the model in its binary file format.
func (m *Model) WriteTo(w io.Writer) (int64, error) {
	buf := m.marshal()
	n, err := w.Write(buf)
	if err != nil {
		return int64(n), fmt.Errorf("write model: %w", err)
	}
	return int64(n), nil
}

func (m *Model) marshal() []byte {
	n := headerSize + 4*nDense + 2*len(m.q) + 4
	buf := make([]byte, 0, n)
	buf = append(buf, fileMagic...)
	buf = binary.LittleEndian.AppendUint32(buf, fileVersion)
	buf = binary.LittleEndian.AppendUint32(buf, featureVersion)
	buf = binary.LittleEndian.AppendUint32(buf, uint32(m.bits))
	buf = binary.LittleEndian.AppendUint32(buf, nDense)
	for _, f := range []float64{m.bias, m.plattA, m.plattB, m.threshold} {
		buf = binary.LittleEndian.AppendUint64(buf, math.Float64bits(f))
	}
	buf = binary.LittleEndian.AppendUint32(buf, math.Float32bits(m.scale))
	for _, d := range m.dense {
		buf = binary.LittleEndian.AppendUint32(buf, math.Float32bits(d))
	}
	for _, q := range m.q {
		buf = binary.LittleEndian.AppendUint16(buf, uint16(q))
	}
	return binary.LittleEndian.AppendUint32(buf, crc32.ChecksumIEEE(buf))
}

// Load reads a model written by WriteTo (the format of classifier/model.bin).
func Load(r io.Reader) (*Model, error) {
	data, err := io.ReadAll(bufio.NewReader(io.LimitReader(r, 64<<20)))
	if err != nil {
		return nil, fmt.Errorf("read model: %w", err)
	}
	if len(data) < headerSize+4 || string(data[:8]) != fileMagic {
		return nil, fmt.Errorf("%w (bad magic or truncated header)", ErrCorrupt)
	}
	le := binary.LittleEndian
	body, sum := data[:len(data)-4], le.Uint32(data[len(data)-4:])
	if crc32.ChecksumIEEE(body) != sum {
		return nil, fmt.Errorf("%w (checksum mismatch)", ErrCorrupt)
	}
	if v := le.Uint32(data[8:]); v != fileVersion {
		return nil, fmt.Errorf("classifier: model file version %d is not supported by this build (want %d); retrain it with `warden train`", v, fileVersion)
	}
	if v := le.Uint32(data[12:]); v != featureVersion {
		return nil, fmt.Errorf("classifier: model was trained with feature version %d but this build computes version %d; retrain it with `warden train`", v, featureVersion)
	}
	bits := le.Uint32(data[16:])
	if bits < 10 || bits > 24 || le.Uint32(data[20:]) != nDense {
		return nil, fmt.Errorf("%w (bad dimensions)", ErrCorrupt)
	}
	want := headerSize + 4*nDense + 2*(1<<bits) + 4
	if len(data) != want {
		return nil, fmt.Errorf("%w (size %d bytes, want %d)", ErrCorrupt, len(data), want)
	}
	m := &Model{bits: uint(bits)}
	off := 24
	f64 := func() float64 { x := math.Float64frombits(le.Uint64(data[off:])); off += 8; return x }
	m.bias, m.plattA, m.plattB, m.threshold = f64(), f64(), f64(), f64()
	m.scale = math.Float32frombits(le.Uint32(data[off:]))
	off += 4
	for k := range m.dense {
		m.dense[k] = math.Float32frombits(le.Uint32(data[off:]))
		off += 4
	}
	m.q = make([]int16, 1<<bits)
	for i := range m.q {
		m.q[i] = int16(le.Uint16(data[off:]))
		off += 2
	}
	for _, f := range []float64{m.bias, m.plattA, m.plattB, m.threshold, float64(m.scale)} {
		if math.IsNaN(f) || math.IsInf(f, 0) {
			return nil, fmt.Errorf("%w (non-finite parameter)", ErrCorrupt)
		}
	}
	if m.threshold < 0 || m.threshold > 1 {
		return nil, fmt.Errorf("%w (threshold %v outside [0,1])", ErrCorrupt, m.threshold)
	}
	return m, nil
}
