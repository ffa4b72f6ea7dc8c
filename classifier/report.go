package classifier

import (
	"fmt"
	"io"
	"sort"
	"strings"
)

// Metrics are binary-classification results at one threshold.
type Metrics struct {
	N, Positives, Negatives int
	TP, FP, TN, FN          int
	Precision, Recall, F1   float64
	FPR, BalancedAccuracy   float64
}

func metricsOf(tp, fp, tn, fn int) Metrics {
	m := Metrics{TP: tp, FP: fp, TN: tn, FN: fn, N: tp + fp + tn + fn, Positives: tp + fn, Negatives: fp + tn}
	div := func(a, b int) float64 {
		if b == 0 {
			return 0
		}
		return float64(a) / float64(b)
	}
	m.Precision = div(tp, tp+fp)
	m.Recall = div(tp, tp+fn)
	if m.Precision+m.Recall > 0 {
		m.F1 = 2 * m.Precision * m.Recall / (m.Precision + m.Recall)
	}
	m.FPR = div(fp, fp+tn)
	switch {
	case m.Positives > 0 && m.Negatives > 0:
		m.BalancedAccuracy = (m.Recall + 1 - m.FPR) / 2
	case m.Positives > 0:
		m.BalancedAccuracy = m.Recall
	default:
		m.BalancedAccuracy = 1 - m.FPR
	}
	return m
}

// CategoryMetrics are the metrics of one category. For an attack category
// they are computed on that category plus every benign example (so recall is
// its detection rate); for a benign category on that category plus every
// attack (so FPR is its false-alarm rate).
type CategoryMetrics struct {
	Category string
	Label    int
	Metrics
}

// Evaluation is the result of scoring one labelled set.
type Evaluation struct {
	Overall    Metrics
	Categories []CategoryMetrics // attack categories first, then benign; by name
}

// Evaluate scores examples (scores[i] belongs to ex[i]) at threshold.
func Evaluate(ex []Example, scores []float64, threshold float64) Evaluation {
	type cnt struct{ tp, fp, tn, fn int }
	cats := map[string]*cnt{}
	labelOf := map[string]int{}
	var all cnt
	for i, e := range ex {
		c := cats[e.Category]
		if c == nil {
			c = &cnt{}
			cats[e.Category] = c
			labelOf[e.Category] = e.Label
		}
		flag := scores[i] >= threshold
		switch {
		case e.Label == 1 && flag:
			c.tp++
			all.tp++
		case e.Label == 1:
			c.fn++
			all.fn++
		case flag:
			c.fp++
			all.fp++
		default:
			c.tn++
			all.tn++
		}
	}
	ev := Evaluation{Overall: metricsOf(all.tp, all.fp, all.tn, all.fn)}
	names := make([]string, 0, len(cats))
	for n := range cats {
		names = append(names, n)
	}
	sort.Slice(names, func(i, j int) bool {
		if labelOf[names[i]] != labelOf[names[j]] {
			return labelOf[names[i]] > labelOf[names[j]]
		}
		return names[i] < names[j]
	})
	for _, n := range names {
		c := cats[n]
		var m Metrics
		if c.tp+c.fn > 0 { // attack category vs all benign
			m = metricsOf(c.tp, all.fp, all.tn, c.fn)
		} else { // benign category vs all attacks
			m = metricsOf(all.tp, c.fp, c.tn, all.fn)
		}
		ev.Categories = append(ev.Categories, CategoryMetrics{Category: n, Label: labelOf[n], Metrics: m})
	}
	return ev
}

// Report describes a trained model: calibration, threshold and metrics.
type Report struct {
	TrainExamples  int
	Threshold      float64
	MaxFPR         float64 // the false-positive budget the threshold was chosen under
	PlattA, PlattB float64
	DenseWeights   map[string]float64
	Dev            Evaluation
	Validation     Evaluation // the calibration set when it is not dev
	Heldout        Evaluation // empty when no held-out set was given
}

// Write prints the report as plain-text tables.
func (r Report) Write(w io.Writer) error {
	var b strings.Builder
	fmt.Fprintf(&b, "trained on %d examples\n", r.TrainExamples)
	fmt.Fprintf(&b, "calibration (Platt on dev): p = sigmoid(%.4f*margin %+.4f)\n", r.PlattA, r.PlattB)
	if r.Validation.Overall.N > 0 {
		fmt.Fprintf(&b, "threshold (best balanced accuracy on the validation set with FPR <= %g%%): %.4f\n", r.MaxFPR*100, r.Threshold)
		writeEval(&b, "validation (calibration and threshold)", r.Validation)
	} else {
		fmt.Fprintf(&b, "threshold (best balanced accuracy on dev with FPR <= %g%%): %.4f\n", r.MaxFPR*100, r.Threshold)
	}
	writeEval(&b, "dev", r.Dev)
	if r.Heldout.Overall.N > 0 {
		writeEval(&b, "heldout (hand-written, never trained on)", r.Heldout)
	}
	if len(r.DenseWeights) > 0 {
		b.WriteString("\ndense cue weights:")
		for _, n := range denseNames {
			fmt.Fprintf(&b, " %s=%.2f", n, r.DenseWeights[n])
		}
		b.WriteString("\n")
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// String returns the report as Write prints it.
func (r Report) String() string {
	var b strings.Builder
	_ = r.Write(&b)
	return b.String()
}

func writeEval(b *strings.Builder, name string, ev Evaluation) {
	fmt.Fprintf(b, "\n%s:\n", name)
	fmt.Fprintf(b, "  %-22s %6s %6s %6s %9s %7s %7s %7s %8s\n", "category", "n", "tp", "fp", "precision", "recall", "f1", "fpr", "bal_acc")
	row := func(cat string, n int, m Metrics) {
		fmt.Fprintf(b, "  %-22s %6d %6d %6d %9.4f %7.4f %7.4f %7.4f %8.4f\n", cat, n, m.TP, m.FP, m.Precision, m.Recall, m.F1, m.FPR, m.BalancedAccuracy)
	}
	row("ALL", ev.Overall.N, ev.Overall)
	for _, c := range ev.Categories {
		n := c.Positives
		if c.Label == 0 {
			n = c.Negatives
		}
		row(fmt.Sprintf("%s (%d)", c.Category, c.Label), n, c.Metrics)
	}
}
