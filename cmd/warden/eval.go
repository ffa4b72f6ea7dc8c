package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
	"time"

	"github.com/wardenhq/warden/guard"
)

// The eval command measures the AIDR engine on a labelled JSONL file: each
// text goes through the same input check the gateway runs, and the command
// prints precision, recall, F1, false-positive rate and balanced accuracy,
// overall and per category, with the scan latency.
func init() {
	var data, detectors, as string
	var showErrors int
	register(&command{
		name:    "eval",
		summary: "measure the attack detectors on a labelled JSONL file",
		usage:   "eval --data FILE.jsonl [--detector ID[,ID...]] [--as auto|user|document|tool] [--show-errors N]",
		setup: func(fs *flag.FlagSet) {
			fs.StringVar(&data, "data", "", `JSONL file of {"text","label","category"} records (label 1 = attack)`)
			fs.StringVar(&detectors, "detector", "",
				"detector ids whose detections count as \"attack\" (default: the injection family: "+strings.Join(defaultEvalDetectors, ",")+")")
			fs.StringVar(&as, "as", "auto", "scan each text as a user message (user), a retrieved document (document) or a tool result (tool); "+
				"auto: records of category indirect_injection or document as retrieved documents, the others as user messages")
			fs.IntVar(&showErrors, "show-errors", 0, "print up to N misclassified records of each kind")
		},
		run: func(fs *flag.FlagSet, args []string) error {
			if len(args) > 0 {
				return usageErrorf("unexpected argument %q; eval takes only flags", args[0])
			}
			if data == "" {
				return usageErrorf("--data is required: a JSONL file of {\"text\",\"label\",\"category\"} records")
			}
			var src guard.Source
			switch as {
			case "auto":
				src = sourceAuto
			case "user":
				src = guard.SourceUser
			case "document":
				src = guard.SourceDocument
			case "tool":
				src = guard.SourceTool
			default:
				return usageErrorf("--as %q: use auto, user, document or tool", as)
			}
			ids := defaultEvalDetectors
			if detectors != "" {
				ids = strings.Split(detectors, ",")
				known := map[string]bool{}
				for _, id := range guard.DetectorIDs() {
					known[id] = true
				}
				for _, id := range ids {
					if !known[id] {
						return usageErrorf("--detector %q is not a detector; known: %s", id, strings.Join(guard.DetectorIDs(), ", "))
					}
				}
			}
			return runEval(evalOutput, data, ids, src, showErrors)
		},
	})
}

// evalOutput is where eval prints its report (tests swap it).
var evalOutput io.Writer = os.Stdout

// sourceAuto picks the source per record from its category: the category
// says where the text comes from (a document with a planted task is an
// attack in a retrieved document, not when a user types it).
const sourceAuto guard.Source = -1

// docCategories are the categories eval --as auto scans as documents.
var docCategories = map[string]bool{"indirect_injection": true, "document": true}

func recordSource(as guard.Source, category string) guard.Source {
	if as != sourceAuto {
		return as
	}
	if docCategories[category] {
		return guard.SourceDocument
	}
	return guard.SourceUser
}

var defaultEvalDetectors = []string{guard.DetPromptInjection, guard.DetJailbreak, guard.DetIndirectInjection,
	guard.DetSystemPromptExtract, guard.DetObfuscation}

type evalRecord struct {
	Text     string `json:"text"`
	Label    *int   `json:"label"`
	Category string `json:"category"`
}

// evalCounts is a confusion matrix.
type evalCounts struct{ tp, fp, tn, fn int }

func (c *evalCounts) add(label, pred bool) {
	switch {
	case label && pred:
		c.tp++
	case label:
		c.fn++
	case pred:
		c.fp++
	default:
		c.tn++
	}
}

// metric formats a ratio, or "n/a" when it is undefined for the data.
func metric(v float64, defined bool) string {
	if !defined {
		return "n/a"
	}
	return fmt.Sprintf("%.3f", v)
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

func readEvalRecords(path string) ([]evalRecord, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("cannot open --data file: %w", err)
	}
	defer f.Close()
	var recs []evalRecord
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	line := 0
	for sc.Scan() {
		line++
		b := strings.TrimSpace(sc.Text())
		if b == "" {
			continue
		}
		var r evalRecord
		if err := json.Unmarshal([]byte(b), &r); err != nil {
			return nil, fmt.Errorf("%s line %d: not a JSON record: %w", path, line, err)
		}
		if r.Label == nil || (*r.Label != 0 && *r.Label != 1) {
			return nil, fmt.Errorf("%s line %d: \"label\" must be 0 (benign) or 1 (attack)", path, line)
		}
		if r.Category == "" {
			r.Category = "(none)"
		}
		recs = append(recs, r)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("reading %s: %w", path, err)
	}
	if len(recs) == 0 {
		return nil, errors.New("the --data file has no records")
	}
	return recs, nil
}

func runEval(w io.Writer, path string, ids []string, src guard.Source, showErrors int) error {
	recs, err := readEvalRecords(path)
	if err != nil {
		return err
	}
	// Defaults (detect everything) without the burst limit, which would
	// fire on a file scanned in a loop.
	cfg := guard.DefaultConfig()
	cfg.Limits.BurstRPM = 0
	eng, err := guard.New(cfg, guard.Options{})
	if err != nil {
		return err
	}
	count := map[string]bool{}
	for _, id := range ids {
		count[id] = true
	}
	var all evalCounts
	perCat := map[string]*evalCounts{}
	lat := make([]time.Duration, 0, len(recs))
	var fps, fns []string
	for _, r := range recs {
		rs := recordSource(src, r.Category)
		in := &guard.Input{Segments: []guard.Segment{{Role: "user", Source: rs, Text: r.Text}}, Requester: "eval"}
		if rs != guard.SourceUser {
			in.Segments[0].Role = "tool"
		}
		t0 := time.Now()
		d := eng.CheckInput(in)
		lat = append(lat, time.Since(t0))
		pred := false
		for _, det := range d.Detections {
			if count[det.DetectorID] {
				pred = true
				break
			}
		}
		label := *r.Label == 1
		all.add(label, pred)
		c := perCat[r.Category]
		if c == nil {
			c = &evalCounts{}
			perCat[r.Category] = c
		}
		c.add(label, pred)
		if label && !pred && len(fns) < showErrors {
			fns = append(fns, r.Category+": "+oneLine(r.Text))
		}
		if !label && pred && len(fps) < showErrors {
			fps = append(fps, r.Category+": "+oneLine(r.Text)+"  <- "+detList(d))
		}
	}
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	pct := func(p float64) time.Duration { return lat[min(len(lat)-1, int(p*float64(len(lat))))] }

	prec := ratio(all.tp, all.tp+all.fp)
	rec := ratio(all.tp, all.tp+all.fn)
	f1 := 0.0
	if prec+rec > 0 {
		f1 = 2 * prec * rec / (prec + rec)
	}
	fpr := ratio(all.fp, all.fp+all.tn)
	tnr := ratio(all.tn, all.fp+all.tn)
	how := src.String()
	if src == sourceAuto {
		nd := 0
		for _, r := range recs {
			if recordSource(src, r.Category) != guard.SourceUser {
				nd++
			}
		}
		how = fmt.Sprintf("auto: %d as document (categories indirect_injection, document), %d as user", nd, len(recs)-nd)
	}
	fmt.Fprintf(w, "warden eval: %s (%d records, scanned as %s; attack = detection by %s)\n\n", path, len(recs), how, strings.Join(ids, ","))
	// A metric whose denominator is empty is "n/a", not 0: a file of attacks
	// only has no false-positive rate, and its balanced accuracy is unknown.
	hasPos, hasNeg := all.tp+all.fn > 0, all.fp+all.tn > 0
	fmt.Fprintf(w, "overall   precision %s  recall %s  F1 %s  FPR %s  balanced accuracy %s\n",
		metric(prec, all.tp+all.fp > 0), metric(rec, hasPos), metric(f1, hasPos && all.tp+all.fp > 0),
		metric(fpr, hasNeg), metric((rec+tnr)/2, hasPos && hasNeg))
	fmt.Fprintf(w, "          TP %d  FP %d  TN %d  FN %d\n\n", all.tp, all.fp, all.tn, all.fn)
	cats := make([]string, 0, len(perCat))
	for c := range perCat {
		cats = append(cats, c)
	}
	// Attack categories first, then benign ones, then those with both
	// labels (a category names where a text comes from, e.g. "email",
	// which may hold benign e-mails and e-mails with a planted task).
	rank := func(c *evalCounts) int {
		pos, neg := c.tp+c.fn > 0, c.fp+c.tn > 0
		switch {
		case pos && neg:
			return 2
		case neg:
			return 1
		}
		return 0
	}
	sort.Slice(cats, func(i, j int) bool {
		if ri, rj := rank(perCat[cats[i]]), rank(perCat[cats[j]]); ri != rj {
			return ri < rj
		}
		return cats[i] < cats[j]
	})
	fmt.Fprintf(w, "%-22s %6s  %s\n", "category", "n", "result")
	for _, name := range cats {
		c := perCat[name]
		n := c.tp + c.fp + c.tn + c.fn
		var parts []string
		if c.tp+c.fn > 0 {
			parts = append(parts, fmt.Sprintf("recall %.3f (missed %d)", ratio(c.tp, c.tp+c.fn), c.fn))
		}
		if c.fp+c.tn > 0 {
			parts = append(parts, fmt.Sprintf("false positive rate %.3f (%d flagged)", ratio(c.fp, c.fp+c.tn), c.fp))
		}
		fmt.Fprintf(w, "%-22s %6d  %s\n", name, n, strings.Join(parts, "; "))
	}
	fmt.Fprintf(w, "\nscan latency per record: p50 %v  p99 %v  max %v\n", pct(0.50).Round(time.Microsecond/10),
		pct(0.99).Round(time.Microsecond/10), lat[len(lat)-1].Round(time.Microsecond/10))
	if len(fns) > 0 {
		fmt.Fprintln(w, "\nmissed attacks:")
		for _, s := range fns {
			fmt.Fprintln(w, "  "+s)
		}
	}
	if len(fps) > 0 {
		fmt.Fprintln(w, "\nfalse positives:")
		for _, s := range fps {
			fmt.Fprintln(w, "  "+s)
		}
	}
	return nil
}

func detList(d guard.Decision) string {
	var s []string
	for _, det := range d.Detections {
		if det.Entity != "" {
			// The rule or cue that decided: what a user tuning a policy
			// needs to see next to a false positive.
			s = append(s, fmt.Sprintf("%s(%.2f %s)", det.DetectorID, det.Score, det.Entity))
			continue
		}
		s = append(s, fmt.Sprintf("%s(%.2f)", det.DetectorID, det.Score))
	}
	return strings.Join(s, " ")
}

func oneLine(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > 160 {
		s = string(r[:160]) + "…"
	}
	return s
}
