package classifier

import "math"

// FitDense fits a logistic regression on a few dense features (a stage
// that weighs other models' signals, not the hashed text model): plain
// gradient descent from zero, iters full-batch steps of size 0.5, on the
// example-weighted log loss plus l2/2 times the squared weights (the first
// feature, the bias, unpenalised). x[i] must all have the same length.
// The result depends only on its inputs, so a retrain gives the same
// weights byte for byte.
func FitDense(x [][]float64, y []int, weight []float64, l2 float64, iters int) []float64 {
	if len(x) == 0 {
		return nil
	}
	d := len(x[0])
	w := make([]float64, d)
	g := make([]float64, d)
	for range iters {
		clear(g)
		for i, xi := range x {
			var z float64
			for j, v := range xi {
				z += w[j] * v
			}
			r := weight[i] * (sigmoid(max(min(z, 30), -30)) - float64(y[i]))
			for j, v := range xi {
				g[j] += r * v
			}
		}
		for j := 1; j < d; j++ {
			g[j] += l2 * w[j]
		}
		for j := range w {
			w[j] -= 0.5 * g[j]
		}
	}
	for _, v := range w {
		if math.IsNaN(v) {
			return nil
		}
	}
	return w
}
