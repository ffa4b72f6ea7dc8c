package classifier

import (
	"bufio"
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// Example is one labelled text: Label 1 is an injection/jailbreak attempt,
// 0 is benign. Category and Source are kept for per-category metrics.
type Example struct {
	Text     string `json:"text"`
	Label    int    `json:"label"`
	Category string `json:"category"`
	Source   string `json:"source"`
	// Planted is, in a document with an instruction planted for the AI
	// that reads it, that instruction as it appears in Text (optional;
	// classifier/data/authored11_*).
	Planted string `json:"planted,omitempty"`
}

// ReadJSONL reads one Example per line (`{"text","label","category","source"}`).
func ReadJSONL(path string) ([]Example, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("read examples: %w", err)
	}
	defer f.Close()
	ex, err := decodeJSONL(f)
	if err != nil {
		return nil, fmt.Errorf("read examples %s: %w", path, err)
	}
	return ex, nil
}

func decodeJSONL(r io.Reader) ([]Example, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 1<<20), 64<<20)
	var out []Example
	line := 0
	for sc.Scan() {
		line++
		b := bytes.TrimSpace(sc.Bytes())
		if len(b) == 0 {
			continue
		}
		var e Example
		if err := json.Unmarshal(b, &e); err != nil {
			return nil, fmt.Errorf("line %d: %w", line, err)
		}
		if e.Label != 0 && e.Label != 1 {
			return nil, fmt.Errorf("line %d: label is %d, want 0 (benign) or 1 (attack)", line, e.Label)
		}
		out = append(out, e)
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	return out, nil
}

// ReadNoisyTexts reads a flags TSV (columns file, line, ...; the
// flags_possible_label_noise.tsv of the detection data set) and returns the
// texts of the flagged lines of jsonlPath, for TrainOptions.Noisy.
func ReadNoisyTexts(tsvPath, jsonlPath string) (map[string]bool, error) {
	tsv, err := os.ReadFile(tsvPath)
	if err != nil {
		return nil, fmt.Errorf("read label-noise flags: %w", err)
	}
	base := filepath.Base(jsonlPath)
	lines := map[int]bool{}
	for i, row := range strings.Split(string(tsv), "\n") {
		cols := strings.Split(row, "\t")
		if i == 0 || len(cols) < 2 || cols[0] != base {
			continue
		}
		n, err := strconv.Atoi(cols[1])
		if err != nil {
			return nil, fmt.Errorf("read label-noise flags %s: row %d: bad line number %q", tsvPath, i+1, cols[1])
		}
		lines[n] = true
	}
	f, err := os.Open(jsonlPath)
	if err != nil {
		return nil, fmt.Errorf("read label-noise flags: %w", err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 0, 1<<20), 64<<20)
	out := map[string]bool{}
	for n := 1; sc.Scan(); n++ {
		if !lines[n] {
			continue
		}
		var e Example
		if err := json.Unmarshal(sc.Bytes(), &e); err != nil {
			return nil, fmt.Errorf("read label-noise flags: %s line %d: %w", jsonlPath, n, err)
		}
		out[e.Text] = true
	}
	return out, sc.Err()
}

//go:embed data/hard_negatives.jsonl
var hardNegativesJSONL []byte

//go:embed data/attacks.jsonl
var attacksJSONL []byte

//go:embed data/heldout.jsonl
var heldoutJSONL []byte

//go:embed data/benign_v2.jsonl
var benignV2JSONL []byte

//go:embed data/attacks_v2.jsonl
var attacksV2JSONL []byte

//go:embed data/benign_v3.jsonl
var benignV3JSONL []byte

//go:embed data/attacks_v3.jsonl
var attacksV3JSONL []byte

// GeneratedV3 returns the third round of Warden's own training texts
// (classifier/data/attacks_v3.jsonl and benign_v3.jsonl, written by the
// helper that wrote heldout_v3 but in other words): instruction overrides
// in twelve languages next to ordinary requests in the same languages
// that use the same verbs ("forget my last question"), polite overrides,
// payload splitting, and short business messages that retire old rules.
func GeneratedV3() []Example {
	return append(mustDecode(attacksV3JSONL, "data/attacks_v3.jsonl"), mustDecode(benignV3JSONL, "data/benign_v3.jsonl")...)
}

//go:embed data/benign_v5.jsonl
var benignV5JSONL []byte

//go:embed data/attacks_v5.jsonl
var attacksV5JSONL []byte

// GeneratedV5 returns the fifth round of Warden's own training texts
// (classifier/data/attacks_v5.jsonl and benign_v5.jsonl, written by `go run
// ./classifier/gendata`): overrides without the usual keywords, authority
// claims, polite requests, role-play worlds without laws, natural requests
// for the hidden instructions, refusal suppression, payload splitting and
// notes to the AI in pasted text, in twenty languages; and code and
// configuration full of role names, questions about building chatbots,
// security writing that quotes attacks, business instructions to people,
// style preferences, harmless hypotheticals and role-play, and ordinary
// chat in the same languages using the same verbs.
func GeneratedV5() []Example {
	return append(mustDecode(attacksV5JSONL, "data/attacks_v5.jsonl"), mustDecode(benignV5JSONL, "data/benign_v5.jsonl")...)
}

//go:embed data/benign_v6.jsonl
var benignV6JSONL []byte

//go:embed data/attacks_v6.jsonl
var attacksV6JSONL []byte

// GeneratedV6 returns the round-6 texts (classifier/data/attacks_v6.jsonl
// and benign_v6.jsonl, written by `go run ./classifier/gendata`): attacks in
// Hindi, Korean, Japanese, Turkish, Arabic, Vietnamese and mixed language,
// claims of a changed configuration, task hijacking inside translate or
// proofread requests, trigger words and extraction by checklist, each with
// benign texts in the same frames.
func GeneratedV6() []Example {
	return append(mustDecode(attacksV6JSONL, "data/attacks_v6.jsonl"), mustDecode(benignV6JSONL, "data/benign_v6.jsonl")...)
}

//go:embed data/benign_v7.jsonl
var benignV7JSONL []byte

//go:embed data/attacks_v7.jsonl
var attacksV7JSONL []byte

//go:embed data/documents_v7.jsonl
var documentsV7JSONL []byte

// GeneratedV7 returns the round-7 user texts (classifier/data/attacks_v7.jsonl
// and benign_v7.jsonl, written by `go run ./classifier/gendata`): scopes
// widened by hearsay, instructions relayed from a team, terse overrides,
// notes in pasted text, many-shot priming, string composition, screenplays
// and characters demanding harm, named no-caveat modes, extraction games and
// acrostics, each next to benign texts in the same frames.
func GeneratedV7() []Example {
	return append(mustDecode(attacksV7JSONL, "data/attacks_v7.jsonl"), mustDecode(benignV7JSONL, "data/benign_v7.jsonl")...)
}

// DocumentsV7 returns the round-7 documents (classifier/data/documents_v7.jsonl):
// meeting notes, commit messages, SVG metadata, forum posts and tool results
// with a note to whatever processes them, next to the same documents with
// notes for people.
func DocumentsV7() []Example { return mustDecode(documentsV7JSONL, "data/documents_v7.jsonl") }

//go:embed data/benign_v8.jsonl
var benignV8JSONL []byte

//go:embed data/attacks_v8.jsonl
var attacksV8JSONL []byte

// GeneratedV8 returns the round-8 texts (classifier/data/attacks_v8.jsonl and
// benign_v8.jsonl, written by `go run ./classifier/gendata`): enterprise-bot
// settings, with social engineering aimed at a bot's brief (refunds, credits,
// other customers' data, claimed approvals, urgency, fake notices and tool
// output) next to ordinary customer chat in the same frames (questions about
// the bot, complaints, requests to summarise a thread, honest requests).
func GeneratedV8() []Example {
	return append(mustDecode(attacksV8JSONL, "data/attacks_v8.jsonl"), mustDecode(benignV8JSONL, "data/benign_v8.jsonl")...)
}

//go:embed data/benign_v9.jsonl
var benignV9JSONL []byte

//go:embed data/attacks_v9.jsonl
var attacksV9JSONL []byte

// GeneratedV9 returns the round-9 texts (classifier/data/attacks_v9.jsonl and
// benign_v9.jsonl, written by `go run ./classifier/gendata`): customers asking
// about the bot, its maker, its rules and limits, long complaints, bot
// configurations and prompt templates as code and security writing that
// quotes payloads (benign), next to social engineering aimed at a bot's brief
// and extraction disguised as help in the same settings (attacks).
func GeneratedV9() []Example {
	return append(mustDecode(attacksV9JSONL, "data/attacks_v9.jsonl"), mustDecode(benignV9JSONL, "data/benign_v9.jsonl")...)
}

//go:embed data/documents_v6.jsonl
var documentsV6JSONL []byte

// DocumentsV6 returns the round-6 documents (classifier/data/documents_v6.jsonl,
// written by `go run ./classifier/gendocs`): tickets, leaflets, reviews,
// notes and READMEs in several languages with a note to an AI named in the
// third person, next to the same documents with notes for people or benign
// notes for AI tools.
func DocumentsV6() []Example { return mustDecode(documentsV6JSONL, "data/documents_v6.jsonl") }

//go:embed data/documents_v4.jsonl
var documentsV4JSONL []byte

// Documents returns Warden's generated documents
// (classifier/data/documents_v4.jsonl, written by `go run
// ./classifier/gendocs`): ordinary policies, notices, manuals, recipes,
// FAQs, e-mails and tool results full of instructions to their human
// readers (label 0, category "document"), and the same kinds of documents
// with an instruction planted for the AI that reads them (label 1,
// category "indirect_injection").
func Documents() []Example { return mustDecode(documentsV4JSONL, "data/documents_v4.jsonl") }

//go:embed data/documents_v5.jsonl
var documentsV5JSONL []byte

// DocumentsV5 returns the round-5 generated documents
// (classifier/data/documents_v5.jsonl, written by `go run
// ./classifier/gendocs`): ordinary documents about AI (usage policies,
// course notes, prompt-writing guides, awareness newsletters, release
// notes, API references) and exam papers, support macros, minutes, CVs and
// questionnaires (label 0), and the same with an instruction planted for
// the AI in footers, alt text, reviewer notes, table cells or metadata
// (label 1, category "indirect_injection").
func DocumentsV5() []Example { return mustDecode(documentsV5JSONL, "data/documents_v5.jsonl") }

//go:embed data/heldout_v2.jsonl
var heldoutV2JSONL []byte

// GeneratedBenign returns Warden's generated benign texts
// (classifier/data/benign_v2.jsonl, written by `go run ./classifier/gendata`):
// everyday questions, coding questions and code, configuration files with
// placeholder keys, repeat/translate/summarise requests, role-play and
// persona requests, support chats, e-mails, documents, tables and logs,
// security writing and benign system-prompt-like instructions, in several
// languages. The detection data set's benign side is mostly templated NLP
// prompts; these teach the model what ordinary traffic looks like.
func GeneratedBenign() []Example { return mustDecode(benignV2JSONL, "data/benign_v2.jsonl") }

// GeneratedAttacks returns Warden's generated attacks
// (classifier/data/attacks_v2.jsonl): short overrides inside ordinary
// requests, polite phrasing, other languages, role-play jailbreaks, refusal
// suppression, payload splitting, fake chat-template tokens, natural
// prompt-leak requests and injections inside pasted text.
func GeneratedAttacks() []Example { return mustDecode(attacksV2JSONL, "data/attacks_v2.jsonl") }

// HeldoutV2 returns the second hand-written held-out set
// (classifier/data/heldout_v2.jsonl): 312 benign texts in many styles and
// 207 attacks, written before and apart from the generators. It is never
// trained on and never used to choose the threshold.
func HeldoutV2() []Example { return mustDecode(heldoutV2JSONL, "data/heldout_v2.jsonl") }

// HardNegatives returns Warden's own hand-written benign texts that look like
// attacks to a naive model (security writing about prompt injection, benign
// role-play, "ignore the noise" phrasing, ...). `warden train` adds them to
// the training data.
func HardNegatives() []Example { return mustDecode(hardNegativesJSONL, "data/hard_negatives.jsonl") }

// Attacks returns Warden's own attack texts, written from a small grammar of
// instruction overrides, authority claims, persona jailbreaks, fictional
// framing, system-prompt extraction, injections hidden in benign documents,
// translations and obfuscations. The detection data set has few styles of
// each; these broaden them. `warden train` adds them to the training data.
func Attacks() []Example { return mustDecode(attacksJSONL, "data/attacks.jsonl") }

// Heldout returns Warden's own hand-written attacks and benign texts in other
// styles than the training data. They are never trained on; `warden train`
// reports metrics on them as a proxy for unseen data.
func Heldout() []Example { return mustDecode(heldoutJSONL, "data/heldout.jsonl") }

func mustDecode(b []byte, name string) []Example {
	ex, err := decodeJSONL(bytes.NewReader(b))
	if err != nil {
		panic("classifier: embedded " + name + ": " + err.Error())
	}
	return ex
}
