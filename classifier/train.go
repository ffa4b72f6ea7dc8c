package classifier

import (
	"fmt"
	"math"
	"sort"
	"sync"
)

// TrainOptions tunes Train. The zero value uses the defaults.
type TrainOptions struct {
	// Bits is log2 of the number of hashed feature buckets (default 17).
	Bits uint
	// L2 is the regularisation strength on the weighted-mean log loss
	// (default 1e-5).
	L2 float64
	// Iterations caps the L-BFGS iterations (default 200).
	Iterations int
	// Extra examples are added to the training set (Warden's own hard
	// negatives, see HardNegatives).
	Extra []Example
	// ExtraWeight multiplies the weight of the Extra examples after category
	// balancing (default 2): they are the only training texts in styles
	// other than the data set's few sources.
	ExtraWeight float64
	// Natural examples are hand-written texts by outside authors (see
	// classifier/data/AUTHORED.md). They form their own categories in the
	// balancing, are never merged into a near-duplicate cluster (their
	// authors wrote each one; a template family of generated attacks must
	// not swallow their weight), and their weight is multiplied by
	// NaturalWeight (default 1) so that a few hundred natural texts count
	// next to tens of thousands of templated ones.
	Natural       []Example
	NaturalWeight float64
	// NaturalPerSource balances the Natural examples per (label, category,
	// Source) instead of per (label, category): each author's file counts
	// as its own group, so a small file on one theme (benign fiction
	// requests) is not drowned by a large one of the same category.
	NaturalPerSource bool
	// Noisy holds texts of training examples suspected of a wrong label;
	// they are trained with NoisyWeight (default 0.25) of their weight.
	Noisy       map[string]bool
	NoisyWeight float64
	// Heldout examples are only scored, never trained on; Report.Heldout
	// holds their metrics.
	Heldout []Example
	// Validation, when not empty, is used instead of dev for Platt
	// calibration and the threshold; dev is then only reported. It lets the
	// caller calibrate on a set that matches the model's job (dev without
	// the rows the model is not meant to detect, plus a split of Warden's own
	// texts) while still reporting dev as it is.
	Validation []Example
	// MaxFPR bounds the false-positive rate on benign calibration texts
	// when the threshold is chosen (default 0.01).
	MaxFPR float64
	// Workers splits the gradient computation (default 2). The result does
	// not depend on it... except through float summation order, so keep it
	// fixed for reproducible bytes.
	Workers int
}

func (o *TrainOptions) defaults() {
	if o.Bits == 0 {
		o.Bits = defaultBits
	}
	if o.L2 == 0 {
		o.L2 = 1e-5
	}
	if o.Iterations == 0 {
		o.Iterations = 200
	}
	if o.ExtraWeight == 0 {
		o.ExtraWeight = 2
	}
	if o.NaturalWeight == 0 {
		o.NaturalWeight = 1
	}
	if o.NoisyWeight == 0 {
		o.NoisyWeight = 0.25
	}
	if o.MaxFPR == 0 {
		o.MaxFPR = 0.01
	}
	if o.Workers <= 0 {
		o.Workers = 2
	}
}

// Train fits a model on train (plus opts.Extra), calibrates its probability
// with Platt scaling on dev, picks the decision threshold on dev and returns
// the model with its metrics. It is deterministic: the same inputs give the
// same model bytes.
func Train(train, dev []Example, opts TrainOptions) (*Model, Report, error) {
	opts.defaults()
	if opts.Bits < 10 || opts.Bits > 24 {
		return nil, Report{}, fmt.Errorf("train: bits %d outside [10,24]", opts.Bits)
	}
	all := append(append(append([]Example(nil), train...), opts.Extra...), opts.Natural...)
	nOwn := len(train) + len(opts.Extra) // natural examples start here
	if err := checkBothClasses(all, "training"); err != nil {
		return nil, Report{}, err
	}
	if err := checkBothClasses(dev, "dev"); err != nil {
		return nil, Report{}, err
	}
	calib := dev
	if len(opts.Validation) > 0 {
		calib = opts.Validation
		if err := checkBothClasses(calib, "validation"); err != nil {
			return nil, Report{}, err
		}
	}
	weights := exampleWeights(all, len(train), nOwn, opts)
	for i := len(train); i < nOwn; i++ {
		weights[i] *= opts.ExtraWeight
	}
	for i := nOwn; i < len(all); i++ {
		weights[i] *= opts.NaturalWeight
	}
	all, weights = withBenignWindows(all, weights)
	X := featurizeAll(all, opts.Bits)
	dim := 1<<opts.Bits + nDense + 1 // last: bias
	w := minimize(X, all, weights, dim, opts)

	m := &Model{bits: opts.Bits, bias: w[dim-1], plattA: 1}
	var maxAbs float64
	for _, x := range w[:1<<opts.Bits] {
		maxAbs = math.Max(maxAbs, math.Abs(x))
	}
	if maxAbs == 0 {
		maxAbs = 1
	}
	m.scale = float32(maxAbs / math.MaxInt16)
	m.q = make([]int16, 1<<opts.Bits)
	for i, x := range w[:1<<opts.Bits] {
		m.q[i] = int16(math.Round(x / float64(m.scale)))
	}
	for k := range m.dense {
		m.dense[k] = float32(w[1<<opts.Bits+k])
	}

	// Calibrate with the quantised model, exactly as it will score.
	margins := make([]float64, len(calib))
	labels := make([]int, len(calib))
	parallelFor(len(calib), opts.Workers, func(i int) { margins[i] = m.margin(calib[i].Text) })
	for i, e := range calib {
		labels[i] = e.Label
	}
	m.plattA, m.plattB = plattFit(margins, labels)
	calScores := make([]float64, len(calib))
	for i := range margins {
		calScores[i] = m.calibrate(margins[i])
	}
	m.threshold = pickThreshold(calScores, labels, opts.MaxFPR)
	devScores := calScores
	if len(opts.Validation) > 0 {
		devScores = m.ScoreAll(dev, opts.Workers)
	}

	rep := Report{
		Threshold: m.threshold, MaxFPR: opts.MaxFPR, PlattA: m.plattA, PlattB: m.plattB,
		TrainExamples: len(all), DenseWeights: map[string]float64{},
	}
	for k, name := range denseNames {
		rep.DenseWeights[name] = float64(m.dense[k])
	}
	rep.Dev = Evaluate(dev, devScores, m.threshold)
	if len(opts.Validation) > 0 {
		rep.Validation = Evaluate(opts.Validation, calScores, m.threshold)
	}
	if len(opts.Heldout) > 0 {
		rep.Heldout = Evaluate(opts.Heldout, m.ScoreAll(opts.Heldout, opts.Workers), m.threshold)
	}
	return m, rep, nil
}

func checkBothClasses(ex []Example, what string) error {
	var pos, neg int
	for _, e := range ex {
		if e.Label == 1 {
			pos++
		} else {
			neg++
		}
	}
	if pos == 0 || neg == 0 {
		return fmt.Errorf("train: %s set has %d attack and %d benign examples; it needs both", what, pos, neg)
	}
	return nil
}

// ScoreAll scores examples in parallel.
func (m *Model) ScoreAll(ex []Example, workers int) []float64 {
	out := make([]float64, len(ex))
	parallelFor(len(ex), workers, func(i int) { out[i] = m.Score(ex[i].Text) })
	return out
}

func parallelFor(n, workers int, f func(i int)) {
	if workers < 1 {
		workers = 1
	}
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < n; i += workers {
				f(i)
			}
		}()
	}
	wg.Wait()
}

// exampleWeights gives every training example its weight in the loss:
//   - suspected label noise is down-weighted;
//   - near-duplicate attacks (DAN and friends: many small edits of a few
//     templates) share weight, 1/sqrt(cluster size) each, so one template
//     family does not dominate;
//   - each category gets total weight proportional to the square root of its
//     (de-duplicated) size, then each class totals 1/2, so a big templated
//     category (T0 chat prompts) does not drown the small varied ones.
//
// Examples from index nTrain on (Warden's own) form their own categories, so
// "chat" written by Warden is not merged into the data set's templated chat;
// examples from index nNatural on (outside authors) likewise, and they are
// left out of the near-duplicate clusters.
func exampleWeights(ex []Example, nTrain, nNatural int, opts TrainOptions) []float64 {
	w := make([]float64, len(ex))
	for i, e := range ex {
		w[i] = 1
		if opts.Noisy[e.Text] {
			w[i] = opts.NoisyWeight
		}
	}
	var pos []int
	for i, e := range ex[:nNatural] {
		if e.Label == 1 {
			pos = append(pos, i)
		}
	}
	sizes := nearDupClusters(ex, pos)
	for k, i := range pos {
		w[i] /= math.Sqrt(float64(sizes[k]))
	}
	catSum := map[string]float64{}
	keys := make([]string, len(ex))
	for i, e := range ex {
		keys[i] = fmt.Sprint(e.Label, "/", e.Category)
		if i >= nNatural {
			keys[i] += "/natural"
			if opts.NaturalPerSource {
				keys[i] += "/" + e.Source
			}
		} else if i >= nTrain {
			keys[i] += "/own"
		}
		catSum[keys[i]] += w[i]
	}
	// Sum in key order: map order would change the float sums, and with
	// them the model bytes, from run to run.
	cats := make([]string, 0, len(catSum))
	for k := range catSum {
		cats = append(cats, k)
	}
	sort.Strings(cats)
	classSum := [2]float64{}
	for _, k := range cats {
		classSum[k[0]-'0'] += math.Sqrt(catSum[k])
	}
	for i, e := range ex {
		s := catSum[keys[i]]
		// category share of its class: sqrt(s)/classSum; spread over s.
		w[i] *= math.Sqrt(s) / classSum[e.Label] / s * 0.5
	}
	return w
}

// withBenignWindows appends, for every benign text longer than the window
// trigger, its scoring windows as extra benign examples sharing the text's
// weight. Long texts are scored as the maximum over windows (Model.Score), so
// the model must learn that pieces of ordinary documents are ordinary too;
// without this a long e-mail thread has many chances to trip the threshold.
// Windows of attacks are not added: a window may miss the attack.
func withBenignWindows(ex []Example, w []float64) ([]Example, []float64) {
	out := ex[:len(ex):len(ex)]
	ow := w[:len(w):len(w)]
	type add struct {
		e Example
		w float64
	}
	var adds []add
	for i, e := range ex {
		if e.Label != 0 {
			continue
		}
		norm := appendNormalized(nil, e.Text)
		if len(norm) <= windowTrigger {
			continue
		}
		var wins []string
		for start := 0; start < len(norm); start += windowStep {
			end := min(start+windowSize, len(norm))
			wins = append(wins, string(norm[start:end]))
			if end == len(norm) {
				break
			}
		}
		share := w[i] / float64(len(wins))
		for _, t := range wins {
			adds = append(adds, add{Example{Text: t, Label: 0, Category: e.Category, Source: e.Source + "#window"}, share})
		}
	}
	for _, a := range adds {
		out = append(out, a.e)
		ow = append(ow, a.w)
	}
	return out, ow
}

// nearDupClusters groups the texts ex[idx[k]] whose word 4-shingle sets have
// an estimated Jaccard similarity >= 0.5 (MinHash, 32 hashes) and returns
// each one's cluster size.
func nearDupClusters(ex []Example, idx []int) []int {
	const nh = 32
	sigs := make([][nh]uint64, len(idx))
	parallelFor(len(idx), 2, func(k int) {
		norm := appendNormalized(nil, ex[idx[k]].Text)
		var toks []uint64
		forEachToken(norm, func(t []byte) { toks = append(toks, hashBytes(t, seedWord)) })
		sig := &sigs[k]
		for j := range sig {
			sig[j] = math.MaxUint64
		}
		for i := 0; i+4 <= len(toks) || (i == 0 && len(toks) > 0); i++ {
			h := uint64(0)
			for j := i; j < min(i+4, len(toks)); j++ {
				h = mix64(h*31 + toks[j])
			}
			for j := range sig {
				if x := mix64(h ^ uint64(j)*0x9e3779b97f4a7c15); x < sig[j] {
					sig[j] = x
				}
			}
		}
	})
	parent := make([]int, len(idx))
	for i := range parent {
		parent[i] = i
	}
	var find func(int) int
	find = func(i int) int {
		for parent[i] != i {
			parent[i] = parent[parent[i]]
			i = parent[i]
		}
		return i
	}
	for a := range sigs {
		for b := a + 1; b < len(sigs); b++ {
			same := 0
			for j := 0; j < nh; j++ {
				if sigs[a][j] == sigs[b][j] {
					same++
				}
			}
			if same*2 >= nh {
				ra, rb := find(a), find(b)
				if ra != rb {
					parent[max(ra, rb)] = min(ra, rb)
				}
			}
		}
	}
	count := map[int]int{}
	for i := range idx {
		count[find(i)]++
	}
	out := make([]int, len(idx))
	for i := range idx {
		out[i] = count[find(i)]
	}
	return out
}

// sparse holds the feature vectors of the training set (CSR layout).
type sparse struct {
	start []int
	idx   []uint32
	val   []float32
	y     []float64
}

func featurizeAll(ex []Example, bits uint) *sparse {
	type row struct {
		idx []uint32
		val []float32
	}
	rows := make([]row, len(ex))
	parallelFor(len(ex), 2, func(i int) {
		v := getVectorizer(bits)
		v.norm = appendNormalized(v.norm[:0], ex[i].Text)
		b := v.norm[:min(len(v.norm), maxFeatureBytes)]
		v.vectorize(b)
		ws, cs := v.blockScales()
		// One entry per distinct bucket (occurrences summed), so that the
		// rows stay small.
		cnt := map[uint32]float32{}
		var order []uint32
		for k, ix := range v.idx {
			sc := cs
			if k < v.nWord {
				sc = ws
			}
			if _, ok := cnt[ix]; !ok {
				order = append(order, ix)
			}
			cnt[ix] += sc
		}
		r := row{idx: order, val: make([]float32, len(order))}
		for k, ix := range order {
			r.val[k] = cnt[ix]
		}
		for k, d := range v.dense {
			if d != 0 {
				r.idx = append(r.idx, uint32(1<<bits+k))
				r.val = append(r.val, d)
			}
		}
		rows[i] = r
		putVectorizer(v)
	})
	s := &sparse{start: make([]int, len(ex)+1), y: make([]float64, len(ex))}
	for i, r := range rows {
		s.idx = append(s.idx, r.idx...)
		s.val = append(s.val, r.val...)
		s.start[i+1] = len(s.idx)
		s.y[i] = float64(ex[i].Label)
		rows[i] = row{}
	}
	return s
}

// objective returns the weighted log loss + L2 penalty and its gradient.
func objective(X *sparse, cw []float64, w, grad []float64, l2 float64, workers int) float64 {
	dim := len(w)
	n := len(cw)
	losses := make([]float64, workers)
	grads := make([][]float64, workers)
	var wg sync.WaitGroup
	for k := 0; k < workers; k++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			g := grad
			if k > 0 {
				g = make([]float64, dim)
			} else {
				clear(g)
			}
			grads[k] = g
			lo, hi := n*k/workers, n*(k+1)/workers
			var loss float64
			for i := lo; i < hi; i++ {
				z := w[dim-1]
				for j := X.start[i]; j < X.start[i+1]; j++ {
					z += w[X.idx[j]] * float64(X.val[j])
				}
				// log(1+exp(-yz)) with y in {-1,+1}, stably.
				y := 2*X.y[i] - 1
				m := y * z
				if m > 0 {
					loss += cw[i] * math.Log1p(math.Exp(-m))
				} else {
					loss += cw[i] * (-m + math.Log1p(math.Exp(m)))
				}
				d := cw[i] * (sigmoid(z) - X.y[i])
				for j := X.start[i]; j < X.start[i+1]; j++ {
					g[X.idx[j]] += d * float64(X.val[j])
				}
				g[dim-1] += d
			}
			losses[k] = loss
		}()
	}
	wg.Wait()
	loss := 0.0
	for k := 0; k < workers; k++ {
		loss += losses[k]
		if k > 0 {
			for j, x := range grads[k] {
				grad[j] += x
			}
		}
	}
	for j := 0; j < dim-1; j++ {
		loss += 0.5 * l2 * w[j] * w[j]
		grad[j] += l2 * w[j]
	}
	return loss
}

// minimize runs L-BFGS (memory 10, backtracking Armijo line search).
func minimize(X *sparse, ex []Example, cw []float64, dim int, opts TrainOptions) []float64 {
	const mem = 10
	w := make([]float64, dim)
	g := make([]float64, dim)
	f := objective(X, cw, w, g, opts.L2, opts.Workers)
	var sHist, yHist [][]float64
	var rhoHist []float64
	dir := make([]float64, dim)
	wNew := make([]float64, dim)
	gNew := make([]float64, dim)
	alpha := make([]float64, mem)
	for it := 0; it < opts.Iterations; it++ {
		// Two-loop recursion: dir = -H g.
		copy(dir, g)
		for k := len(sHist) - 1; k >= 0; k-- {
			alpha[k] = rhoHist[k] * dot(sHist[k], dir)
			axpy(-alpha[k], yHist[k], dir)
		}
		if k := len(sHist) - 1; k >= 0 {
			gamma := dot(sHist[k], yHist[k]) / dot(yHist[k], yHist[k])
			scal(gamma, dir)
		} else {
			scal(1/math.Sqrt(dot(g, g)), dir)
		}
		for k := range sHist {
			beta := rhoHist[k] * dot(yHist[k], dir)
			axpy(alpha[k]-beta, sHist[k], dir)
		}
		scal(-1, dir)
		slope := dot(g, dir)
		if slope >= 0 { // not a descent direction: restart
			sHist, yHist, rhoHist = nil, nil, nil
			copy(dir, g)
			scal(-1/math.Sqrt(dot(g, g)), dir)
			slope = dot(g, dir)
		}
		step := 1.0
		var fNew float64
		ok := false
		for ls := 0; ls < 30; ls++ {
			for j := range w {
				wNew[j] = w[j] + step*dir[j]
			}
			fNew = objective(X, cw, wNew, gNew, opts.L2, opts.Workers)
			if fNew <= f+1e-4*step*slope {
				ok = true
				break
			}
			step *= 0.5
		}
		if !ok {
			break
		}
		s := make([]float64, dim)
		y := make([]float64, dim)
		for j := range w {
			s[j] = wNew[j] - w[j]
			y[j] = gNew[j] - g[j]
		}
		if sy := dot(s, y); sy > 1e-12 {
			if len(sHist) == mem {
				sHist, yHist, rhoHist = sHist[1:], yHist[1:], rhoHist[1:]
			}
			sHist = append(sHist, s)
			yHist = append(yHist, y)
			rhoHist = append(rhoHist, 1/sy)
		}
		w, wNew = wNew, w
		g, gNew = gNew, g
		rel := (f - fNew) / math.Max(math.Abs(f), 1e-12)
		f = fNew
		if rel < 1e-7 && it > 20 {
			break
		}
	}
	return w
}

func dot(a, b []float64) float64 {
	var s float64
	for i, x := range a {
		s += x * b[i]
	}
	return s
}

func axpy(a float64, x, y []float64) {
	for i, v := range x {
		y[i] += a * v
	}
}

func scal(a float64, x []float64) {
	for i := range x {
		x[i] *= a
	}
}

// plattFit fits p = sigmoid(a*margin + b) by Newton's method on the log loss
// with Platt's smoothed targets (Platt 1999; Lin, Lin & Weng 2007).
func plattFit(margins []float64, labels []int) (a, b float64) {
	var npos, nneg float64
	for _, l := range labels {
		if l == 1 {
			npos++
		} else {
			nneg++
		}
	}
	hi, lo := (npos+1)/(npos+2), 1/(nneg+2)
	t := make([]float64, len(labels))
	for i, l := range labels {
		if l == 1 {
			t[i] = hi
		} else {
			t[i] = lo
		}
	}
	a, b = 1, 0
	loss := func(a, b float64) float64 {
		var s float64
		for i, m := range margins {
			z := a*m + b
			// -t log p - (1-t) log(1-p)
			s += t[i]*softplus(-z) + (1-t[i])*softplus(z)
		}
		return s
	}
	cur := loss(a, b)
	for it := 0; it < 100; it++ {
		var ga, gb, haa, hab, hbb float64
		for i, m := range margins {
			p := sigmoid(a*m + b)
			d := p - t[i]
			ga += d * m
			gb += d
			h := math.Max(p*(1-p), 1e-12)
			haa += h * m * m
			hab += h * m
			hbb += h
		}
		haa += 1e-9
		hbb += 1e-9
		det := haa*hbb - hab*hab
		da := -(hbb*ga - hab*gb) / det
		db := -(haa*gb - hab*ga) / det
		step := 1.0
		for ; step > 1e-10; step /= 2 {
			if nl := loss(a+step*da, b+step*db); nl < cur+1e-4*step*(ga*da+gb*db) {
				a, b, cur = a+step*da, b+step*db, nl
				break
			}
		}
		if step <= 1e-10 || math.Abs(ga)+math.Abs(gb) < 1e-9 {
			break
		}
	}
	return a, b
}

func softplus(z float64) float64 {
	if z > 0 {
		return z + math.Log1p(math.Exp(-z))
	}
	return math.Log1p(math.Exp(z))
}

// pickThreshold chooses the threshold with the best balanced accuracy among
// those whose false-positive rate on the benign examples is <= maxFPR. When
// a range of thresholds ties, it takes the middle of the range (in rank), so
// the decision sits away from the nearest dev examples on both sides.
func pickThreshold(scores []float64, labels []int, maxFPR float64) float64 {
	type sl struct {
		s float64
		l int
	}
	xs := make([]sl, len(scores))
	var npos, nneg float64
	for i := range scores {
		xs[i] = sl{scores[i], labels[i]}
		if labels[i] == 1 {
			npos++
		} else {
			nneg++
		}
	}
	sort.SliceStable(xs, func(i, j int) bool { return xs[i].s > xs[j].s })
	// Candidate k: flag the top k (threshold between xs[k-1] and xs[k]).
	bestBA := -1.0
	var cands []int
	var tp, fp float64
	for k := 0; k <= len(xs); k++ {
		if k > 0 {
			if xs[k-1].l == 1 {
				tp++
			} else {
				fp++
			}
		}
		if k > 0 && k < len(xs) && xs[k].s == xs[k-1].s {
			continue // cannot split ties
		}
		if fp/nneg > maxFPR {
			break
		}
		ba := (tp/npos + 1 - fp/nneg) / 2
		switch {
		case ba > bestBA+1e-12:
			bestBA = ba
			cands = []int{k}
		case math.Abs(ba-bestBA) <= 1e-12:
			cands = append(cands, k)
		}
	}
	if len(cands) == 0 {
		return 1
	}
	// middle of the best plateau: threshold halfway between neighbours.
	lo, hi := cands[0], cands[len(cands)-1]
	var upper, lower float64 // scores around the chosen cut
	if lo == 0 {
		upper = 1
	} else {
		upper = xs[lo-1].s
	}
	if hi >= len(xs) {
		lower = 0
	} else {
		lower = xs[hi].s
	}
	t := (upper + lower) / 2
	if t <= 0 || t > 1 || math.IsNaN(t) {
		return 0.5
	}
	return t
}
