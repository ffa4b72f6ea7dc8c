package record

import (
	"bytes"
	"encoding/json"
	"math"
	"math/rand/v2"
	"strings"
	"syscall"
	"testing"
	"time"
)

// sameAsEncodingJSON fails unless AppendJSON (and MarshalJSON, and
// json.Marshal of the record) give exactly encoding/json's bytes for r, or
// the same error.
func sameAsEncodingJSON(t *testing.T, r RequestLog) {
	t.Helper()
	want, werr := r.marshalReflect()
	got, gerr := r.MarshalJSON()
	if (werr == nil) != (gerr == nil) || (werr != nil && werr.Error() != gerr.Error()) {
		t.Fatalf("error %v, encoding/json's %v", gerr, werr)
	}
	if !bytes.Equal(got, want) {
		i := 0
		for i < len(got) && i < len(want) && got[i] == want[i] {
			i++
		}
		t.Fatalf("output differs from encoding/json's at byte %d\n got: %s\nwant: %s", i, got, want)
	}
	if werr != nil {
		return
	}
	// Appending to a buffer with content keeps it.
	pre := []byte("prefix")
	app, err := r.AppendJSON(pre)
	if err != nil || !bytes.Equal(app, append([]byte("prefix"), want...)) {
		t.Fatalf("AppendJSON onto a prefix: %v\n%s", err, app)
	}
	// Through json.Marshal (a Marshaler's output is checked again).
	viaMarshal, err := json.Marshal(&r)
	wantVia, wantErr := json.Marshal(reflectLog{r})
	if (err == nil) != (wantErr == nil) || !bytes.Equal(viaMarshal, wantVia) {
		t.Fatalf("json.Marshal: %v (encoding/json: %v)\n%s", err, wantErr, viaMarshal)
	}
}

// reflectLog marshals as MarshalJSON did with encoding/json.
type reflectLog struct{ r RequestLog }

func (l reflectLog) MarshalJSON() ([]byte, error) { return l.r.marshalReflect() }

var trickyStrings = []string{
	"", "plain", `quote " backslash \ slash /`, "<script>&amp;</script>", "tab\tnew\nline\rcr\bbs\fff",
	"\x00\x01\x1f\x7f", "é ü 中文 🙂", "\u2028\u2029", "bad utf8 \xff\xfe \xc3", "\xe2\x80", "\xed\xa0\x80",
	strings.Repeat("long ", 300),
}

var trickyRaw = []string{
	`[]`, `{}`, `null`, `true`, `0`, `-1.5e-7`, `"x"`,
	`[{"role":"user","content":"Hello, world!"}]`,
	" [ 1 , 2 ,\n\t{ \"a\" : \"b c\" } ]\r\n",
	`{"html":"<b>&</b>","sep":"` + "\u2028\u2029" + `"}`,
	`{"esc":"\u003c\"\\\/\b\f\n\r\t\u00e9\ud83d\ude42"}`,
	`{"bad utf8":"` + "\xff" + `"}`,
	// Invalid: encoding/json fails, and so must AppendJSON, with its error.
	``, ` `, `[1,]`, `{"a":1} {"b":2}`, `{"a"}`, `01`, `1.`, `"unterminated`, `tru`, "\"ctl\x01\"", `[1 2]`,
	strings.Repeat("[", 10001) + strings.Repeat("]", 10001),
	strings.Repeat("[", 10000) + strings.Repeat("]", 10000),
}

var trickyFloats = []float64{0, math.Copysign(0, -1), 1, -1, 0.1, 1e-6, 9.99999e-7, 1e-7, 1e20, 1e21, 123456789012345678901234.0,
	math.MaxFloat64, math.SmallestNonzeroFloat64, 1.7668e9, 1766000068.284660, 0.000225, 2.5e-06, math.NaN(), math.Inf(1), math.Inf(-1)}

func TestAppendJSONMatchesEncodingJSON(t *testing.T) {
	sameAsEncodingJSON(t, RequestLog{})
	sameAsEncodingJSON(t, SampleRequestLog())
	for _, s := range trickyStrings {
		r := SampleRequestLog()
		r.ID, r.Model, r.EndUser, r.ErrorInformation.ErrorMessage = s, s, s, s
		r.RequestTags = []string{s, s}
		r.Metadata.UserAPIKeyAlias = &s
		r.ModelParameters = map[string]any{s: s, "b" + s: []any{s, 1.5, nil, true, map[string]any{s: s}}}
		r.WardenTruncated = []string{s}
		sameAsEncodingJSON(t, r)
	}
	for _, raw := range trickyRaw {
		r := SampleRequestLog()
		r.Messages = json.RawMessage(raw)
		sameAsEncodingJSON(t, r)
		r = RequestLog{}
		r.Metadata.RequesterMetadata = json.RawMessage(raw)
		r.StandardBuiltInToolsParams.FileSearch = json.RawMessage(raw)
		sameAsEncodingJSON(t, r)
	}
	for _, f := range trickyFloats {
		r := SampleRequestLog()
		r.StartTime, r.ResponseCost = f, -f
		r.HiddenParams.LiteLLMOverheadTimeMS = &f
		sameAsEncodingJSON(t, r)
		r = RequestLog{ModelParameters: map[string]any{"temperature": f}}
		sameAsEncodingJSON(t, r)
	}
	// Types json.Unmarshal never produces go through encoding/json.
	type custom struct {
		A int `json:"a"`
	}
	sameAsEncodingJSON(t, RequestLog{ModelParameters: map[string]any{
		"f32": float32(0.1), "int": 7, "int64": int64(-8), "uint": uint(9), "struct": custom{A: 1}, "strs": []string{"<", "b"},
		"nilstrs": []string(nil), "nilmap": map[string]any(nil), "nilslice": []any(nil), "raw": json.RawMessage(` {"x" : 1} `),
		"number": json.Number("12.50"), "func": nil,
	}})
	sameAsEncodingJSON(t, RequestLog{HiddenParams: HiddenParams{AdditionalHeaders: map[string]any{"bad": func() {}}}})
	sameAsEncodingJSON(t, RequestLog{ModelParameters: map[string]any{"bad": math.NaN()}})
}

// TestAppendJSONRandomRecords compares with encoding/json on many random
// records built from the tricky values.
func TestAppendJSONRandomRecords(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	str := func() string { return trickyStrings[rng.IntN(len(trickyStrings))] }
	strp := func() *string {
		if rng.IntN(3) == 0 {
			return nil
		}
		s := str()
		return &s
	}
	raw := func() json.RawMessage {
		switch rng.IntN(4) {
		case 0:
			return nil
		case 1:
			return json.RawMessage(trickyRaw[rng.IntN(len(trickyRaw))])
		}
		return json.RawMessage(trickyRaw[rng.IntN(11)]) // valid ones
	}
	flt := func() float64 {
		if rng.IntN(2) == 0 {
			return trickyFloats[rng.IntN(len(trickyFloats)-3)] // finite
		}
		return (rng.Float64() - 0.5) * math.Pow(10, float64(rng.IntN(60)-30))
	}
	var val func(depth int) any
	val = func(depth int) any {
		switch rng.IntN(7) {
		case 0:
			return nil
		case 1:
			return str()
		case 2:
			return flt()
		case 3:
			return rng.IntN(2) == 0
		case 4:
			if depth < 3 {
				return []any{val(depth + 1), val(depth + 1)}
			}
		case 5:
			if depth < 3 {
				return map[string]any{str(): val(depth + 1), str(): val(depth + 1)}
			}
		}
		return int64(rng.IntN(1000))
	}
	obj := func() map[string]any {
		if rng.IntN(4) == 0 {
			return nil
		}
		m := map[string]any{}
		for range rng.IntN(5) {
			m[str()] = val(0)
		}
		return m
	}
	strs := func() []string {
		if rng.IntN(3) == 0 {
			return nil
		}
		out := []string{}
		for range rng.IntN(3) {
			out = append(out, str())
		}
		return out
	}
	for range 3000 {
		var cacheHit *bool
		if rng.IntN(3) > 0 {
			cacheHit = new(rng.IntN(2) == 0)
		}
		overhead := flt()
		r := RequestLog{
			TimeGenerated: str(), ID: str(), TraceID: str(), CallType: str(), CacheHit: cacheHit, Stream: rng.IntN(2) == 0,
			Status: str(), CustomLLMProvider: str(), SavedCacheCost: flt(), StartTime: flt(), EndTime: flt(),
			CompletionStartTime: flt(), ResponseTime: flt(), Model: str(),
			Metadata: Metadata{UserAPIKeyHash: strp(), UserAPIKeyAlias: strp(), UserAPIKeyTeamID: strp(), UserAPIKeyOrgID: strp(),
				UserAPIKeyUserID: strp(), UserAPIKeyTeamAlias: strp(), UserAPIKeyUserEmail: strp(), SpendLogsMetadata: raw(),
				RequesterIPAddress: strp(), RequesterMetadata: raw(), UserAPIKeyEndUserID: strp(), PromptManagementMetadata: raw(),
				AppliedGuardrails: strs(), MCPToolCallMetadata: raw(), VectorStoreRequestMetadata: raw(), GuardrailInformation: raw()},
			CacheKey: strp(), ResponseCost: flt(), TotalTokens: rng.Int64() - rng.Int64(), PromptTokens: rng.Int64N(1e6),
			CompletionTokens: -rng.Int64N(1e6), RequestTags: strs(), EndUser: str(), APIBase: str(), ModelGroup: str(),
			ModelID: str(), RequesterIPAddress: strp(), Messages: raw(), Response: raw(), ModelParameters: obj(),
			HiddenParams: HiddenParams{ModelID: strp(), CacheKey: strp(), APIBase: str(), ResponseCost: flt(),
				AdditionalHeaders: obj(), BatchModels: raw(), LiteLLMModelName: str()},
			ModelMapInformation: ModelMapInformation{ModelMapKey: str(), ModelMapValue: raw()},
			ErrorStr:            strp(),
			ErrorInformation: ErrorInformation{ErrorCode: str(), ErrorClass: str(), LLMProvider: str(), Traceback: str(),
				ErrorMessage: str()},
			ResponseCostFailureDebug: raw(), GuardrailInformation: raw(),
			StandardBuiltInToolsParams: StandardBuiltInToolsParams{WebSearchOptions: raw(), FileSearch: raw()},
			WardenTruncated:            strs(),
		}
		if rng.IntN(2) == 0 {
			r.HiddenParams.LiteLLMOverheadTimeMS = &overhead
		}
		sameAsEncodingJSON(t, r)
	}
}

// FuzzAppendJSON: arbitrary strings, raw values and floats encode exactly
// as encoding/json encodes them.
func FuzzAppendJSON(f *testing.F) {
	for i, s := range trickyStrings {
		f.Add(s, []byte(trickyRaw[i%len(trickyRaw)]), trickyFloats[i%len(trickyFloats)])
	}
	for i, raw := range trickyRaw {
		f.Add(trickyStrings[i%len(trickyStrings)], []byte(raw), trickyFloats[i%len(trickyFloats)])
	}
	f.Fuzz(func(t *testing.T, s string, raw []byte, fl float64) {
		r := SampleRequestLog()
		r.ID, r.ErrorInformation.Traceback = s, s
		r.Metadata.UserAPIKeyEndUserID = &s
		r.RequestTags = []string{s}
		r.Response = raw
		r.GuardrailInformation = raw
		r.ResponseTime = fl
		r.ModelParameters = map[string]any{s: fl, "x": s}
		sameAsEncodingJSON(t, r)
	})
}

func BenchmarkMarshalRequestLog(b *testing.B) {
	r := SampleRequestLog()
	b.Run("AppendJSON", func(b *testing.B) {
		buf := make([]byte, 0, 4096)
		b.ReportAllocs()
		cpu0 := cpuTime()
		for b.Loop() {
			var err error
			if buf, err = r.AppendJSON(buf[:0]); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(cpuTime()-cpu0)/float64(b.N), "cpu-ns/op")
	})
	b.Run("MarshalJSON", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := r.MarshalJSON(); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("encoding-json", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := r.marshalReflect(); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// TestNeedsEscape checks needsEscape against its definition: the bytes
// encoding/json escapes in a raw value, wherever they stand.
func TestNeedsEscape(t *testing.T) {
	def := func(b []byte) bool {
		return bytes.ContainsAny(b, "<>&") || bytes.Contains(b, []byte("\u2028")) || bytes.Contains(b, []byte("\u2029"))
	}
	for _, s := range []string{
		"", `{}`, `"a<b"`, `"a>b"`, `"a&b"`, "\"\u2028\"", "\"\u2029\"", "\"\u202a\"", "\"\u2027\"",
		"\xe2", "\xe2\x80", "\xe2\x80\xa8", "\xe2\x80\xa9", "\xe2\x80\xaa", "\xe2\xe2\x80\xa8", "\xe2\x81\xa8",
		`"€ and … and ‘quotes’"`, "x\xe2\x80", `"plain ascii text with no special bytes at all, long enough to span words"`,
	} {
		if got, want := needsEscape([]byte(s)), def([]byte(s)); got != want {
			t.Errorf("needsEscape(%q) = %v, want %v", s, got, want)
		}
	}
}

func FuzzNeedsEscape(f *testing.F) {
	f.Add([]byte("\"\u2028\""))
	f.Add([]byte("\xe2\xe2\x80\xa9"))
	f.Add([]byte(`{"a":"<b>"}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		want := bytes.ContainsAny(b, "<>&") || bytes.Contains(b, []byte("\u2028")) || bytes.Contains(b, []byte("\u2029"))
		if got := needsEscape(b); got != want {
			t.Errorf("needsEscape(%q) = %v, want %v", b, got, want)
		}
	})
}

// cpuTime is the CPU time of the process (user and system, every thread):
// on a shared machine it is steadier than wall-clock time.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
