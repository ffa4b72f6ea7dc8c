package classifier

import (
	"math"
	"slices"
)

// Tree is one regression tree of a boosted stage, complete to its depth and
// stored in heap order: node i's children are 2i+1 and 2i+2; a node whose
// Feature is -1 is a leaf worth Value.
type Tree struct {
	Feature []int     `json:"feature"`
	Split   []float64 `json:"split"`
	Value   []float64 `json:"value"`
}

// Eval returns the tree's value for x.
func (t *Tree) Eval(x []float64) float64 {
	i := 0
	for t.Feature[i] >= 0 {
		if x[t.Feature[i]] <= t.Split[i] {
			i = 2*i + 1
		} else {
			i = 2*i + 2
		}
	}
	return t.Value[i]
}

// TreeOptions are the boosting's settings.
type TreeOptions struct {
	Trees     int     // how many trees
	Depth     int     // each tree's depth
	Shrinkage float64 // each tree's values are multiplied by it
	Lambda    float64 // L2 on leaf values (in units of the examples' mean weight)
	MinLeaf   float64 // least hessian weight in a leaf (same units)
	Bins      int     // candidate splits per feature (quantiles)
}

// FitTrees boosts regression trees on the logistic loss, starting from the
// margins init (a linear stage's, or zeros), with example weights. Splits
// are chosen among quantile cut points of each feature, so the result
// depends only on its inputs.
func FitTrees(x [][]float64, y []int, weight, init []float64, o TreeOptions) []Tree {
	n := len(x)
	if n == 0 {
		return nil
	}
	d := len(x[0])
	var sum float64
	for _, w := range weight {
		sum += w
	}
	w := make([]float64, n)
	for i := range w {
		w[i] = weight[i] * float64(n) / sum
	}
	// Candidate cuts: up to o.Bins distinct quantiles of each feature; bin
	// b of feature j holds values in (cut[b-1], cut[b]].
	cuts := make([][]float64, d)
	bin := make([][]uint8, d)
	for j := range d {
		v := make([]float64, n)
		for i := range x {
			v[i] = x[i][j]
		}
		s := slices.Clone(v)
		slices.Sort(s)
		var c []float64
		for b := 1; b < o.Bins; b++ {
			q := s[b*n/o.Bins]
			if len(c) == 0 || q > c[len(c)-1] {
				c = append(c, q)
			}
		}
		if len(c) > 0 && c[len(c)-1] == s[n-1] {
			c = c[:len(c)-1] // a cut at the maximum splits nothing off
		}
		cuts[j] = c
		bin[j] = make([]uint8, n)
		for i, val := range v {
			b, _ := slices.BinarySearch(c, val)
			bin[j][i] = uint8(b)
		}
	}
	margin := slices.Clone(init)
	if margin == nil {
		margin = make([]float64, n)
	}
	g := make([]float64, n)
	h := make([]float64, n)
	node := make([]int, n)
	nNodes := 1<<(o.Depth+1) - 1
	var trees []Tree
	for range o.Trees {
		for i := range n {
			p := 1 / (1 + math.Exp(-max(min(margin[i], 30), -30)))
			g[i] = w[i] * (p - float64(y[i]))
			h[i] = w[i] * max(p*(1-p), 1e-6)
			node[i] = 0
		}
		t := Tree{Feature: make([]int, nNodes), Split: make([]float64, nNodes), Value: make([]float64, nNodes)}
		for i := range t.Feature {
			t.Feature[i] = -1
		}
		// Grow level by level: each node's gradient sums per feature bin.
		for level := range o.Depth {
			first, last := 1<<level-1, 1<<(level+1)-1
			type stats struct{ g, h []float64 }
			hist := make([][]stats, last-first)
			totG := make([]float64, last-first)
			totH := make([]float64, last-first)
			for k := range hist {
				hist[k] = make([]stats, d)
				for j := range d {
					hist[k][j] = stats{make([]float64, len(cuts[j])+1), make([]float64, len(cuts[j])+1)}
				}
			}
			for i := range n {
				k := node[i] - first
				if k < 0 || k >= last-first {
					continue // in a leaf above this level
				}
				totG[k] += g[i]
				totH[k] += h[i]
				for j := range d {
					b := bin[j][i]
					hist[k][j].g[b] += g[i]
					hist[k][j].h[b] += h[i]
				}
			}
			for k := range hist {
				id := first + k
				G, H := totG[k], totH[k]
				if H < 2*o.MinLeaf {
					continue
				}
				parent := G * G / (H + o.Lambda)
				best, bf, bs := 1e-9, -1, 0.0
				for j := range d {
					var gl, hl float64
					for b := range cuts[j] {
						gl += hist[k][j].g[b]
						hl += hist[k][j].h[b]
						gr, hr := G-gl, H-hl
						if hl < o.MinLeaf || hr < o.MinLeaf {
							continue
						}
						if gain := gl*gl/(hl+o.Lambda) + gr*gr/(hr+o.Lambda) - parent; gain > best {
							best, bf, bs = gain, j, cuts[j][b]
						}
					}
				}
				if bf >= 0 {
					t.Feature[id], t.Split[id] = bf, bs
				}
			}
			// Move the examples down; those in a node that did not split
			// stay (their node is a leaf).
			for i := range n {
				id := node[i]
				if id < first || id >= last || t.Feature[id] < 0 {
					continue
				}
				if x[i][t.Feature[id]] <= t.Split[id] {
					node[i] = 2*id + 1
				} else {
					node[i] = 2*id + 2
				}
			}
		}
		// Leaf values.
		sg := make([]float64, nNodes)
		sh := make([]float64, nNodes)
		for i := range n {
			sg[node[i]] += g[i]
			sh[node[i]] += h[i]
		}
		for id := range nNodes {
			if t.Feature[id] < 0 && sh[id] > 0 {
				t.Value[id] = -o.Shrinkage * sg[id] / (sh[id] + o.Lambda)
			}
		}
		for i := range n {
			margin[i] += t.Value[node[i]]
		}
		trees = append(trees, t)
	}
	return trees
}
