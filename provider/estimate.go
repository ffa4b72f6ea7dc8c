package provider

import (
	"bytes"
	"encoding/json"

	"github.com/wardenhq/warden/jsonscan"
)

// EstimateTokens approximates the token count of text when the upstream reports none (about 4
// chars/token, rounded up).
func EstimateTokens(text string) int64 {
	return int64((len(text) + 3) / 4)
}

// Counting a chat prompt the way OpenAI's cookbook does for its chat format: every message costs
// a few tokens of framing on top of its content, and the reply is primed with a few more.
const (
	tokensPerMessage = 4
	tokensReplyPrime = 3
)

type promptShape struct {
	Messages []struct {
		Role      string          `json:"role"`
		Content   json.RawMessage `json:"content"`
		ToolCalls json.RawMessage `json:"tool_calls"`
	} `json:"messages"`
	Prompt json.RawMessage `json:"prompt"`
	Input  json.RawMessage `json:"input"`
}

// estimatePrompt estimates the prompt tokens of an OpenAI-format request body. Only called when the
// upstream reported no usage, so it may decode the body again.
func estimatePrompt(kind Kind, body []byte) int64 {
	var p promptShape
	if json.Unmarshal(body, &p) != nil {
		return EstimateTokens(string(body))
	}
	switch kind {
	case Embedding:
		return textTokens(p.Input)
	case Completion:
		return textTokens(p.Prompt)
	}
	if len(p.Messages) == 0 {
		return textTokens(p.Prompt)
	}
	n := int64(tokensReplyPrime)
	for _, m := range p.Messages {
		n += tokensPerMessage + textTokens(m.Content)
		if len(m.ToolCalls) > 0 && !bytes.Equal(m.ToolCalls, []byte("null")) {
			n += EstimateTokens(string(m.ToolCalls))
		}
	}
	return n
}

// textTokens estimates a JSON value holding text: a string, an array of strings, an array of content
// parts ({"type":"text","text":...}), or an array of token ids (counted one each).
func textTokens(raw json.RawMessage) int64 {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || bytes.Equal(raw, []byte("null")) {
		return 0
	}
	switch raw[0] {
	case '"':
		var s string
		if json.Unmarshal(raw, &s) == nil {
			return EstimateTokens(s)
		}
	case '[':
		var items []json.RawMessage
		if json.Unmarshal(raw, &items) == nil {
			var n int64
			for _, it := range items {
				it = bytes.TrimSpace(it)
				if len(it) == 0 {
					continue
				}
				switch it[0] {
				case '"', '[':
					n += textTokens(it)
				case '{':
					var part struct {
						Text string `json:"text"`
					}
					if json.Unmarshal(it, &part) == nil {
						n += EstimateTokens(part.Text)
					}
				default: // a token id
					n++
				}
			}
			return n
		}
	}
	return EstimateTokens(string(raw))
}

// contentString returns the text of a message content that is a JSON string or an array of text parts.
func contentString(raw json.RawMessage) string {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 {
		return ""
	}
	switch raw[0] {
	case '"':
		// A valid string decodes without encoding/json (as json.Unmarshal
		// would decode it); anything else is left to json.Unmarshal.
		if jsonscan.New(raw).String(0) == len(raw) {
			s, _ := jsonscan.DecodeString(raw)
			return s
		}
		var s string
		_ = json.Unmarshal(raw, &s)
		return s
	case '[':
		var parts []struct {
			Type string `json:"type"`
			Text string `json:"text"`
		}
		if json.Unmarshal(raw, &parts) == nil {
			var b []byte
			for _, p := range parts {
				if p.Text != "" {
					b = append(b, p.Text...)
				}
			}
			return string(b)
		}
	}
	return ""
}
