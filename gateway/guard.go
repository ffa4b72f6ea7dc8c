package gateway

import (
	"encoding/json"
	"fmt"
	"net/http"

	"github.com/wardenhq/warden/guard"
	"github.com/wardenhq/warden/jsonscan"
	"github.com/wardenhq/warden/provider"
)

// segRef locates a guard segment in the request: message index and content
// part index (-1: the content is a string). For prompts, msg is the prompt
// index (-1: a single string).
type segRef struct{ msg, part int }

// segments splits the request's input into guard segments.
func segments(kind provider.Kind, input json.RawMessage) ([]guard.Segment, []segRef, string) {
	var segs []guard.Segment
	var refs []segRef
	var system string
	switch kind {
	case provider.Chat:
		msgs, ok := splitMessages(input)
		if !ok && json.Unmarshal(input, &msgs) != nil {
			return nil, nil, ""
		}
		// One segment per message is the usual shape: sized once.
		segs, refs = make([]guard.Segment, 0, len(msgs)), make([]segRef, 0, len(msgs))
		for i, m := range msgs {
			src := sourceOf(m.Role)
			if s, ok := jsonscan.DecodeString(m.Content); ok {
				segs = append(segs, guard.Segment{Role: m.Role, Source: src, Text: s})
				refs = append(refs, segRef{i, -1})
				if src == guard.SourceSystem {
					system += s
				}
				continue
			}
			var parts []struct {
				Type string `json:"type"`
				Text string `json:"text"`
			}
			if json.Unmarshal(m.Content, &parts) != nil {
				continue
			}
			for j, p := range parts {
				if p.Type == "text" {
					segs = append(segs, guard.Segment{Role: m.Role, Source: src, Text: p.Text})
					refs = append(refs, segRef{i, j})
					if src == guard.SourceSystem {
						system += p.Text
					}
				}
			}
		}
	case provider.Completion:
		var s string
		if json.Unmarshal(input, &s) == nil {
			return []guard.Segment{{Role: "user", Source: guard.SourceUser, Text: s}}, []segRef{{-1, -1}}, ""
		}
		var ss []string
		if json.Unmarshal(input, &ss) == nil {
			for i, s := range ss {
				segs = append(segs, guard.Segment{Role: "user", Source: guard.SourceUser, Text: s})
				refs = append(refs, segRef{i, -1})
			}
		}
	}
	return segs, refs, system
}

func sourceOf(role string) guard.Source {
	switch role {
	case "system", "developer":
		return guard.SourceSystem
	case "tool", "function":
		return guard.SourceTool
	case "assistant":
		return guard.SourceAssistant
	}
	return guard.SourceUser
}

// The guard's checks are split in two phases (guard.Phase). The inline
// phase holds every detector that blocks or redacts and runs where it must:
// before the call goes upstream, and before the answer goes out. The
// deferred phase holds the detectors that only record; it runs after the
// client has its whole answer, on the request recorder's goroutine (Build),
// so neither the client's latency nor Warden's overhead header includes it.
// Each check's two decisions are merged into the one the request log and
// the convictions are made of, which is what the whole check gives.

// checkInput runs the input's inline phase (or the whole check when no
// detector defers); false means the call was blocked and answered.
func (c *call) checkInput() bool {
	g := c.s.opts.Guard
	segs, refs, system := segments(c.kind, c.input)
	c.systemPrompt = system
	c.guardIn = &guard.Input{Segments: segs, MaxTokens: maxTokens(c.fields), Requester: c.requester, Model: c.model}
	ph := guard.PhaseAll
	if g.HasDeferredInput() {
		ph, c.inDeferred = guard.PhaseInline, true
	}
	d := g.CheckInputPhase(c.guardIn, ph)
	c.inDec, c.inChecked = d, true
	if d.Blocked() {
		c.fail(c.blockError(d))
		return false
	}
	if len(d.Redacted) > 0 {
		key := "messages"
		if c.kind == provider.Completion {
			key = "prompt"
		}
		if b, err := rewriteInput(c.kind, c.input, refs, d.Redacted); err == nil {
			c.fields[key] = b
			c.input = b
		}
	}
	return true
}

func (c *call) blockError(d guard.Decision) *apiError {
	return &apiError{Status: http.StatusBadRequest, Type: "invalid_request_error", Code: "content_policy_violation",
		Class: "ContentPolicyViolationError", Provider: "warden",
		Message: fmt.Sprintf("%s: %s", d.Category, c.s.opts.Guard.BlockMessage())}
}

// checkOutput runs the inline phase of the output check on an answer not
// sent yet, when some output detector blocks or redacts: a block answers
// the error (false), a redaction rewrites the answer. The rest of the check
// is left to Build.
func (c *call) checkOutput() bool {
	if c.resp == nil {
		return true
	}
	g := c.s.opts.Guard
	c.guardOut = &guard.Output{Text: c.resp.Text, System: c.systemPrompt, Requester: c.requester, Model: c.model}
	c.outPhase = guard.PhaseAll
	if !g.HasInlineOutput() {
		return true
	}
	d := g.CheckOutputPhase(c.guardOut, guard.PhaseInline)
	c.outDec, c.outChecked, c.outPhase = d, true, guard.PhaseDeferred
	if d.Blocked() {
		c.fail(c.blockError(d))
		return false
	}
	if red, ok := d.Redacted[guard.OutputSegment]; ok {
		c.redacted = &red
		if b, err := replaceAnswer(c.resp.Body, red); err == nil {
			c.resp.Body = b
			c.resp.Text = red
		}
	}
	return true
}

// streamedOutput leaves the whole output check of a stream already sent to
// Build: it can only record. A buffered stream had its check before it was
// sent (one post_call entry per call, not two).
func (c *call) streamedOutput() {
	if c.resp == nil || c.guardOut != nil || c.outChecked {
		return
	}
	c.guardOut = &guard.Output{Text: c.resp.Text, System: c.systemPrompt, Requester: c.requester, Model: c.model, Streamed: true}
	c.outPhase = guard.PhaseAll
}

// deferredChecks runs what checkInput and checkOutput left for after the
// call, merges each check's decisions, and turns them into the log's
// guardrail information (one pre_call and one post_call entry) and the
// convictions. A panic in the guard is logged and counted; the call is
// still recorded with what the checks found until then.
func (c *call) deferredChecks() {
	g := c.s.opts.Guard
	if g == nil {
		return
	}
	func() {
		defer func() {
			if p := recover(); p != nil {
				c.s.metrics.Panics.Inc()
				c.s.log.Error("panic in a deferred guard check", "call_id", c.id, "panic", fmt.Sprint(p))
			}
		}()
		if c.inDeferred {
			c.inDeferred = false
			c.inDec = guard.Merge(c.inDec, g.CheckInputPhase(c.guardIn, guard.PhaseDeferred))
		}
		if c.guardOut != nil {
			d := g.CheckOutputPhase(c.guardOut, c.outPhase)
			if c.outChecked {
				d = guard.Merge(c.outDec, d)
			}
			c.outDec, c.outChecked, c.guardOut = d, true, nil
		}
	}()
	if c.inChecked {
		c.addGuardInfo(c.inDec, "pre_call")
		c.convictions = append(c.convictions, g.Convictions(c.inDec, guard.Event{
			RequestID: c.id, ConcludingEventID: c.id, Requester: c.requester, Model: c.model})...)
	}
	if c.outChecked {
		c.addGuardInfo(c.outDec, "post_call")
		c.convictions = append(c.convictions, g.Convictions(c.outDec, guard.Event{
			RequestID: c.id, ConcludingEventID: c.id + ":response", Requester: c.requester, Model: c.model})...)
	}
}

func (c *call) redactedAnswer() (string, bool) {
	if c.redacted == nil {
		return "", false
	}
	return *c.redacted, true
}

// maxTokens is the request's max_tokens (else max_completion_tokens) as the
// model parameters decode it: a JSON number, else 0. It reads the two raw
// values instead of the parameters, which are decoded only for the record.
func maxTokens(fields map[string]json.RawMessage) int {
	for _, k := range [...]string{"max_tokens", "max_completion_tokens"} {
		raw, ok := fields[k]
		if !ok {
			continue
		}
		if x, ok := decodeAny(raw); ok {
			if f, ok := x.(float64); ok {
				return int(f)
			}
		}
	}
	return 0
}

// rewriteInput replaces the redacted segments' texts in the request input.
func rewriteInput(kind provider.Kind, input json.RawMessage, refs []segRef, red map[int]string) (json.RawMessage, error) {
	if kind == provider.Completion {
		if len(refs) == 1 && refs[0].msg == -1 {
			if t, ok := red[0]; ok {
				return json.Marshal(t)
			}
			return input, nil
		}
		var ss []string
		if err := json.Unmarshal(input, &ss); err != nil {
			return nil, err
		}
		for seg, t := range red {
			if seg >= 0 && seg < len(refs) {
				ss[refs[seg].msg] = t
			}
		}
		return json.Marshal(ss)
	}
	var msgs []map[string]json.RawMessage
	if err := json.Unmarshal(input, &msgs); err != nil {
		return nil, err
	}
	for seg, t := range red {
		if seg < 0 || seg >= len(refs) {
			continue
		}
		ref := refs[seg]
		tb, _ := json.Marshal(t)
		if ref.part < 0 {
			msgs[ref.msg]["content"] = tb
			continue
		}
		var parts []map[string]json.RawMessage
		if err := json.Unmarshal(msgs[ref.msg]["content"], &parts); err != nil {
			return nil, err
		}
		parts[ref.part]["text"] = tb
		pb, err := json.Marshal(parts)
		if err != nil {
			return nil, err
		}
		msgs[ref.msg]["content"] = pb
	}
	return json.Marshal(msgs)
}

// replaceAnswer puts text into the first choice of an OpenAI answer.
func replaceAnswer(body []byte, text string) ([]byte, error) {
	var m map[string]any
	if err := json.Unmarshal(body, &m); err != nil {
		return nil, err
	}
	choices, _ := m["choices"].([]any)
	if len(choices) == 0 {
		return body, nil
	}
	ch, _ := choices[0].(map[string]any)
	if ch == nil {
		return body, nil
	}
	if msg, ok := ch["message"].(map[string]any); ok {
		msg["content"] = text
	} else {
		ch["text"] = text
	}
	return json.Marshal(m)
}

// redactedChunk is the single content chunk that replaces a buffered
// stream's content chunks after redaction; usage-only chunks are kept after
// it.
func redactedChunks(chunks [][]byte, text string, kind provider.Kind) [][]byte {
	var head struct {
		ID      string `json:"id"`
		Created int64  `json:"created"`
		Model   string `json:"model"`
	}
	var tail [][]byte
	for i, ch := range chunks {
		var probe struct {
			Choices []json.RawMessage `json:"choices"`
			Usage   json.RawMessage   `json:"usage"`
		}
		_ = json.Unmarshal(ch, &probe)
		if i == 0 {
			_ = json.Unmarshal(ch, &head)
		}
		if len(probe.Choices) == 0 && len(probe.Usage) > 0 && !isNull(probe.Usage) {
			tail = append(tail, ch)
		}
	}
	stop := "stop"
	var out any
	if kind == provider.Completion {
		out = map[string]any{"id": head.ID, "object": "text_completion", "created": head.Created, "model": head.Model,
			"choices": []any{map[string]any{"index": 0, "text": text, "finish_reason": stop}}}
	} else {
		out = map[string]any{"id": head.ID, "object": "chat.completion.chunk", "created": head.Created, "model": head.Model,
			"choices": []any{map[string]any{"index": 0, "delta": map[string]any{"role": "assistant", "content": text}, "finish_reason": stop}}}
	}
	b, _ := json.Marshal(out) // plain values: cannot fail
	return append([][]byte{b}, tail...)
}
