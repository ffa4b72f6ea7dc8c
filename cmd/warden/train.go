package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"hash/fnv"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"time"

	"github.com/wardenhq/warden/classifier"
)

// The train command retrains the embedded prompt-injection classifier from
// the detection data set and prints its metrics, so the model committed in
// classifier/ can always be rebuilt and checked with one command.
func init() {
	var dataDir, out, outIndirect, heldout string
	var noExtra bool
	var maxFPRIndirect float64
	var opts classifier.TrainOptions
	register(&command{
		name:    "train",
		summary: "retrain the prompt-injection classifier and print its metrics",
		usage:   "train [--data DIR] [--out FILE] [--heldout FILE]",
		setup: func(fs *flag.FlagSet) {
			fs.StringVar(&dataDir, "data", filepath.Join("..", "shared", "data", "detection"),
				"directory with train.jsonl, dev.jsonl and (optional) flags_possible_label_noise.tsv")
			fs.StringVar(&out, "out", filepath.Join("classifier", "model.bin"), "where to write the trained model")
			fs.StringVar(&outIndirect, "out-indirect", filepath.Join("classifier", "indirect.bin"),
				"where to write the indirect-injection model (tool results and documents); empty: do not train it")
			fs.StringVar(&heldout, "heldout", "",
				"JSONL of held-out examples to report on (none by default: classifier/data/heldout_v2.jsonl is meant to be scored once, at the end, with warden eval)")
			fs.Float64Var(&opts.L2, "l2", 0, "L2 regularisation strength (0: the default)")
			fs.UintVar(&opts.Bits, "bits", 0, "log2 of the number of hashed feature buckets (0: the default, 17)")
			fs.IntVar(&opts.Iterations, "iterations", 0, "maximum L-BFGS iterations (0: the default)")
			fs.Float64Var(&opts.MaxFPR, "max-fpr", 0.005,
				"highest false-positive rate on the benign validation texts allowed when the user model's threshold is chosen")
			fs.Float64Var(&maxFPRIndirect, "max-fpr-indirect", 0.01,
				"the same for the indirect-injection model")
			fs.StringVar(&goDocsRoot, "goroot", runtime.GOROOT(),
				"Go distribution whose documentation prose is used as benign long documents for the indirect model (empty: none)")
			fs.BoolVar(&noExtra, "no-hard-negatives", false, "train on the detection data set only, without warden's own hard negatives and attacks")
		},
		run: func(fs *flag.FlagSet, args []string) error {
			if len(args) > 0 {
				return usageErrorf("unexpected argument %q; train takes only flags", args[0])
			}
			return runTrain(dataDir, out, outIndirect, heldout, noExtra, opts, maxFPRIndirect)
		},
	})
}

func withoutCategory(ex []classifier.Example, cat string) []classifier.Example {
	out := make([]classifier.Example, 0, len(ex))
	for _, e := range ex {
		if e.Category != cat {
			out = append(out, e)
		}
	}
	return out
}

// splitValidation puts about pct% of ex (chosen by a hash of the text, so
// the split is stable) into the validation set.
func splitValidation(ex []classifier.Example, pct uint32) (train, val []classifier.Example) {
	for _, e := range ex {
		h := fnv.New32a()
		h.Write([]byte(e.Text))
		if h.Sum32()%100 < pct {
			val = append(val, e)
		} else {
			train = append(train, e)
		}
	}
	return train, val
}

// goDocsRoot is the Go distribution read by classifier.GoDocs.
var goDocsRoot string

// trainOutput is where the train command prints its report (tests swap it).
var trainOutput io.Writer = os.Stdout

// runTrain trains both models. The user model's threshold is held to a
// false-positive budget of opts.MaxFPR (0.5% by default) on the validation
// texts: on the hand-written held-out sets the false-positive rate ran two
// to four times the validation rate, and the goal is under 1% on unseen
// ordinary chat. The indirect model keeps maxFPRIndirect (1%): its score is
// combined with cues in the guard, which the guard's constants were tuned
// for.
func runTrain(dataDir, out, outIndirect, heldoutPath string, noExtra bool, opts classifier.TrainOptions, maxFPRIndirect float64) error {
	w := trainOutput
	trainPath := filepath.Join(dataDir, "train.jsonl")
	devPath := filepath.Join(dataDir, "dev.jsonl")
	for _, p := range []string{trainPath, devPath} {
		if _, err := os.Stat(p); err != nil {
			return fmt.Errorf("cannot read %s: %w; point --data at the directory holding train.jsonl and dev.jsonl", p, err)
		}
	}
	train, err := classifier.ReadJSONL(trainPath)
	if err != nil {
		return err
	}
	dev, err := classifier.ReadJSONL(devPath)
	if err != nil {
		return err
	}
	// The model scores what users type. The data set's indirect_injection
	// rows are documents with an inserted task ("What is the capital of
	// Brazil?") whose only fault is being out of place; as user input such
	// a task is ordinary, so they are not attacks for this model (the guard
	// scores tool results and documents with its indirect-injection rules).
	nAll := len(train)
	fullTrain, fullDev := train, dev
	train = withoutCategory(train, "indirect_injection")
	devDirect := withoutCategory(dev, "indirect_injection")
	var docTrain, docVal []classifier.Example
	if !noExtra {
		own := append(append(append(append(classifier.HardNegatives(), classifier.Attacks()...),
			classifier.GeneratedBenign()...), classifier.GeneratedAttacks()...), classifier.GeneratedV3()...)
		own = append(append(append(append(append(own, classifier.GeneratedV5()...), classifier.GeneratedV6()...), classifier.GeneratedV7()...), classifier.GeneratedV8()...), classifier.GeneratedV9()...)
		var val []classifier.Example
		opts.Extra, val = splitValidation(own, 15)
		// Ordinary documents pasted into a user message are ordinary too;
		// the planted ones stay out of the user model (a user pasting a
		// document is not the attacker; the data scan finds the plant).
		docTrain, docVal = splitValidation(append(append(append(classifier.Documents(), classifier.DocumentsV5()...), classifier.DocumentsV6()...), classifier.DocumentsV7()...), 15)
		for _, e := range docTrain {
			if e.Label == 0 {
				opts.Extra = append(opts.Extra, e)
			}
		}
		for _, e := range docVal {
			if e.Label == 0 {
				val = append(val, e)
			}
		}
		// Threshold and calibration: dev as the model should see it, a
		// split of Warden's own texts, and the first hand-written held-out
		// set (never trained on).
		opts.Validation = append(append(append([]classifier.Example(nil), devDirect...), val...), classifier.Heldout()...)
	}
	if heldoutPath != "" {
		if opts.Heldout, err = classifier.ReadJSONL(heldoutPath); err != nil {
			return err
		}
	}
	flags := filepath.Join(dataDir, "flags_possible_label_noise.tsv")
	if _, err := os.Stat(flags); err == nil {
		if opts.Noisy, err = classifier.ReadNoisyTexts(flags, trainPath); err != nil {
			return err
		}
	} else if !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("read label-noise flags: %w", err)
	}
	fmt.Fprintf(w, "training on %d examples from %s (%d indirect_injection rows left out; +%d of warden's own examples, %d flagged as possible label noise), validation %d, dev %d\n",
		len(train), trainPath, nAll-len(train), len(opts.Extra), len(opts.Noisy), len(opts.Validation), len(dev))
	start := time.Now()
	m, rep, err := classifier.Train(train, dev, opts)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if _, err := m.WriteTo(&buf); err != nil {
		return err
	}
	if err := os.WriteFile(out, buf.Bytes(), 0o644); err != nil {
		return fmt.Errorf("write model: %w; check that the directory of --out exists and is writable", err)
	}
	if err := rep.Write(w); err != nil {
		return err
	}
	fmt.Fprintf(w, "\nwrote %s (%d bytes) in %s\n", out, buf.Len(), time.Since(start).Round(time.Millisecond))
	if outIndirect == "" {
		return nil
	}
	// The indirect model reads data, not users: it keeps the data set's
	// indirect_injection rows (an out-of-place task inside a document is
	// the attack there) and is calibrated on the whole dev set plus the
	// same split of Warden's own texts.
	iopts := opts
	iopts.MaxFPR = maxFPRIndirect
	if !noExtra {
		var val []classifier.Example
		_, val = splitValidation(classifier.GeneratedBenign(), 15)
		iopts.Validation = append(append(append([]classifier.Example(nil), fullDev...), val...), docVal...)
		// Documents with instructions for their human readers next to the
		// same documents with an instruction planted for the AI.
		// (opts.Extra already holds the benign ones.)
		iopts.Extra = append([]classifier.Example(nil), iopts.Extra...)
		for _, e := range docTrain {
			if e.Label == 1 {
				iopts.Extra = append(iopts.Extra, e)
			}
		}
		// Long documents that instruct their human reader: without them
		// the model, whose only documents are the data set's few sources
		// and Warden's templates, flags a quarter of ordinary manuals.
		if goDocsRoot != "" {
			docs, err := classifier.GoDocs(goDocsRoot)
			if err != nil {
				return fmt.Errorf("read Go documentation under --goroot %s: %w; pass --goroot \"\" to train without it", goDocsRoot, err)
			}
			dtrain, dval := splitValidation(docs, 15)
			iopts.Extra = append(append([]classifier.Example(nil), iopts.Extra...), dtrain...)
			iopts.Validation = append(iopts.Validation, dval...)
			fmt.Fprintf(w, "+%d Go documentation chunks from %s (%d for validation)\n", len(docs), goDocsRoot, len(dval))
		}
	}
	fmt.Fprintf(w, "\n== indirect-injection model (tool results and documents) ==\n")
	start = time.Now()
	im, irep, err := classifier.Train(fullTrain, fullDev, iopts)
	if err != nil {
		return err
	}
	buf.Reset()
	if _, err := im.WriteTo(&buf); err != nil {
		return err
	}
	if err := os.WriteFile(outIndirect, buf.Bytes(), 0o644); err != nil {
		return fmt.Errorf("write indirect model: %w; check that the directory of --out-indirect exists and is writable", err)
	}
	if err := irep.Write(w); err != nil {
		return err
	}
	fmt.Fprintf(w, "\nwrote %s (%d bytes) in %s\n", outIndirect, buf.Len(), time.Since(start).Round(time.Millisecond))
	return nil
}
