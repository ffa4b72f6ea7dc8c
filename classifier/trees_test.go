package classifier

import (
	"reflect"
	"testing"
)

// An interaction no linear stage can learn (the label is the XOR of two
// signs) is learned by the trees boosted on it, from zero margins and from
// a linear stage's, and a second fit gives the same trees.
func TestFitTreesLearnsAnInteraction(t *testing.T) {
	var x [][]float64
	var y []int
	var w []float64
	for i := range 400 {
		a, b := float64(i%20)-9.5, float64(i/20)-9.5
		x = append(x, []float64{1, a, b})
		label := 0
		if (a > 3) != (b > -2) { // off centre: a greedy first split has something to gain
			label = 1
		}
		y = append(y, label)
		w = append(w, 1.0/400)
	}
	o := TreeOptions{Trees: 60, Depth: 2, Shrinkage: 0.3, Lambda: 1, MinLeaf: 5, Bins: 16}
	linear := FitDense(x, y, w, 1e-3, 300)
	init := make([]float64, len(x))
	wrongLinear := 0
	for i, xi := range x {
		for j, v := range xi {
			init[i] += linear[j] * v
		}
		if (init[i] > 0) != (y[i] == 1) {
			wrongLinear++
		}
	}
	if wrongLinear < 100 {
		t.Fatalf("the linear stage gets %d of 400 wrong; the test needs one it cannot learn", wrongLinear)
	}
	for name, start := range map[string][]float64{"zero": nil, "linear": init} {
		trees := FitTrees(x, y, w, start, o)
		wrong := 0
		for i, xi := range x {
			var z float64
			if start != nil {
				z = start[i]
			}
			for k := range trees {
				z += trees[k].Eval(xi)
			}
			if (z > 0) != (y[i] == 1) {
				wrong++
			}
		}
		if wrong > 0 {
			t.Errorf("from %s margins: %d of 400 on the wrong side (linear alone: %d)", name, wrong, wrongLinear)
		}
		if again := FitTrees(x, y, w, start, o); !reflect.DeepEqual(trees, again) {
			t.Errorf("from %s margins: two fits differ", name)
		}
	}
	if FitTrees(nil, nil, nil, nil, o) != nil {
		t.Error("no examples: want no trees")
	}
}

// A leaf needs MinLeaf of the examples' weight: with it above half the
// data no split is made and every tree is one leaf.
func TestFitTreesMinLeaf(t *testing.T) {
	x := [][]float64{{0}, {1}, {2}, {3}}
	y := []int{0, 0, 1, 1}
	w := []float64{1, 1, 1, 1}
	for _, tr := range FitTrees(x, y, w, nil, TreeOptions{Trees: 3, Depth: 2, Shrinkage: 1, Lambda: 1, MinLeaf: 3, Bins: 4}) {
		if tr.Feature[0] != -1 {
			t.Errorf("root split on feature %d at %v with leaves of under 3 examples", tr.Feature[0], tr.Split[0])
		}
	}
}
