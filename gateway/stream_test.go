package gateway

import (
	"bufio"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// Chunks are not flushed one by one any more, but when Warden is about to
// wait on the upstream: a chunk that arrived must still reach the client
// while the upstream has not sent the next one. The upstream here sends its
// next chunks only once the client has read the first (bounded wait, no
// sleep), so a chunk held in Warden fails the test instead of passing late.
func TestStreamChunkReachesClientBeforeTheNextArrives(t *testing.T) {
	clientGot := make(chan struct{})
	up := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/event-stream")
		fl := w.(http.Flusher)
		ev := func(content string) {
			fmt.Fprintf(w, "data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"gpt-4o\",\"choices\":[{\"index\":0,\"delta\":{\"content\":%q},\"finish_reason\":null}]}\n\n", content)
		}
		ev("first")
		ev(" second") // arrives with the first: both may go out in one write
		fl.Flush()
		select {
		case <-clientGot:
		case <-r.Context().Done():
			return
		case <-time.After(10 * time.Second):
			return // the test fails on the missing third chunk
		}
		ev(" third")
		fmt.Fprint(w, "data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"gpt-4o\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\ndata: [DONE]\n\n")
	}))
	defer up.Close()
	g := newGateway(t, "model_list:\n  - {model_name: m, litellm_params: {model: openai/gpt-4o, api_base: os.environ/U}}\n",
		map[string]string{"U": up.URL})
	req, _ := http.NewRequest("POST", g.URL()+"/v1/chat/completions", strings.NewReader(chat("m", `,"stream":true`)))
	resp, err := g.client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	sc := bufio.NewScanner(resp.Body)
	var got []string
	signaled := false
	for sc.Scan() {
		line := sc.Text()
		if !strings.HasPrefix(line, "data: ") {
			continue
		}
		got = append(got, line)
		if strings.Contains(line, `" second"`) && !signaled {
			signaled = true
			close(clientGot)
		}
	}
	if !signaled {
		close(clientGot)
	}
	all := strings.Join(got, "\n")
	if !signaled || !strings.Contains(all, `" third"`) || got[len(got)-1] != "data: [DONE]" {
		t.Fatalf("client read before the upstream went on: %v; whole stream:\n%s", signaled, all)
	}
	r := g.reqs.requests(t, 1)[0]
	if r.Status != "success" || !strings.Contains(string(r.Response), "first second third") {
		t.Fatalf("record %s %s", r.Status, r.Response)
	}
}
