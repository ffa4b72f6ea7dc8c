package gateway

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"reflect"
	"testing"
)

func sha(key string) string {
	sum := sha256.Sum256([]byte(key))
	return hex.EncodeToString(sum[:])
}

// TestRecordOfDeferredFields checks the record's fields that are made after
// the answer (key hash, trace id, model parameters) against what the
// request said, with and without a master key.
func TestRecordOfDeferredFields(t *testing.T) {
	const models = "model_list:\n - {model_name: m, litellm_params: {model: mock/m, mock_response: ok}}\n"
	tests := []struct {
		name   string
		master bool
		key    string
		body   string
		status int
		hash   string // "" = no hash
		alias  string // "" = no alias
		params map[string]any
		tags   []string
	}{
		{name: "no key", body: `{"model":"m","messages":[{"role":"user","content":"hi"}]}`, status: 200},
		{name: "key without master", key: "sk-a", status: 200, hash: sha("sk-a"),
			body:   `{"model":"m","messages":[{"role":"user","content":"hi"}],"temperature":0.2,"max_tokens":5,"metadata":{"a":1},"tags":["x"],"user":"u"}`,
			params: map[string]any{"temperature": 0.2, "max_tokens": 5.0}, tags: []string{"x"}},
		{name: "params of every type", key: "sk-b", status: 200, hash: sha("sk-b"),
			body:   `{"model":"m","messages":[{"role":"user","content":"hi"}],"stop":["a","b"],"n":1,"logprobs":false,"seed":null,"response_format":{"type":"json_object"},"x":"y"}`,
			params: map[string]any{"stop": []any{"a", "b"}, "n": 1.0, "logprobs": false, "seed": nil, "response_format": map[string]any{"type": "json_object"}, "x": "y"}},
		{name: "master key", master: true, key: "sk-1", status: 200, hash: sha("sk-1"), alias: "master_key",
			body: `{"model":"m","messages":[{"role":"user","content":"hi"}]}`},
		{name: "wrong key", master: true, key: "sk-2", status: 401, hash: sha("sk-2"),
			body: `{"model":"m","messages":[{"role":"user","content":"hi"}],"temperature":1}`},
		{name: "bad request", key: "sk-c", status: 400, hash: sha("sk-c"),
			body: `{"model":"m","messages":[],"temperature":1,"tags":["t"],"metadata":{"tags":["mt"]}}`,
			tags: []string{"mt", "t"}},
		{name: "unknown model", status: 400,
			body: `{"model":"nope","messages":[{"role":"user","content":"hi"}],"tags":["t"],"metadata":{"tags":["mt"]}}`,
			tags: []string{"mt", "t"}},
		{name: "bad metadata", status: 400,
			body: `{"model":"m","messages":[{"role":"user","content":"hi"}],"tags":["t"],"metadata":[1]}`},
		{name: "tags", status: 200,
			body: `{"model":"m","messages":[{"role":"user","content":"hi"}],"tags":["t","u"],"metadata":{"TAGS":["mt"],"x":1}}`,
			tags: []string{"mt", "t", "u"}},
		{name: "odd tags", status: 200,
			body: `{"model":"m","messages":[{"role":"user","content":"hi"}],"tags":"t","metadata":{"tags":null}}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			yml := models
			if tt.master {
				yml += "general_settings: {master_key: sk-1}\n"
			}
			g := newGateway(t, yml, nil)
			var hdr []string
			if tt.key != "" {
				hdr = []string{"Authorization", "Bearer " + tt.key}
			}
			for range 2 {
				if code, _, body := g.post(t, "/v1/chat/completions", tt.body, hdr...); code != tt.status {
					t.Fatalf("status %d, want %d: %s", code, tt.status, body)
				}
			}
			recs := g.reqs.requests(t, 2)
			for _, r := range recs {
				if got := deref(r.Metadata.UserAPIKeyHash); got != tt.hash {
					t.Errorf("key hash %q, want %q", got, tt.hash)
				}
				if got := deref(r.Metadata.UserAPIKeyAlias); got != tt.alias {
					t.Errorf("key alias %q, want %q", got, tt.alias)
				}
				if !reflect.DeepEqual(r.ModelParameters, tt.params) {
					t.Errorf("model parameters %#v, want %#v", r.ModelParameters, tt.params)
				}
				if !reflect.DeepEqual(r.RequestTags, tt.tags) {
					t.Errorf("request tags %#v, want %#v", r.RequestTags, tt.tags)
				}
				if len(r.TraceID) != 36 || r.TraceID == r.ID {
					t.Errorf("trace id %q (call id %q)", r.TraceID, r.ID)
				}
			}
			if recs[0].TraceID == recs[1].TraceID {
				t.Errorf("two calls share the trace id %q", recs[0].TraceID)
			}
		})
	}
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// TestRequesterOfKey: a caller with a key and neither alias nor user is
// known by the key's hash, made on demand before the record needs it.
func TestRequesterOfKey(t *testing.T) {
	alias := "team"
	tests := []struct {
		c    call
		want string
	}{
		{call{key: "sk-a", ip: "10.0.0.1"}, "key:" + sha("sk-a")[:12]},
		{call{key: "sk-a", user: "u", ip: "10.0.0.1"}, "u"},
		{call{key: "sk-a", keyAlias: &alias, user: "u"}, "team"},
		{call{ip: "10.0.0.1"}, "10.0.0.1"},
	}
	for _, tt := range tests {
		c := tt.c
		if got := requesterOf(&c); got != tt.want {
			t.Errorf("requesterOf(%+v) = %q, want %q", tt.c, got, tt.want)
		}
		if h := c.hashKey(); deref(h) != map[bool]string{true: sha("sk-a"), false: ""}[tt.c.key != ""] {
			t.Errorf("hashKey = %v", deref(h))
		}
		if c.key != "" {
			t.Errorf("the key is kept after hashing")
		}
	}
}

// TestMaxTokens: the guard's max tokens read from the raw request values
// as the model parameters decode them.
func TestMaxTokens(t *testing.T) {
	tests := []struct {
		fields map[string]string
		want   int
	}{
		{nil, 0},
		{map[string]string{"max_tokens": "5"}, 5},
		{map[string]string{"max_tokens": "5.9"}, 5},
		{map[string]string{"max_tokens": `"5"`}, 0},
		{map[string]string{"max_tokens": "null", "max_completion_tokens": "7"}, 7},
		{map[string]string{"max_tokens": "3", "max_completion_tokens": "7"}, 3},
		{map[string]string{"max_completion_tokens": "1e3"}, 1000},
	}
	for _, tt := range tests {
		f := map[string][]byte{}
		for k, v := range tt.fields {
			f[k] = []byte(v)
		}
		raw := map[string]json.RawMessage{}
		for k, v := range f {
			raw[k] = v
		}
		if got := maxTokens(raw); got != tt.want {
			t.Errorf("maxTokens(%v) = %d, want %d", tt.fields, got, tt.want)
		}
	}
}
