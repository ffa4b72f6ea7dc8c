package gateway

import (
	"encoding/json"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/wardenhq/warden/jsonscan"
)

// Request bodies are read with jsonscan instead of json.Unmarshal: the body is checked and split into its top-level members
// in one pass, the values stay slices of the body, and only the few values
// the gateway needs are decoded, most of them (plain strings, numbers,
// booleans) without encoding/json. Whatever the fast paths do not cover
// exactly is handed to encoding/json, so the results (and error messages)
// are the ones json.Unmarshal gives.

// splitObject decodes a JSON object's members the way json.Unmarshal into
// map[string]json.RawMessage does (keys decoded, the last of a repeated key
// kept), with the values as slices of b. ok is false when b is not exactly
// one valid object; json.Unmarshal then says why.
func splitObject(b []byte, into map[string]json.RawMessage) (ok bool) {
	return jsonscan.Object(b, func(key, val []byte) {
		k, known := knownKey(key[1 : len(key)-1])
		if !known {
			k = jsonscan.Unquote(key)
		}
		into[k] = val
	})
}

// knownKey returns the request keys most calls send as constants, so that
// splitting a body allocates no string for them.
func knownKey(b []byte) (string, bool) {
	switch string(b) {
	case "model":
		return "model", true
	case "messages":
		return "messages", true
	case "prompt":
		return "prompt", true
	case "input":
		return "input", true
	case "stream":
		return "stream", true
	case "stream_options":
		return "stream_options", true
	case "temperature":
		return "temperature", true
	case "top_p":
		return "top_p", true
	case "max_tokens":
		return "max_tokens", true
	case "max_completion_tokens":
		return "max_completion_tokens", true
	case "user":
		return "user", true
	case "metadata":
		return "metadata", true
	case "tools":
		return "tools", true
	case "tool_choice":
		return "tool_choice", true
	case "response_format":
		return "response_format", true
	case "n":
		return "n", true
	case "stop":
		return "stop", true
	case "seed":
		return "seed", true
	}
	return "", false
}

// appendJSONString appends s as a JSON string: as it is, quoted, when it
// needs no escaping (the usual key or model name), else as encoding/json
// writes it.
func appendJSONString(buf []byte, s string) []byte {
	plain := utf8.ValidString(s)
	for i := 0; plain && i < len(s); i++ {
		c := s[i]
		plain = c >= 0x20 && c != '"' && c != '\\'
	}
	if plain {
		buf = append(buf, '"')
		buf = append(buf, s...)
		return append(buf, '"')
	}
	b, _ := json.Marshal(s) // a string: cannot fail
	return append(buf, b...)
}

// decodeStrings decodes a JSON value into a []string as json.Unmarshal
// does (null gives nil); ok is false on an error.
func decodeStrings(raw []byte) ([]string, bool) {
	if len(raw) > 1 && raw[0] == '[' {
		s := jsonscan.New(raw)
		out := []string{}
		end := s.Array(0, func(i int) int {
			if raw[i] != '"' {
				return -1
			}
			end := s.String(i)
			if end < 0 || !jsonscan.PlainString(raw[i+1:end-1]) {
				return -1
			}
			out = append(out, string(raw[i+1:end-1]))
			return end
		})
		if end == len(raw) {
			return out, true
		}
	}
	var v []string
	if json.Unmarshal(raw, &v) != nil {
		return nil, false
	}
	return v, true
}

// decodeAny decodes a JSON value into an interface as json.Unmarshal does;
// ok is false on an error (a number out of float64's range).
func decodeAny(raw []byte) (any, bool) {
	if len(raw) == 0 {
		return nil, false
	}
	switch c := raw[0]; {
	case c == '"':
		if len(raw) >= 2 && raw[len(raw)-1] == '"' && jsonscan.PlainString(raw[1:len(raw)-1]) {
			return string(raw[1 : len(raw)-1]), true
		}
	case c == '-' || (c >= '0' && c <= '9'):
		if jsonscan.New(raw).Number(0) == len(raw) {
			f, err := strconv.ParseFloat(string(raw), 64)
			return f, err == nil
		}
	case string(raw) == "true":
		return true, true
	case string(raw) == "false":
		return false, true
	case string(raw) == "null":
		return nil, true
	}
	var x any
	if json.Unmarshal(raw, &x) != nil {
		return nil, false
	}
	return x, true
}

// metadataTags returns the "tags" list of a request's metadata object as
// json.Unmarshal into struct{ Tags []string } gives it (the key matched
// without regard to case, the last match kept, errors ignored).
func metadataTags(raw []byte) []string {
	var tags []byte
	n := 0
	odd := false
	if jsonscan.New(raw).Object(0, func(key, val []byte) {
		if len(key) == 6 && strings.EqualFold(string(key[1:5]), "tags") {
			tags = val
			n++
		} else if jsonscan.LooseKey(key, "tags") {
			odd = true // may match "tags" in encoding/json's matching
		}
	}) < 0 || n > 1 || odd {
		n = -1
	}
	switch n {
	case 0:
		return nil
	case 1:
		if string(tags) == "null" {
			return nil
		}
		if v, ok := decodeStrings(tags); ok {
			return v
		}
	}
	var md struct {
		Tags []string `json:"tags"`
	}
	_ = json.Unmarshal(raw, &md)
	return md.Tags
}

// message is a chat message as the guard reads it.
type message struct {
	Role    string          `json:"role"`
	Content json.RawMessage `json:"content"`
}

// splitMessages reads a messages array as json.Unmarshal into []message
// does, for the common shape (objects with plain "role" and "content"
// keys); ok is false for anything else, which json.Unmarshal then reads.
func splitMessages(raw []byte) (msgs []message, ok bool) {
	if len(raw) < 2 || raw[0] != '[' {
		return nil, false
	}
	s := jsonscan.New(raw)
	msgs = make([]message, 0, 4) // most requests: a system and a user message, a short history
	end := s.Array(0, func(i int) int {
		if raw[i] != '{' {
			return -1
		}
		var m message
		var roles, contents int
		good := true
		end := s.Object(i, func(key, val []byte) {
			switch string(key) {
			case `"role"`:
				roles++
				if string(val) == "null" {
					return
				}
				if len(val) < 2 || val[0] != '"' || !jsonscan.PlainString(val[1:len(val)-1]) {
					good = false
					return
				}
				m.Role = roleString(val[1 : len(val)-1])
			case `"content"`:
				contents++
				m.Content = val
			default:
				if jsonscan.LooseKey(key, "role", "content") {
					good = false // might match a field in encoding/json's matching
				}
			}
		})
		if end < 0 || !good || roles > 1 || contents > 1 {
			return -1
		}
		msgs = append(msgs, m)
		return end
	})
	if end < 0 || s.SkipSpace(end) != len(raw) {
		return nil, false
	}
	return msgs, true
}

// roleString returns a message's role, the usual ones as constants so that
// reading them allocates nothing.
func roleString(b []byte) string {
	switch string(b) {
	case "system":
		return "system"
	case "user":
		return "user"
	case "assistant":
		return "assistant"
	case "tool":
		return "tool"
	case "developer":
		return "developer"
	}
	return string(b)
}
