package provider

import (
	"bytes"
	"errors"
	"io"
	"strconv"
	"strings"
	"testing"
	"testing/iotest"
)

func TestSSEReader(t *testing.T) {
	long := strings.Repeat("x", 200<<10) // longer than the bufio buffer
	in := ": keep-alive\r\n\r\n" +
		"event: message_start\r\ndata: {\"a\":1}\r\n\r\n" +
		"data: line1\ndata:line2\nid: 7\nretry: 10\n\n" +
		"data: " + long + "\n\n" +
		"event: lonely\n\n" +
		"data: [DONE]" // no trailing newline
	r := newSSEReader(strings.NewReader(in))
	type ev struct{ event, data string }
	var got []ev
	for i := 0; i < 10; i++ {
		e, d, err := r.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, ev{string(e), string(d)})
	}
	want := []ev{{"message_start", `{"a":1}`}, {"", "line1\nline2"}, {"", long}, {"", "[DONE]"}}
	if len(got) != len(want) {
		t.Fatalf("got %d events: %q", len(got), got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("event %d = %.80q, want %.80q", i, got[i], want[i])
		}
	}
}

// refSSE is the straightforward parser (bufio lines, data copied) the reader is checked against.
func refSSE(in []byte) (events [][2]string) {
	var data, event []byte
	has := false
	for len(in) > 0 {
		line := in
		if i := bytes.IndexByte(in, '\n'); i >= 0 {
			line, in = in[:i], in[i+1:]
		} else {
			in = nil
		}
		line = bytes.TrimSuffix(line, []byte("\r"))
		switch {
		case len(line) == 0:
			if has {
				events = append(events, [2]string{string(event), string(data)})
			}
			data, event, has = data[:0], event[:0], false
			continue
		case line[0] == ':':
			continue
		}
		field, value := line, []byte(nil)
		if i := bytes.IndexByte(line, ':'); i >= 0 {
			field, value = line[:i], bytes.TrimPrefix(line[i+1:], []byte(" "))
		}
		switch string(field) {
		case "data":
			if has {
				data = append(data, '\n')
			}
			data, has = append(data, value...), true
		case "event":
			event = append(event[:0], value...)
		}
	}
	if has {
		events = append(events, [2]string{string(event), string(data)})
	}
	return events
}

// readAllSSE reads every event, copying each before the next call (whose data may overwrite it).
func readAllSSE(t testing.TB, r io.Reader) [][2]string {
	sr := newSSEReader(r)
	defer sr.release()
	var got [][2]string
	for {
		e, d, err := sr.Next()
		if err == io.EOF {
			return got
		}
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, [2]string{string(e), string(d)})
	}
}

// TestSSEReaderManyEvents crosses the buffer's end many times, with events of every size (some
// longer than the buffer, some of several data lines), read whole and one byte at a time.
func TestSSEReaderManyEvents(t *testing.T) {
	var b strings.Builder
	for i := range 600 {
		size := (i * 7919) % 3000
		if i%97 == 0 {
			size = 40000 + i
		}
		if i%5 == 0 {
			b.WriteString(": ping\r\n\r\n")
		}
		if i%11 == 0 {
			b.WriteString("event: e" + strconv.Itoa(i) + "\n")
		}
		b.WriteString("data: " + strings.Repeat(string(rune('a'+i%26)), size) + "\n")
		if i%13 == 0 {
			b.WriteString("data:second line " + strconv.Itoa(i) + "\r\ndata: third\n")
		}
		b.WriteString("\n")
	}
	in := []byte(b.String())
	want := refSSE(in)
	if len(want) != 600 {
		t.Fatalf("reference found %d events", len(want))
	}
	for name, r := range map[string]io.Reader{
		"whole":    bytes.NewReader(in),
		"one byte": iotest.OneByteReader(bytes.NewReader(in)),
		"halves":   iotest.HalfReader(bytes.NewReader(in)),
		"data+err": iotest.DataErrReader(bytes.NewReader(in)),
	} {
		got := readAllSSE(t, r)
		if len(got) != len(want) {
			t.Fatalf("%s: %d events, want %d", name, len(got), len(want))
		}
		for i := range want {
			if got[i] != want[i] {
				t.Fatalf("%s: event %d = %.60q, want %.60q", name, i, got[i], want[i])
			}
		}
	}
}

func TestSSEReaderReadError(t *testing.T) {
	boom := errors.New("boom")
	r := newSSEReader(io.MultiReader(strings.NewReader("data: a\n\ndata: b"), iotest.ErrReader(boom)))
	if _, d, err := r.Next(); err != nil || string(d) != "a" {
		t.Fatalf("%q %v", d, err)
	}
	for range 2 { // sticky
		if _, _, err := r.Next(); err != boom {
			t.Fatalf("got %v, want boom", err)
		}
	}
}

func TestSSEReaderLineLimit(t *testing.T) {
	r := newSSEReader(io.MultiReader(strings.NewReader("data: "), bytes.NewReader(bytes.Repeat([]byte("y"), maxSSELine+(128<<10)))))
	if _, _, err := r.Next(); err == nil || !strings.Contains(err.Error(), "longer than") {
		t.Fatalf("got %v", err)
	}
}

func FuzzSSEReader(f *testing.F) {
	f.Add([]byte("data: {\"x\":1}\n\ndata: [DONE]\n\n"))
	f.Add([]byte("event: a\r\ndata: b\r\n\r\n:c\n\ndata\n\n"))
	f.Add([]byte("data: a\ndata: b"))
	f.Add([]byte("data: x\r\n\r\ndata:\n\nevent: z\ndata: 1\ndata: 2\n"))
	f.Fuzz(func(t *testing.T, in []byte) {
		want := refSSE(in)
		for _, r := range []io.Reader{bytes.NewReader(in), iotest.OneByteReader(bytes.NewReader(in))} {
			got := readAllSSE(t, r)
			if len(got) != len(want) {
				t.Fatalf("%d events, want %d: %q", len(got), len(want), got)
			}
			for i := range want {
				if got[i] != want[i] {
					t.Fatalf("event %d = %q, want %q", i, got[i], want[i])
				}
			}
		}
	})
}

func FuzzToAnthropic(f *testing.F) {
	f.Add([]byte(`{"messages":[{"role":"user","content":"hi"}]}`))
	f.Add([]byte(`{"messages":[{"role":"assistant","content":null,"tool_calls":[{"id":"a","function":{"name":"f","arguments":"{}"}}]},{"role":"tool","tool_call_id":"a","content":[{"type":"text","text":"r"}]}],"stop":"x","tool_choice":"auto","tools":[{"type":"function","function":{"name":"f"}}]}`))
	f.Fuzz(func(t *testing.T, in []byte) {
		out, err := toAnthropic(in, "m", false)
		if err != nil {
			if _, ok := err.(*Error); !ok {
				t.Fatalf("error %T is not *Error", err)
			}
			return
		}
		if !bytes.HasPrefix(out, []byte(`{"model":"m"`)) {
			t.Fatalf("output %s", out)
		}
	})
}

func TestEstimateTokens(t *testing.T) {
	cases := map[string]int64{"": 0, "a": 1, "abcd": 1, "abcde": 2, strings.Repeat("x", 400): 100}
	for in, want := range cases {
		if got := EstimateTokens(in); got != want {
			t.Errorf("EstimateTokens(%d chars) = %d, want %d", len(in), got, want)
		}
	}
	if got := estimatePrompt(Chat, []byte(`{"messages":[{"role":"user","content":[{"type":"text","text":"abcdefgh"},{"type":"image_url","image_url":{"url":"x"}}]}]}`)); got != 3+4+2 {
		t.Errorf("parts prompt = %d", got)
	}
	if got := estimatePrompt(Embedding, []byte(`{"input":[[1,2,3],"abcd"]}`)); got != 4 {
		t.Errorf("embedding input = %d", got)
	}
}
