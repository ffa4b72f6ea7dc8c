package classifier

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Reader windows: the sentences of a document that name an AI reader,
// each with the sentence after it. The guard scores them one by one with
// the indirect model (guard/window.go), and the indirect model is trained
// on them (cmd/warden/train.go), so both find the windows here.

// ReaderKind is what a sentence names: no AI reader, a word that names
// people or things too ("agent", "assistant", "model", "tool"), or a word
// that names only a machine ("AI", "chatbot", "LLM").
type ReaderKind int

// The reader kinds, weakest first.
const (
	NamesNone ReaderKind = iota
	NamesRole
	NamesAI
)

// ReaderWindows calls f with the byte span [start, end) of each window of
// text: a sentence that names an AI reader (outside the quotations the text
// reports, see DropReported) and the sentence after it, mid being the end
// of the naming sentence and kind what it names; in order, until f returns
// false.
func ReaderWindows(text string, f func(start, mid, end int, kind ReaderKind) bool) {
	ps, pm := -1, 0 // the last sentence, when it names an AI
	var pk ReaderKind
	stopped := false
	sentences(text, func(s, e int) bool {
		if ps >= 0 && !f(ps, pm, e, pk) {
			stopped = true
			return false
		}
		ps, pm = -1, 0
		if k := namesReader(DropReported(text[s:e])); k != NamesNone {
			ps, pm, pk = s, e, k
		}
		return true
	})
	if ps >= 0 && !stopped {
		f(ps, pm, pm, pk) // the last sentence has no sentence after it
	}
}

// readerNouns are the lower-case words that name an AI reader: true for
// the words that name only a machine, false for the ones that also name
// people or things ("agent", "assistant", "model", "tool"), whose windows
// must convince the model more (guard: windowSureRole).
var readerNouns = map[string]bool{}

func init() {
	for _, w := range []string{"ai", "llm", "llms", "gpt", "copilot", "chatbot", "chatbots", "bot", "bots",
		"summariser", "summarisers", "summarizer", "summarizers", "ki", "ia", "ии", "бот",
		// Ukrainian ШІ, "neural network", Hindi and Bengali "AI", bot in
		// Hindi, Bengali, Arabic, Hebrew and Persian, and "artificial" of
		// artificial intelligence in Arabic, Hebrew and Persian
		"ші", "нейросеть", "нейромережа", "एआई", "बॉट", "এআই", "বট", "بوت", "روبوت", "الروبوت", "בוט", "הבוט",
		"ربات", "الاصطناعي", "מלאכותית", "مصنوعی"} {
		readerNouns[w] = true
	}
	for _, w := range []string{"assistant", "assistants", "agent", "agents", "model", "models", "tool", "tools", "software",
		"assistente", "asistente", "assistent", "ассистент", "ассистента", "ассистенту", "асистент", "асистента",
		"помощник", "помічник", "asystent", "asystenta", "asistent", "asistentul", "asisten", "asistan", "asistanı",
		"asszisztens", "msaidizi", "agente", "agenten", "modell", "modèle", "modelo", "modello",
		"βοηθός", "المساعد", "مساعد", "עוזר", "دستیار", "सहायक", "সহকারী"} {
		readerNouns[w] = false
	}
	for w := range readerNouns {
		nounHashes[fnv32(w)&(uint32(len(nounHashes))-1)] = true
	}
}

// nounHashes marks the FNV-1a hashes (masked) of the reader nouns: a word
// whose hash is not marked is not one, without the map lookup that would
// hash it again (every word of every document is asked).
var nounHashes [1 << 12]bool

// FNV-1a, 32 bits: namesReader hashes each word as it grows.
const fnvOffset, fnvPrime = 2166136261, 16777619

func fnv32(s string) uint32 {
	h := uint32(fnvOffset)
	for i := 0; i < len(s); i++ {
		h = (h ^ uint32(s[i])) * fnvPrime
	}
	return h
}

// readerNoun reports whether the lower-case word w, whose FNV-1a hash is h,
// names an AI reader, and whether it names only a machine.
func readerNoun(w []byte, h uint32) (reader, machine bool) {
	if !nounHashes[h&(uint32(len(nounHashes))-1)] {
		return false, false
	}
	machine, reader = readerNouns[string(w)]
	return reader, machine
}

// readerNounsWide name an AI in scripts written without spaces between
// words (CJK, Thai; Korean too, which splits words differently), found as
// substrings: machine nouns first.
var readerNounsWide = []struct {
	w       string
	machine bool
}{
	{"ＡＩ", true}, {"人工智能", true}, {"人工智慧", true}, {"机器人", true}, {"機器人", true}, {"チャットボット", true},
	{"ボット", true}, {"챗봇", true}, {"인공지능", true}, {"แชทบอท", true}, {"บอท", true}, {"เอไอ", true},
	// "assistant" in Chinese, Japanese and Korean names the AI assistant
	// far more often than a person in the texts an AI reads
	{"助手", true}, {"アシスタント", true}, {"어시스턴트", true},
	{"ผู้ช่วย", false},
}

// wideRune reports a character of a script written without spaces between
// words.
func wideRune(r rune) bool { return r >= 0x2E80 || r >= 0x0E00 && r <= 0x0E7F }

// sentenceStop ends a sentence: . ! ? and their CJK forms, and line ends.
func sentenceStop(r rune) bool {
	switch r {
	case '.', '!', '?', '\n', '。', '！', '？':
		return true
	}
	return false
}

// sentences splits text into sentences, each with the stop characters that
// end it, and calls f with each one's byte span until f returns false.
func sentences(text string, f func(start, end int) bool) {
	i := 0
	for i < len(text) {
		start := i
		for i < len(text) {
			if c := text[i]; c < utf8.RuneSelf { // ASCII: no decoding
				if (c == '.' || c == '!' || c == '?' || c == '\n') && !innerDot(text, i) {
					break
				}
				i++
				continue
			}
			r, n := utf8.DecodeRuneInString(text[i:])
			if sentenceStop(r) {
				break
			}
			i += n
		}
		if i == start { // a stop with no sentence before it
			_, n := utf8.DecodeRuneInString(text[i:])
			i += n
			continue
		}
		for i < len(text) {
			r, n := utf8.DecodeRuneInString(text[i:])
			if !sentenceStop(r) {
				break
			}
			i += n
		}
		if !f(start, i) {
			return
		}
	}
}

// innerDot reports whether text[i] is a full stop inside a sentence: one
// followed by a letter or digit ("12.50", "example.com", "e.g."), or one
// after a title or a common abbreviation followed by a space ("Dr. Osei").
func innerDot(text string, i int) bool {
	if text[i] != '.' || i+1 >= len(text) {
		return false
	}
	if c := text[i+1]; c != ' ' && c != '\t' && c != '\n' && c != '\r' && c != '"' && c != '\'' && c != ')' && c != ']' {
		return c != '.' // "..." ends a sentence
	}
	w := i
	for w > 0 && isASCIILetter(text[w-1]) {
		w--
	}
	if text[i+1] != ' ' {
		return false
	}
	for _, a := range abbreviations {
		if strings.EqualFold(text[w:i], a) {
			return true
		}
	}
	return false
}

// abbreviations end with a full stop that does not end the sentence.
var abbreviations = []string{"dr", "mr", "mrs", "ms", "st", "no", "vs", "etc", "inc", "ltd", "co", "jr", "sr", "prof", "approx", "fig", "ca"}

// namesReader reports what kind of reader noun s names, the strongest.
func namesReader(s string) ReaderKind {
	var buf [32]byte
	n := 0        // bytes of the current word in buf
	long := false // the current word is longer than any reader noun
	wide := false // s has characters of scripts written without spaces
	h := uint32(fnvOffset)
	found := NamesNone
	// Written without a closure for the word's end: this loop sees every
	// byte of every document, and captured variables live in memory.
	for i := 0; i <= len(s) && found < NamesAI; {
		var c byte
		if i < len(s) {
			c = s[i]
		}
		letter := false
		switch {
		case i == len(s):
			i++
		case c < utf8.RuneSelf:
			i++
			if lc := c | 0x20; lc >= 'a' && lc <= 'z' {
				c, letter = lc, true
			} else {
				letter = c >= '0' && c <= '9'
			}
			if letter {
				if n == len(buf) {
					long = true
				} else if !long {
					buf[n] = c
					n++
					h = (h ^ uint32(c)) * fnvPrime
				}
				continue
			}
		default:
			r, size := utf8.DecodeRuneInString(s[i:])
			i += size
			if wideRune(r) {
				// "生成AI", "AI助手": the wide script ends the word; its own
				// words are found as substrings below
				wide = true
			} else if unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r) { // marks: Devanagari vowel signs
				l := unicode.ToLower(r)
				if n+utf8.RuneLen(l) > len(buf) {
					long = true
				} else if !long {
					for _, b := range utf8.AppendRune(buf[n:n], l) {
						h = (h ^ uint32(b)) * fnvPrime
					}
					n += utf8.RuneLen(l)
				}
				continue
			}
		}
		// the end of a word
		if n > 0 && !long {
			if reader, machine := readerNoun(buf[:n], h); reader {
				found = max(found, NamesRole)
				if machine {
					found = NamesAI
				}
			}
		}
		n, long, h = 0, false, fnvOffset
	}
	for _, w := range readerNounsWide {
		if !wide || found == NamesAI || !w.machine && found == NamesRole {
			break
		}
		if strings.Contains(s, w.w) {
			found = max(found, NamesRole)
			if w.machine {
				found = NamesAI
			}
		}
	}
	return found
}

// quoteMeta are the words that introduce a quotation the text reports
// rather than says: `a line saying "AI assistant: forward ..."`.
var quoteMeta = []string{"say", "says", "said", "saying", "such as", "like", "containing", "contains", "e.g.",
	"reads", "wrote", "text", "line", "phrase", "example", "string"}

// DropReported returns s without the quotations that a quoteMeta word
// introduces (to the closing quote, or to the end of s).
func DropReported(s string) string {
	// (strings.ContainsAny with non-ASCII characters decodes every rune:
	// three byte searches are faster)
	if strings.IndexByte(s, '"') < 0 && !strings.Contains(s, "“") && !strings.Contains(s, "«") {
		return s
	}
	var b strings.Builder
	from, dropped := 0, false
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		var closer rune
		switch r {
		case '"':
			closer = '"'
		case '“':
			closer = '”'
		case '«':
			closer = '»'
		}
		if closer == 0 || !reportedBy(s[:i]) {
			i += n
			continue
		}
		j := strings.IndexRune(s[i+n:], closer)
		end := len(s)
		if j >= 0 {
			end = i + n + j + utf8.RuneLen(closer)
		}
		b.WriteString(s[from:i])
		from, i, dropped = end, end, true
	}
	if !dropped {
		return s
	}
	b.WriteString(s[from:])
	return b.String()
}

// reportedBy reports whether pre ends with a quoteMeta word.
func reportedBy(pre string) bool {
	pre = strings.TrimRight(pre, " \t:,")
	for _, m := range quoteMeta {
		if len(pre) >= len(m) && strings.EqualFold(pre[len(pre)-len(m):], m) &&
			(len(pre) == len(m) || !isASCIILetter(pre[len(pre)-len(m)-1])) {
			return true
		}
	}
	return false
}

func isASCIILetter(b byte) bool { return b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' }
