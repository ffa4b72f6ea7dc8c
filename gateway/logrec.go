package gateway

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/wardenhq/warden/guard"
	"github.com/wardenhq/warden/jsonscan"
	"github.com/wardenhq/warden/provider"
	"github.com/wardenhq/warden/record"
)

// redactedMarker is LiteLLM's replacement text under turn_off_message_logging.
const redactedMarker = "redacted-by-litellm"

var redactedMessages = json.RawMessage(`[{"role":"user","content":"` + redactedMarker + `"}]`)

// finish hands the finished call to the request recorder, which builds its
// one request log (Build) on its own goroutine: the client has its whole
// answer by now, and the connection is free for the next request while the
// guard's deferred phase and the log's construction run. A panic is
// recorded as a failure here, at once, before it is raised again.
func (c *call) finish() {
	p := recover()
	if p != nil {
		c.err = &apiError{Status: 500, Type: "api_error", Class: "InternalServerError", Message: fmt.Sprintf("internal error in Warden: %v", p)}
		c.status = 500
	}
	if c.end.IsZero() {
		c.end = time.Now()
	}
	if c.status == 0 {
		c.status = c.w.status
		if c.status == 0 {
			c.status = http.StatusOK
		}
	}
	c.overhead = c.w.overhead()
	// Calls waiting for the recorder hold their bodies and the guard's
	// texts: when too many wait (the recorder lags, e.g. behind deferred
	// checks of long documents), the handler builds its own record, after
	// the answer went out. Memory stays bounded, and the work spreads over
	// the handlers.
	inline := p != nil || c.s.pendingBuilds.Add(1) > c.s.maxPendingBuilds
	if inline && p == nil {
		c.s.pendingBuilds.Add(-1)
		if c.w.wroteHeader {
			c.w.Flush() // an error answer is not flushed yet
		}
	}
	// Build must not touch the request or the response writer: both are
	// the server's again once the handler returns.
	c.r, c.w = nil, nil
	if inline {
		c.s.reqRec.Record(c.Build())
		if p != nil {
			panic(p)
		}
		return
	}
	c.queued = true
	c.s.reqRec.Record(c)
}

// maxPendingBuilds bounds the finished calls waiting for the recorder to
// build their records.
const maxPendingBuilds = 256

// Build runs the guard's deferred checks and builds the request log; it
// hands the convictions to their recorder and counts the call. The request
// recorder calls it (Pending).
func (c *call) Build() any {
	if c.queued {
		c.queued = false
		defer c.s.pendingBuilds.Add(-1)
	}
	c.deferredChecks()
	// Made here, not on the request path: only the record has them.
	c.trace = newID()
	c.params = c.modelParams()
	c.tags = c.requestTags()
	c.hashKey()
	rec := c.buildRecord()
	if c.s.convRec != nil {
		for _, cv := range c.convictions {
			c.s.convRec.Record(cv)
		}
	}
	m := c.s.metrics
	model := metricModel(c)
	m.Requests.WithLabelValues(model, rec.Status, strconv.Itoa(c.status)).Inc()
	m.Latency.WithLabelValues(model).Observe(c.end.Sub(c.start).Seconds())
	m.Overhead.Observe(c.overhead.Seconds())
	return rec
}

// metricModel bounds the label's values to the configured model names.
func metricModel(c *call) string {
	if _, ok := c.s.groups[c.model]; ok {
		return c.model
	}
	return "unknown"
}

func (c *call) buildRecord() *record.RequestLog {
	ip := c.ip
	r := &record.RequestLog{
		TimeGenerated:       record.Timestamp(c.end),
		ID:                  c.id,
		TraceID:             c.trace,
		CallType:            callTypes[c.kind],
		Stream:              c.stream,
		Status:              "success",
		StartTime:           record.UnixSeconds(c.start),
		EndTime:             record.UnixSeconds(c.end),
		CompletionStartTime: record.UnixSeconds(c.end),
		ResponseTime:        c.end.Sub(c.start).Seconds(),
		Model:               c.model,
		ModelGroup:          c.model,
		EndUser:             c.user,
		RequestTags:         c.tags,
		RequesterIPAddress:  &ip,
		Messages:            c.input,
		ModelParameters:     c.params,
		Metadata: record.Metadata{
			UserAPIKeyHash:     c.keyHash,
			UserAPIKeyAlias:    c.keyAlias,
			RequesterIPAddress: &ip,
			RequesterMetadata:  c.metadata,
		},
	}
	if !c.firstToken.IsZero() {
		r.CompletionStartTime = record.UnixSeconds(c.firstToken)
	}
	if c.user != "" {
		u := c.user
		r.Metadata.UserAPIKeyEndUserID = &u
	}
	overhead := float64(c.overhead) / 1e6
	r.HiddenParams.LiteLLMOverheadTimeMS = &overhead
	if d := c.dep; d != nil {
		id := d.id
		r.Model = d.dep.Model
		r.ModelGroup = c.group
		r.ModelID = id
		r.APIBase = d.apiBase
		r.CustomLLMProvider = d.dep.Provider
		if c.mockResponse != "" {
			r.CustomLLMProvider = "mock"
		}
		r.HiddenParams.ModelID = &id
		r.HiddenParams.APIBase = d.apiBase
		r.HiddenParams.LiteLLMModelName = d.entry.LiteLLMParams.Model
	}
	if c.resp != nil {
		u := c.resp.Usage
		r.PromptTokens, r.CompletionTokens, r.TotalTokens = u.PromptTokens, u.CompletionTokens, u.TotalTokens
		// Only an embeddings body may be invalid JSON (provider.Response).
		if len(c.resp.Body) > 0 && (c.kind != provider.Embedding || jsonscan.Valid(c.resp.Body)) {
			r.Response = c.resp.Body
		}
		if len(c.resp.Header) > 0 {
			r.HiddenParams.AdditionalHeaders = map[string]any{}
			for k := range c.resp.Header {
				r.HiddenParams.AdditionalHeaders["llm_provider-"+k] = c.resp.Header.Get(k)
			}
		}
	}
	if c.err != nil {
		r.Status = "failure"
		msg := c.err.Message
		r.ErrorStr = &msg
		prov := c.err.Provider
		if prov == "" && c.dep != nil {
			prov = r.CustomLLMProvider
		}
		r.ErrorInformation = record.ErrorInformation{
			ErrorCode:    strconv.Itoa(c.err.Status),
			ErrorClass:   c.err.Class,
			LLMProvider:  prov,
			ErrorMessage: msg,
		}
	} else if c.dep != nil && c.resp != nil {
		c.price(r)
	}
	if len(c.guardInfo) > 0 {
		gi := joinLists(c.guardInfo)
		r.GuardrailInformation = gi
		r.Metadata.GuardrailInformation = gi
	}
	if c.applied {
		r.Metadata.AppliedGuardrails = []string{guard.GuardrailName}
	}
	if c.s.cfg.LiteLLMSettings.TurnOffMessageLogging {
		if len(r.Messages) > 0 {
			r.Messages = redactedMessages
		}
		if len(r.Response) > 0 {
			if b, err := redactResponse(r.Response); err == nil {
				r.Response = b
			}
		}
	}
	return r
}

// price fills the cost columns; a model missing from the price table gets
// cost 0 and the debug info saying so.
func (c *call) price(r *record.RequestLog) {
	if c.s.opts.Pricer != nil {
		if p, ok := c.s.opts.Pricer.Price(r.CustomLLMProvider, c.dep.priceName, c.kind, c.resp.Usage); ok {
			r.ResponseCost = p.Cost
			r.HiddenParams.ResponseCost = p.Cost
			r.ModelMapInformation = record.ModelMapInformation{ModelMapKey: p.Key, ModelMapValue: p.Raw}
			return
		}
	}
	const head = `{"error":"model not in price table","model":`
	buf := make([]byte, 0, len(head)+len(c.dep.priceName)+3) // one allocation when the name needs no escaping
	r.ResponseCostFailureDebug = append(appendJSONString(append(buf, head...), c.dep.priceName), '}')
	r.ModelMapInformation.ModelMapKey = c.dep.priceName
}

// joinLists concatenates JSON arrays (the guard's, already valid) without
// decoding them.
func joinLists(lists []json.RawMessage) json.RawMessage {
	if len(lists) == 1 {
		return lists[0]
	}
	n := 2
	for _, l := range lists {
		n += len(l) + 1
	}
	out := make([]byte, 1, n) // one allocation: every list fits
	out[0] = '['
	for _, l := range lists {
		l = bytes.TrimSpace(l)
		if len(l) < 2 || l[0] != '[' {
			continue
		}
		inner := bytes.TrimSpace(l[1 : len(l)-1])
		if len(inner) == 0 {
			continue
		}
		if len(out) > 1 {
			out = append(out, ',')
		}
		out = append(out, inner...)
	}
	return append(out, ']')
}

// redactResponse replaces the answer texts of an OpenAI response with the
// marker, keeping its shape (ids, usage) as LiteLLM does.
func redactResponse(body json.RawMessage) (json.RawMessage, error) {
	var m map[string]any
	if err := json.Unmarshal(body, &m); err != nil {
		return nil, err
	}
	choices, _ := m["choices"].([]any)
	for _, ch := range choices {
		cm, _ := ch.(map[string]any)
		if cm == nil {
			continue
		}
		if msg, ok := cm["message"].(map[string]any); ok {
			msg["content"] = redactedMarker
			delete(msg, "tool_calls")
		}
		if _, ok := cm["text"]; ok {
			cm["text"] = redactedMarker
		}
	}
	return json.Marshal(m)
}
