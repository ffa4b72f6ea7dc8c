package guard

import (
	"encoding/json"
	"math"
	"strconv"

	"github.com/wardenhq/warden/record"
)

// GuardrailName is Warden's name in the request log's applied_guardrails and
// guardrail_information.
const GuardrailName = "warden-aidr"

// guardrailInfo is one entry of LiteLLM's StandardLoggingGuardrailInformation
// (litellm/types/utils.py), with the keys Warden fills.
type guardrailInfo struct {
	GuardrailName       string            `json:"guardrail_name"`
	GuardrailProvider   string            `json:"guardrail_provider"`
	GuardrailMode       string            `json:"guardrail_mode"`
	GuardrailResponse   []guardrailResult `json:"guardrail_response"`
	GuardrailStatus     string            `json:"guardrail_status"`
	GuardrailAction     string            `json:"guardrail_action"`
	StartTime           float64           `json:"start_time"`
	EndTime             float64           `json:"end_time"`
	Duration            float64           `json:"duration"` // seconds
	MaskedEntityCount   map[string]int    `json:"masked_entity_count,omitempty"`
	ViolationCategories []string          `json:"violation_categories,omitempty"`
	RiskScore           float64           `json:"risk_score"`
	DetectionMethod     string            `json:"detection_method"`
}

// guardrailResult is one detection without its excerpt: the request log
// already holds the messages, and the excerpt lives in the conviction.
type guardrailResult struct {
	DetectorID string  `json:"detector_id"`
	Category   string  `json:"category"`
	OWASP      string  `json:"owasp"`
	Technique  string  `json:"mitre_technique"`
	Severity   string  `json:"severity"`
	Score      float64 `json:"score"`
	Threshold  float64 `json:"threshold"`
	Action     string  `json:"action"`
	Entity     string  `json:"entity,omitempty"`
}

// GuardrailInformation renders d as the list LiteLLM writes to the request
// log's guardrail_information (and metadata.guardrail_information); mode is
// "pre_call" for CheckInput decisions and "post_call" for CheckOutput ones.
// guardrail_status is "guardrail_intervened" when the call was blocked or
// modified, "success" otherwise (detections that were only recorded are in
// guardrail_response). Join the lists of both checks for one request.
func (d Decision) GuardrailInformation(mode string) json.RawMessage {
	g := d.guardrailEntry(mode)
	if b, ok := g.appendJSON(make([]byte, 0, 320+200*len(g.GuardrailResponse))); ok {
		return b
	}
	b, _ := json.Marshal([]guardrailInfo{g}) // cannot fail: plain values
	return b
}

// guardrailEntry is the decision as one guardrail_information entry.
func (d Decision) guardrailEntry(mode string) guardrailInfo {
	g := guardrailInfo{
		GuardrailName:     GuardrailName,
		GuardrailProvider: "warden",
		GuardrailMode:     mode,
		GuardrailResponse: []guardrailResult{},
		GuardrailStatus:   "success",
		GuardrailAction:   d.Action.String(),
		StartTime:         record.UnixSeconds(d.Start),
		EndTime:           record.UnixSeconds(d.Start.Add(d.Duration)),
		Duration:          d.Duration.Seconds(),
		DetectionMethod:   "rules+classifier",
	}
	if d.Action >= ActionRedact {
		g.GuardrailStatus = "guardrail_intervened"
	}
	seen := map[string]bool{}
	for _, det := range d.Detections {
		g.GuardrailResponse = append(g.GuardrailResponse, guardrailResult{DetectorID: det.DetectorID, Category: det.Category,
			OWASP: det.OWASP, Technique: det.Technique.UID, Severity: det.Severity, Score: det.Score,
			Threshold: det.Threshold, Action: det.Action.String(), Entity: det.Entity})
		if det.Action == ActionRedact && det.Entity != "" {
			if g.MaskedEntityCount == nil {
				g.MaskedEntityCount = map[string]int{}
			}
			g.MaskedEntityCount[det.Entity]++
		}
		if !seen[det.Category] {
			seen[det.Category] = true
			g.ViolationCategories = append(g.ViolationCategories, det.Category)
		}
		if det.Score > g.RiskScore && det.DetectorID != DetUnboundedConsume {
			g.RiskScore = det.Score
		}
	}
	return g
}

// appendJSON appends [g] as json.Marshal writes it, byte for byte, without
// reflection (this runs twice for every call on the recorder). It reports
// false, for json.Marshal to do it, when a value needs what it does not do:
// a string with a byte to escape or outside ASCII, a number that is not
// finite, the map of masked entities (only when a call was redacted).
// guardrail_test.go compares both on every kind of decision.
func (g *guardrailInfo) appendJSON(b []byte) ([]byte, bool) {
	if g.MaskedEntityCount != nil {
		return nil, false
	}
	ok := true
	str := func(s string) {
		for i := 0; i < len(s); i++ {
			if c := s[i]; c < 0x20 || c >= 0x80 || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&' {
				ok = false
				return
			}
		}
		b = append(b, '"')
		b = append(b, s...)
		b = append(b, '"')
	}
	num := func(f float64) {
		if math.IsNaN(f) || math.IsInf(f, 0) {
			ok = false
			return
		}
		b = appendJSONFloat(b, f)
	}
	b = append(b, `[{"guardrail_name":`...)
	str(g.GuardrailName)
	b = append(b, `,"guardrail_provider":`...)
	str(g.GuardrailProvider)
	b = append(b, `,"guardrail_mode":`...)
	str(g.GuardrailMode)
	b = append(b, `,"guardrail_response":[`...)
	for i := range g.GuardrailResponse {
		r := &g.GuardrailResponse[i]
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, `{"detector_id":`...)
		str(r.DetectorID)
		b = append(b, `,"category":`...)
		str(r.Category)
		b = append(b, `,"owasp":`...)
		str(r.OWASP)
		b = append(b, `,"mitre_technique":`...)
		str(r.Technique)
		b = append(b, `,"severity":`...)
		str(r.Severity)
		b = append(b, `,"score":`...)
		num(r.Score)
		b = append(b, `,"threshold":`...)
		num(r.Threshold)
		b = append(b, `,"action":`...)
		str(r.Action)
		if r.Entity != "" {
			b = append(b, `,"entity":`...)
			str(r.Entity)
		}
		b = append(b, '}')
	}
	b = append(b, `],"guardrail_status":`...)
	str(g.GuardrailStatus)
	b = append(b, `,"guardrail_action":`...)
	str(g.GuardrailAction)
	b = append(b, `,"start_time":`...)
	num(g.StartTime)
	b = append(b, `,"end_time":`...)
	num(g.EndTime)
	b = append(b, `,"duration":`...)
	num(g.Duration)
	if len(g.ViolationCategories) > 0 {
		b = append(b, `,"violation_categories":[`...)
		for i, c := range g.ViolationCategories {
			if i > 0 {
				b = append(b, ',')
			}
			str(c)
		}
		b = append(b, ']')
	}
	b = append(b, `,"risk_score":`...)
	num(g.RiskScore)
	b = append(b, `,"detection_method":`...)
	str(g.DetectionMethod)
	b = append(b, "}]"...)
	return b, ok
}

// appendJSONFloat appends f as encoding/json writes a float64: the shortest
// decimal that reads back as f, in exponent form below 1e-6 and from 1e21
// on, with a one-digit negative exponent written without its leading zero.
func appendJSONFloat(b []byte, f float64) []byte {
	format := byte('f')
	if abs := math.Abs(f); abs != 0 && (abs < 1e-6 || abs >= 1e21) {
		format = 'e'
	}
	b = strconv.AppendFloat(b, f, format, -1, 64)
	if format == 'e' {
		// clean up e-09 to e-9
		n := len(b)
		if n >= 4 && b[n-4] == 'e' && b[n-3] == '-' && b[n-2] == '0' {
			b[n-2] = b[n-1]
			b = b[:n-1]
		}
	}
	return b
}
