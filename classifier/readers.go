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

// readerNoun reports whether the lower-case word w names an AI reader, and
// whether it names only a machine: "agent", "assistant", "model" and
// "tool" also name people and things, so their windows must convince the
// model more (guard: windowSureRole). A switch, not a map: it is asked of every
// word of a document, and hashing each word cost more than the rest of the
// windows' search.
func readerNoun(w string) (reader, machine bool) {
	switch w {
	case "ai", "llm", "llms", "gpt", "copilot", "chatbot", "chatbots", "bot", "bots",
		"summariser", "summarisers", "summarizer", "summarizers", "ki", "ia", "ии", "бот",
		// Ukrainian ШІ, "neural network", Hindi and Bengali "AI", bot in
		// Hindi, Bengali, Arabic, Hebrew and Persian, and "artificial" of
		// artificial intelligence in Arabic, Hebrew and Persian
		"ші", "нейросеть", "нейромережа", "एआई", "बॉट", "এআই", "বট", "بوت", "روبوت", "الروبوت", "בוט", "הבוט",
		"ربات", "الاصطناعي", "מלאכותית", "مصنوعی":
		return true, true
	case "assistant", "assistants", "agent", "agents", "model", "models", "tool", "tools", "software",
		"assistente", "asistente", "assistent", "ассистент", "ассистента", "ассистенту", "асистент", "асистента",
		"помощник", "помічник", "asystent", "asystenta", "asistent", "asistentul", "asisten", "asistan", "asistanı",
		"asszisztens", "msaidizi", "agente", "agenten", "modell", "modèle", "modelo", "modello",
		"βοηθός", "المساعد", "مساعد", "עוזר", "دستیار", "सहायक", "সহকারী":
		return true, false
	}
	return false, false
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
			r, n := utf8.DecodeRuneInString(text[i:])
			if sentenceStop(r) && !innerDot(text, i) {
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
	switch strings.ToLower(text[w:i]) {
	case "dr", "mr", "mrs", "ms", "st", "no", "vs", "etc", "inc", "ltd", "co", "jr", "sr", "prof", "approx", "fig", "ca":
		return text[i+1] == ' '
	}
	return false
}

// namesReader reports what kind of reader noun s names, the strongest.
func namesReader(s string) ReaderKind {
	var buf [32]byte
	word := buf[:0]
	long := false // the current word is longer than any reader noun
	wide := false // s has characters of scripts written without spaces
	found := NamesNone
	end := func() {
		if !long && len(word) > 0 {
			if reader, machine := readerNoun(string(word)); reader {
				found = max(found, NamesRole)
				if machine {
					found = NamesAI
				}
			}
		}
		word, long = word[:0], false
	}
	for i := 0; i < len(s) && found < NamesAI; {
		c := s[i]
		if c < utf8.RuneSelf { // ASCII, most text: no decoding
			i++
			switch {
			case 'a' <= c && c <= 'z' || '0' <= c && c <= '9':
			case 'A' <= c && c <= 'Z':
				c += 'a' - 'A'
			default:
				end()
				continue
			}
			if len(word) == len(buf) {
				long = true
			}
			if !long {
				word = append(word, c)
			}
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		i += n
		if wideRune(r) {
			// "生成AI", "AI助手": the wide script ends the word; its own
			// words are found as substrings below
			end()
			wide = true
			continue
		}
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) && !unicode.IsMark(r) { // marks: Devanagari vowel signs
			end()
			continue
		}
		l := unicode.ToLower(r)
		if len(word)+utf8.RuneLen(l) > len(buf) {
			long = true
		}
		if !long {
			word = utf8.AppendRune(word, l)
		}
	}
	end()
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
