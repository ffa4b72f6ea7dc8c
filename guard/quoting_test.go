package guard

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/wardenhq/warden/classifier"
)

// TestQuotingModelVeto: the quoting model's second opinion must take false
// positives away without taking detections: on every user-message test set
// of this package, each attack the engine without it catches is still
// caught, and it flags fewer of the benign texts (security writing and code
// that quote attacks are the ones it was trained to recognise).
func TestQuotingModelVeto(t *testing.T) {
	// The hand-made verdict with and without the quoting model (the
	// learned stage, which weighs the quoting model too, has its own test).
	def := mustEngine(t, "limits:\n  burst_rpm: 0\n")
	if def.qclf == nil {
		t.Fatal("the default engine has no quoting model")
	}
	full, err := NewWithModels(def.cfg, Options{}, classifier.Default(), classifier.Indirect(), classifier.Quoting())
	if err != nil {
		t.Fatal(err)
	}
	alone, err := NewWithScorer(def.cfg, Options{}, classifier.Default())
	if err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob("testdata/*.jsonl")
	var attacksLost, fpAlone, fpFull, benign int
	for _, f := range files {
		if strings.HasPrefix(filepath.Base(f), "documents") {
			continue // scanned as data: the quoting model is not asked
		}
		for _, r := range readJSONL(t, f) {
			a := len(injectionDets(alone.CheckInput(userInput(r.Text)))) > 0
			b := len(injectionDets(full.CheckInput(userInput(r.Text)))) > 0
			if r.Label == 1 {
				if a && !b {
					attacksLost++
					t.Errorf("%s: attack no longer caught with the quoting model: %.100q", f, r.Text)
				}
				continue
			}
			benign++
			if a {
				fpAlone++
			}
			if b {
				fpFull++
				if !a {
					t.Errorf("%s: benign text flagged only with the quoting model: %.100q", f, r.Text)
				}
			}
		}
	}
	t.Logf("test sets: benign texts flagged: %d of %d without the quoting model, %d with it; attacks lost: %d", fpAlone, benign, fpFull, attacksLost)
	if fpFull > fpAlone {
		t.Errorf("the quoting model added false positives (%d with it, %d without)", fpFull, fpAlone)
	}

	// The hand-written security writing and code that quote attacks
	// (classifier/data/AUTHORED.md; four fifths of them trained the
	// quoting model): it must take a good share of their false positives.
	authored, _ := filepath.Glob("../classifier/data/authored*_*.jsonl")
	fpAlone, fpFull, benign = 0, 0, 0
	for _, f := range authored {
		for _, r := range readJSONL(t, f) {
			if r.Label != 0 || r.Category != "security" && r.Category != "code" {
				continue
			}
			benign++
			if len(injectionDets(alone.CheckInput(userInput(r.Text)))) > 0 {
				fpAlone++
			}
			if len(injectionDets(full.CheckInput(userInput(r.Text)))) > 0 {
				fpFull++
			}
		}
	}
	t.Logf("authored security writing and code: %d of %d flagged without the quoting model, %d with it", fpAlone, benign, fpFull)
	if benign < 500 || fpFull*3 > fpAlone*2 {
		t.Errorf("the quoting model took too few false positives away: %d of %d flagged with it, %d without (want at most two thirds)", fpFull, benign, fpAlone)
	}
}
