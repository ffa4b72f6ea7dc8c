package classifier

import (
	"slices"
	"testing"
)

// FitDense learns a separable rule (the second feature decides) and gives
// the same weights on a second run.
func TestFitDense(t *testing.T) {
	var x [][]float64
	var y []int
	var w []float64
	for i := range 40 {
		v := float64(i%10) - 4.5
		x = append(x, []float64{1, v, float64(i % 3)})
		label := 0
		if v > 0 {
			label = 1
		}
		y = append(y, label)
		w = append(w, 1.0/40)
	}
	a := FitDense(x, y, w, 1e-3, 500)
	for i, xi := range x {
		var z float64
		for j, v := range xi {
			z += a[j] * v
		}
		if (z > 0) != (y[i] == 1) {
			t.Errorf("example %d (%v) on the wrong side: z = %.3f", i, xi, z)
		}
	}
	if b := FitDense(x, y, w, 1e-3, 500); !slices.Equal(a, b) {
		t.Errorf("two fits differ: %v and %v", a, b)
	}
	if FitDense(nil, nil, nil, 1e-3, 10) != nil {
		t.Error("no examples: want no weights")
	}
}
