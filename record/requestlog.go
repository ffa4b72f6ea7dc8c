// Package record holds the two record schemas Warden produces and ships to
// Log Analytics: the request log (field for field LiteLLM's
// StandardLoggingPayload, so existing DCRs and KQL keep working) and the
// conviction (the 13 fields of HiddenLayer AIDR's Sentinel record, plus
// Warden's own columns). The table schemas, DCR stream declarations and the
// sample JSON files for the portal are all generated from these Go types.
package record

import (
	"bytes"
	"encoding/json"
	"math"
	"slices"
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/wardenhq/warden/jsonscan"
)

// Table and stream names. Streams are what the Logs Ingestion URL names;
// tables are what KQL queries. The local store uses the table names too.
const (
	RequestTable     = "LiteLLM_CL"
	RequestStream    = "Custom-LiteLLM"
	ConvictionTable  = "WardenConvictions_CL"
	ConvictionStream = "Custom-WardenConvictions"
)

// TruncatedField is the column in which the pipeline lists the fields it had
// to shorten to fit Azure's per-field limit. It is declared in both tables so
// the list survives ingestion; it is absent from records nothing was cut from.
const TruncatedField = "warden_truncated"

// RequestLog is one LLM call, success or failure: LiteLLM's
// StandardLoggingPayload with the same keys and JSON types, plus
// TimeGenerated. Fields whose JSON value may be null are pointers or
// json.RawMessage so that null stays null.
type RequestLog struct {
	TimeGenerated              string                     `json:"TimeGenerated" kql:"datetime"`
	ID                         string                     `json:"id"`
	TraceID                    string                     `json:"trace_id"`
	CallType                   string                     `json:"call_type"`
	CacheHit                   *bool                      `json:"cache_hit"`
	Stream                     bool                       `json:"stream"`
	Status                     string                     `json:"status"` // "success" or "failure"
	CustomLLMProvider          string                     `json:"custom_llm_provider"`
	SavedCacheCost             float64                    `json:"saved_cache_cost"`
	StartTime                  float64                    `json:"startTime"` // Unix seconds
	EndTime                    float64                    `json:"endTime"`
	CompletionStartTime        float64                    `json:"completionStartTime"` // first token
	ResponseTime               float64                    `json:"response_time"`       // seconds
	Model                      string                     `json:"model"`
	Metadata                   Metadata                   `json:"metadata"`
	CacheKey                   *string                    `json:"cache_key"`
	ResponseCost               float64                    `json:"response_cost"`
	TotalTokens                int64                      `json:"total_tokens"`
	PromptTokens               int64                      `json:"prompt_tokens"`
	CompletionTokens           int64                      `json:"completion_tokens"`
	RequestTags                []string                   `json:"request_tags"`
	EndUser                    string                     `json:"end_user"`
	APIBase                    string                     `json:"api_base"`
	ModelGroup                 string                     `json:"model_group"`
	ModelID                    string                     `json:"model_id"`
	RequesterIPAddress         *string                    `json:"requester_ip_address"`
	Messages                   json.RawMessage            `json:"messages"`
	Response                   json.RawMessage            `json:"response"`
	ModelParameters            map[string]any             `json:"model_parameters"`
	HiddenParams               HiddenParams               `json:"hidden_params"`
	ModelMapInformation        ModelMapInformation        `json:"model_map_information"`
	ErrorStr                   *string                    `json:"error_str"`
	ErrorInformation           ErrorInformation           `json:"error_information"`
	ResponseCostFailureDebug   json.RawMessage            `json:"response_cost_failure_debug_info"`
	GuardrailInformation       json.RawMessage            `json:"guardrail_information"`
	StandardBuiltInToolsParams StandardBuiltInToolsParams `json:"standard_built_in_tools_params"`
	WardenTruncated            []string                   `json:"warden_truncated,omitempty"`
}

// Metadata is StandardLoggingMetadata: who called and with what.
type Metadata struct {
	UserAPIKeyHash             *string         `json:"user_api_key_hash"` // SHA-256 of the caller's key, never the key
	UserAPIKeyAlias            *string         `json:"user_api_key_alias"`
	UserAPIKeyTeamID           *string         `json:"user_api_key_team_id"`
	UserAPIKeyOrgID            *string         `json:"user_api_key_org_id"`
	UserAPIKeyUserID           *string         `json:"user_api_key_user_id"`
	UserAPIKeyTeamAlias        *string         `json:"user_api_key_team_alias"`
	UserAPIKeyUserEmail        *string         `json:"user_api_key_user_email"`
	SpendLogsMetadata          json.RawMessage `json:"spend_logs_metadata"`
	RequesterIPAddress         *string         `json:"requester_ip_address"`
	RequesterMetadata          json.RawMessage `json:"requester_metadata"` // the request's own "metadata" object
	UserAPIKeyEndUserID        *string         `json:"user_api_key_end_user_id"`
	PromptManagementMetadata   json.RawMessage `json:"prompt_management_metadata"`
	AppliedGuardrails          []string        `json:"applied_guardrails"`
	MCPToolCallMetadata        json.RawMessage `json:"mcp_tool_call_metadata"`
	VectorStoreRequestMetadata json.RawMessage `json:"vector_store_request_metadata"`
	GuardrailInformation       json.RawMessage `json:"guardrail_information"`
}

// HiddenParams carries provider-side details of the call.
type HiddenParams struct {
	ModelID               *string         `json:"model_id"`
	CacheKey              *string         `json:"cache_key"`
	APIBase               string          `json:"api_base"`
	ResponseCost          float64         `json:"response_cost"`
	AdditionalHeaders     map[string]any  `json:"additional_headers"`
	LiteLLMOverheadTimeMS *float64        `json:"litellm_overhead_time_ms"` // Warden's own overhead
	BatchModels           json.RawMessage `json:"batch_models"`
	LiteLLMModelName      string          `json:"litellm_model_name"`
}

// ModelMapInformation names the price-table entry used for the cost.
type ModelMapInformation struct {
	ModelMapKey   string          `json:"model_map_key"`
	ModelMapValue json.RawMessage `json:"model_map_value"`
}

// ErrorInformation describes a failed call; all empty strings on success.
type ErrorInformation struct {
	ErrorCode    string `json:"error_code"`
	ErrorClass   string `json:"error_class"`
	LLMProvider  string `json:"llm_provider"`
	Traceback    string `json:"traceback"`
	ErrorMessage string `json:"error_message"`
}

// StandardBuiltInToolsParams records built-in tool options of the request.
type StandardBuiltInToolsParams struct {
	WebSearchOptions json.RawMessage `json:"web_search_options"`
	FileSearch       json.RawMessage `json:"file_search"`
}

// MarshalJSON writes empty arrays and objects where LiteLLM does instead of
// null, whatever the caller left unset, so every record has the sample's
// JSON types. The output is byte for byte what encoding/json writes for
// the struct (field order, float format, HTML-safe string escaping, raw
// values compacted and checked); see AppendJSON.
func (r RequestLog) MarshalJSON() ([]byte, error) {
	return r.AppendJSON(make([]byte, 0, r.sizeHint()))
}

// AppendJSON appends the record's JSON (what MarshalJSON returns) to dst.
// It encodes the fields directly instead of through reflection, and copies
// the raw JSON values after one validating pass instead of re-compacting
// them, which made encoding/json the largest cost of logging a call. Any
// value it does not handle itself (an invalid raw value, NaN, an unusual
// type in a map) makes it fall back to encoding/json, so errors are
// encoding/json's too.
func (r *RequestLog) AppendJSON(dst []byte) ([]byte, error) {
	e := logEncoder{b: dst}
	e.requestLog(r)
	if !e.ok {
		b, err := r.marshalReflect()
		if err != nil {
			return dst, err
		}
		return append(dst, b...), nil
	}
	return e.b, nil
}

// marshalReflect is the encoding/json form of the record, with the same
// defaults; AppendJSON must produce exactly its bytes.
func (r RequestLog) marshalReflect() ([]byte, error) {
	type plain RequestLog
	if r.Messages == nil {
		r.Messages = json.RawMessage(`[]`)
	}
	if r.Response == nil {
		r.Response = json.RawMessage(`{}`)
	}
	if r.RequestTags == nil {
		r.RequestTags = []string{}
	}
	if r.ModelParameters == nil {
		r.ModelParameters = map[string]any{}
	}
	if r.Metadata.AppliedGuardrails == nil {
		r.Metadata.AppliedGuardrails = []string{}
	}
	if r.HiddenParams.AdditionalHeaders == nil {
		r.HiddenParams.AdditionalHeaders = map[string]any{}
	}
	return json.Marshal(plain(r))
}

// sizeHint is a capacity that holds most records without growing.
func (r *RequestLog) sizeHint() int {
	return 1536 + len(r.Messages) + len(r.Response) + len(r.Metadata.RequesterMetadata) +
		len(r.GuardrailInformation) + len(r.Metadata.GuardrailInformation) + len(r.ModelMapInformation.ModelMapValue) +
		len(r.ResponseCostFailureDebug)
}

// logEncoder appends JSON; ok turns false at the first value it leaves to
// encoding/json.
type logEncoder struct {
	b  []byte
	ok bool
}

func (e *logEncoder) requestLog(r *RequestLog) {
	e.ok = true
	e.str(`{"TimeGenerated":`, r.TimeGenerated)
	e.str(`,"id":`, r.ID)
	e.str(`,"trace_id":`, r.TraceID)
	e.str(`,"call_type":`, r.CallType)
	e.key(`,"cache_hit":`)
	switch {
	case r.CacheHit == nil:
		e.b = append(e.b, "null"...)
	case *r.CacheHit:
		e.b = append(e.b, "true"...)
	default:
		e.b = append(e.b, "false"...)
	}
	e.key(`,"stream":`)
	e.b = strconv.AppendBool(e.b, r.Stream)
	e.str(`,"status":`, r.Status)
	e.str(`,"custom_llm_provider":`, r.CustomLLMProvider)
	e.float(`,"saved_cache_cost":`, r.SavedCacheCost)
	e.float(`,"startTime":`, r.StartTime)
	e.float(`,"endTime":`, r.EndTime)
	e.float(`,"completionStartTime":`, r.CompletionStartTime)
	e.float(`,"response_time":`, r.ResponseTime)
	e.str(`,"model":`, r.Model)
	m := &r.Metadata
	e.strPtr(`,"metadata":{"user_api_key_hash":`, m.UserAPIKeyHash)
	e.strPtr(`,"user_api_key_alias":`, m.UserAPIKeyAlias)
	e.strPtr(`,"user_api_key_team_id":`, m.UserAPIKeyTeamID)
	e.strPtr(`,"user_api_key_org_id":`, m.UserAPIKeyOrgID)
	e.strPtr(`,"user_api_key_user_id":`, m.UserAPIKeyUserID)
	e.strPtr(`,"user_api_key_team_alias":`, m.UserAPIKeyTeamAlias)
	e.strPtr(`,"user_api_key_user_email":`, m.UserAPIKeyUserEmail)
	e.raw(`,"spend_logs_metadata":`, m.SpendLogsMetadata, "null")
	e.strPtr(`,"requester_ip_address":`, m.RequesterIPAddress)
	e.raw(`,"requester_metadata":`, m.RequesterMetadata, "null")
	e.strPtr(`,"user_api_key_end_user_id":`, m.UserAPIKeyEndUserID)
	e.raw(`,"prompt_management_metadata":`, m.PromptManagementMetadata, "null")
	e.strings(`,"applied_guardrails":`, m.AppliedGuardrails, "[]")
	e.raw(`,"mcp_tool_call_metadata":`, m.MCPToolCallMetadata, "null")
	e.raw(`,"vector_store_request_metadata":`, m.VectorStoreRequestMetadata, "null")
	e.raw(`,"guardrail_information":`, m.GuardrailInformation, "null")
	e.strPtr(`},"cache_key":`, r.CacheKey)
	e.float(`,"response_cost":`, r.ResponseCost)
	e.int(`,"total_tokens":`, r.TotalTokens)
	e.int(`,"prompt_tokens":`, r.PromptTokens)
	e.int(`,"completion_tokens":`, r.CompletionTokens)
	e.strings(`,"request_tags":`, r.RequestTags, "[]")
	e.str(`,"end_user":`, r.EndUser)
	e.str(`,"api_base":`, r.APIBase)
	e.str(`,"model_group":`, r.ModelGroup)
	e.str(`,"model_id":`, r.ModelID)
	e.strPtr(`,"requester_ip_address":`, r.RequesterIPAddress)
	e.raw(`,"messages":`, r.Messages, "[]")
	e.raw(`,"response":`, r.Response, "{}")
	e.key(`,"model_parameters":`)
	e.object(r.ModelParameters, "{}")
	h := &r.HiddenParams
	e.strPtr(`,"hidden_params":{"model_id":`, h.ModelID)
	e.strPtr(`,"cache_key":`, h.CacheKey)
	e.str(`,"api_base":`, h.APIBase)
	e.float(`,"response_cost":`, h.ResponseCost)
	e.key(`,"additional_headers":`)
	e.object(h.AdditionalHeaders, "{}")
	e.key(`,"litellm_overhead_time_ms":`)
	if h.LiteLLMOverheadTimeMS == nil {
		e.b = append(e.b, "null"...)
	} else {
		e.floatValue(*h.LiteLLMOverheadTimeMS)
	}
	e.raw(`,"batch_models":`, h.BatchModels, "null")
	e.str(`,"litellm_model_name":`, h.LiteLLMModelName)
	e.str(`},"model_map_information":{"model_map_key":`, r.ModelMapInformation.ModelMapKey)
	e.raw(`,"model_map_value":`, r.ModelMapInformation.ModelMapValue, "null")
	e.strPtr(`},"error_str":`, r.ErrorStr)
	ei := &r.ErrorInformation
	e.str(`,"error_information":{"error_code":`, ei.ErrorCode)
	e.str(`,"error_class":`, ei.ErrorClass)
	e.str(`,"llm_provider":`, ei.LLMProvider)
	e.str(`,"traceback":`, ei.Traceback)
	e.str(`,"error_message":`, ei.ErrorMessage)
	e.raw(`},"response_cost_failure_debug_info":`, r.ResponseCostFailureDebug, "null")
	e.raw(`,"guardrail_information":`, r.GuardrailInformation, "null")
	e.raw(`,"standard_built_in_tools_params":{"web_search_options":`, r.StandardBuiltInToolsParams.WebSearchOptions, "null")
	e.raw(`,"file_search":`, r.StandardBuiltInToolsParams.FileSearch, "null")
	e.b = append(e.b, '}')
	if len(r.WardenTruncated) > 0 {
		e.strings(`,"warden_truncated":`, r.WardenTruncated, "")
	}
	e.b = append(e.b, '}')
}

func (e *logEncoder) key(k string) { e.b = append(e.b, k...) }

func (e *logEncoder) str(k, v string) {
	e.b = appendJSONString(append(e.b, k...), v)
}

func (e *logEncoder) strPtr(k string, v *string) {
	e.b = append(e.b, k...)
	if v == nil {
		e.b = append(e.b, "null"...)
		return
	}
	e.b = appendJSONString(e.b, *v)
}

func (e *logEncoder) int(k string, v int64) {
	e.b = strconv.AppendInt(append(e.b, k...), v, 10)
}

func (e *logEncoder) float(k string, v float64) {
	e.b = append(e.b, k...)
	e.floatValue(v)
}

// floatValue writes f as encoding/json does: like ES6, 'f' format for
// exponents in [-6, 21), 'e' outside with e-09 shortened to e-9.
func (e *logEncoder) floatValue(f float64) {
	if math.IsInf(f, 0) || math.IsNaN(f) {
		e.ok = false // encoding/json reports it
		return
	}
	abs := math.Abs(f)
	format := byte('f')
	if abs != 0 && (abs < 1e-6 || abs >= 1e21) {
		format = 'e'
	}
	b := strconv.AppendFloat(e.b, f, format, -1, 64)
	if format == 'e' {
		n := len(b)
		if n >= 4 && b[n-4] == 'e' && b[n-3] == '-' && b[n-2] == '0' {
			b[n-2] = b[n-1]
			b = b[:n-1]
		}
	}
	e.b = b
}

// strings writes a string list; nil is written as ifNil.
func (e *logEncoder) strings(k string, v []string, ifNil string) {
	e.b = append(e.b, k...)
	if v == nil {
		e.b = append(e.b, ifNil...)
		return
	}
	e.b = append(e.b, '[')
	for i, s := range v {
		if i > 0 {
			e.b = append(e.b, ',')
		}
		e.b = appendJSONString(e.b, s)
	}
	e.b = append(e.b, ']')
}

// raw writes a raw JSON value as encoding/json writes a json.RawMessage:
// checked, compacted, with <, >, &, U+2028 and U+2029 escaped. nil is
// written as ifNil. Values already in that form (Warden's own, and most
// upstream bodies) are copied as they are.
func (e *logEncoder) raw(k string, v json.RawMessage, ifNil string) {
	e.b = append(e.b, k...)
	if v == nil {
		e.b = append(e.b, ifNil...)
		return
	}
	switch checkRaw(v) {
	case rawAsIs:
		e.b = append(e.b, v...)
	case rawRewrite:
		b, err := json.Marshal(v)
		if err != nil {
			e.ok = false
			return
		}
		e.b = append(e.b, b...)
	default:
		e.ok = false
	}
}

// object writes a map as encoding/json does (keys sorted); nil is written
// as ifNil.
func (e *logEncoder) object(m map[string]any, ifNil string) {
	if m == nil {
		e.b = append(e.b, ifNil...)
		return
	}
	e.b = append(e.b, '{')
	if len(m) == 1 {
		for k, v := range m {
			e.b = append(appendJSONString(e.b, k), ':')
			e.any(v)
		}
	} else if len(m) > 1 {
		keys := make([]string, 0, len(m))
		for k := range m {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		for i, k := range keys {
			if i > 0 {
				e.b = append(e.b, ',')
			}
			e.b = append(appendJSONString(e.b, k), ':')
			e.any(m[k])
		}
	}
	e.b = append(e.b, '}')
}

// any writes the values json.Unmarshal produces and a few common Go types
// directly, anything else through encoding/json.
func (e *logEncoder) any(v any) {
	switch x := v.(type) {
	case nil:
		e.b = append(e.b, "null"...)
	case string:
		e.b = appendJSONString(e.b, x)
	case float64:
		e.floatValue(x)
	case bool:
		e.b = strconv.AppendBool(e.b, x)
	case int:
		e.b = strconv.AppendInt(e.b, int64(x), 10)
	case int64:
		e.b = strconv.AppendInt(e.b, x, 10)
	case map[string]any:
		e.object(x, "null")
	case []any:
		if x == nil {
			e.b = append(e.b, "null"...)
			return
		}
		e.b = append(e.b, '[')
		for i, y := range x {
			if i > 0 {
				e.b = append(e.b, ',')
			}
			e.any(y)
		}
		e.b = append(e.b, ']')
	case []string:
		e.strings("", x, "null")
	default:
		b, err := json.Marshal(v)
		if err != nil {
			e.ok = false
			return
		}
		e.b = append(e.b, b...)
	}
}

const hexDigits = "0123456789abcdef"

// appendJSONString is encoding/json's string encoding with HTML escaping:
// <, >, & and control characters as \u00XX, invalid UTF-8 as \ufffd,
// U+2028 and U+2029 escaped.
func appendJSONString(dst []byte, s string) []byte {
	dst = append(dst, '"')
	start := 0
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' && c != '<' && c != '>' && c != '&' {
				i++
				continue
			}
			dst = append(dst, s[start:i]...)
			switch c {
			case '\\', '"':
				dst = append(dst, '\\', c)
			case '\b':
				dst = append(dst, '\\', 'b')
			case '\f':
				dst = append(dst, '\\', 'f')
			case '\n':
				dst = append(dst, '\\', 'n')
			case '\r':
				dst = append(dst, '\\', 'r')
			case '\t':
				dst = append(dst, '\\', 't')
			default:
				dst = append(dst, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xF])
			}
			i++
			start = i
			continue
		}
		c, size := utf8.DecodeRuneInString(s[i:])
		if c == utf8.RuneError && size == 1 {
			dst = append(dst, s[start:i]...)
			dst = append(dst, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if c == '\u2028' || c == '\u2029' {
			dst = append(dst, s[start:i]...)
			dst = append(dst, '\\', 'u', '2', '0', '2', hexDigits[c&0xF])
			i += size
			start = i
			continue
		}
		i += size
	}
	dst = append(dst, s[start:]...)
	return append(dst, '"')
}

// Results of checkRaw.
const (
	rawInvalid = iota // not one JSON value: encoding/json fails
	rawAsIs           // valid, compact, nothing to escape: copy it
	rawRewrite        // valid, but spaced or holding <, >, &, U+2028 or U+2029
)

// checkRaw validates a raw value with encoding/json's grammar (surrounding
// whitespace allowed) and tells whether encoding/json would write it
// unchanged: it compacts whitespace and escapes <, >, &, U+2028 and U+2029,
// which in valid JSON can only stand inside strings.
func checkRaw(b []byte) int {
	s := jsonscan.New(b)
	end := s.Value(s.SkipSpace(0))
	if end < 0 || s.SkipSpace(end) != len(b) {
		return rawInvalid
	}
	if s.Spaces() > 0 || needsEscape(b) {
		return rawRewrite
	}
	return rawAsIs
}

// needsEscape reports whether b holds <, >, & or U+2028 or U+2029 (E2 80
// A8, E2 80 A9 in UTF-8), which encoding/json escapes in a raw value. Each
// byte is looked for with bytes.IndexByte, which scans many bytes per
// instruction, where bytes.ContainsAny tests one byte at a time: on the
// raw values of a request log (messages, response) this was about a third
// of checkRaw's time.
func needsEscape(b []byte) bool {
	if bytes.IndexByte(b, '<') >= 0 || bytes.IndexByte(b, '>') >= 0 || bytes.IndexByte(b, '&') >= 0 {
		return true
	}
	for rest := b; ; {
		i := bytes.IndexByte(rest, 0xE2)
		if i < 0 || len(rest)-i < 3 {
			return false
		}
		if rest[i+1] == 0x80 && (rest[i+2] == 0xA8 || rest[i+2] == 0xA9) {
			return true
		}
		rest = rest[i+1:]
	}
}

// Timestamp formats t the way TimeGenerated and conviction_timestamp are
// written: UTC, RFC 3339 with microseconds.
func Timestamp(t time.Time) string {
	return t.UTC().Format("2006-01-02T15:04:05.000000Z07:00")
}

// UnixSeconds converts t to the float seconds LiteLLM uses for startTime and
// endTime.
func UnixSeconds(t time.Time) float64 {
	return float64(t.UnixNano()) / 1e9
}
