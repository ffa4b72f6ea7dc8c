package gateway

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
)

var jsonSeeds = []string{
	``, ` `, `null`, `{}`, `[]`, `"s"`, `1`, ` {"a":1} `, `{"a":1} x`, `{"a":1}{"b":2}`, `{"a":1,}`, `{"a"}`, `{a:1}`,
	`{"model":"gpt-4o","messages":[{"role":"user","content":"hi"}],"temperature":0.2,"stream":true}`,
	"{ \"model\" : \"m\" ,\n\t\"messages\" : [ ] , \"x\" : { \"y\" : [ 1 , 2.5e-3 , -0 , true , false , null ] } }",
	`{"\u006dodel":"escaped key","model":"dup","model":"last"}`,
	`{"s":"a\"b\\c\/d\b\f\n\r\t\u2028\ud800\u00e9 <&>","bad":"` + "\xff\xfe" + `","u":"é 🙂"}`,
	`{"n":01}`, `{"n":-}`, `{"n":1.}`, `{"n":1e}`, `{"n":1e400}`, `{"n":-1E+2}`, `{"t":tru}`, `{"t":nul}`,
	`{"c":"` + "\x01" + `"}`, `{"e":"\x"}`, `{"e":"\u12"}`, `{"a":[1 2]}`, `{"a":[,]}`, `{"a":[1,]}`,
	`{"metadata":{"tags":["a","b"],"TAGS":["c"]}}`, `{"metadata":{"Tags":["x"]}}`, `{"metadata":{"tags":null}}`,
	`{"metadata":{"tags":["a",1]}}`, `{"metadata":{"tags":"a"}}`, `{"metadata":{"tag\u0073":["e"]}}`, `{"metadata":{"tagſ":["k"]}}`,
	`{"metadata":{"tags":[]}}`, `{"metadata":{"tags":[ "a" , "b\n" ]}}`, `{"tags":["x","y"]}`, `{"tags":[]}`, `{"tags":null}`,
	`{"a":` + strings.Repeat("[", 10000) + strings.Repeat("]", 10000) + `}`,
	`{"a":` + strings.Repeat("[", 9999) + strings.Repeat("]", 9999) + `}`,
}

// FuzzJSONHelpers: the scanner-based helpers agree with encoding/json on
// every input: the object's members and the decoded values (validity and
// DecodeString are checked in jsonscan).
func FuzzJSONHelpers(f *testing.F) {
	for _, s := range jsonSeeds {
		f.Add([]byte(s))
	}
	f.Add([]byte(benchBody))
	f.Fuzz(func(t *testing.T, data []byte) {
		got := map[string]json.RawMessage{}
		ok := splitObject(data, got)
		var want map[string]json.RawMessage
		err := json.Unmarshal(data, &want)
		if ok != (err == nil && want != nil) {
			t.Fatalf("splitObject ok = %v, json.Unmarshal: %v, %v", ok, err, want)
		}
		if !ok {
			return
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("members %q, json.Unmarshal %q", got, want)
		}
		for k, raw := range got {
			// Keys are forwarded upstream by appendJSONString: it must
			// give back the decoded key.
			var back string
			if err := json.Unmarshal(appendJSONString(nil, k), &back); err != nil || back != k {
				t.Fatalf("appendJSONString(%q) decodes to %q, %v", k, back, err)
			}
			var ss []string
			sserr := json.Unmarshal(raw, &ss)
			if gss, ok := decodeStrings(raw); ok != (sserr == nil) || (ok && !reflect.DeepEqual(gss, ss)) {
				t.Fatalf("%s: decodeStrings = %q, %v; json.Unmarshal %q, %v", k, gss, ok, ss, sserr)
			}
			var x any
			xerr := json.Unmarshal(raw, &x)
			if gx, ok := decodeAny(raw); ok != (xerr == nil) || (ok && !reflect.DeepEqual(gx, x)) {
				t.Fatalf("%s: decodeAny = %#v, %v; json.Unmarshal %#v, %v", k, gx, ok, x, xerr)
			}
			if msgs, ok := splitMessages(raw); ok {
				var want []message
				if err := json.Unmarshal(raw, &want); err != nil || !reflect.DeepEqual(msgs, want) {
					t.Fatalf("%s: splitMessages = %#v; json.Unmarshal %#v, %v", k, msgs, want, err)
				}
			}
			if len(raw) > 0 && raw[0] == '{' {
				var md struct {
					Tags []string `json:"tags"`
				}
				_ = json.Unmarshal(raw, &md)
				if tags := metadataTags(raw); !reflect.DeepEqual(tags, md.Tags) {
					t.Fatalf("%s: metadataTags = %#v, json.Unmarshal %#v", k, tags, md.Tags)
				}
			}
		}
	})
}

func FuzzAppendJSONString(f *testing.F) {
	for _, s := range []string{"", "gpt-4o", `a"b\c`, "\x01\t\n", "é 🙂", "\xff\xc9", "\u2028<&>"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var back, want string
		wb, _ := json.Marshal(s)
		_ = json.Unmarshal(wb, &want) // invalid UTF-8 becomes U+FFFD, byte by byte
		if err := json.Unmarshal(appendJSONString(nil, s), &back); err != nil || back != want {
			t.Fatalf("appendJSONString(%q) decodes to %q, %v; want %q", s, back, err, want)
		}
	})
}
