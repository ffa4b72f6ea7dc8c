package provider

import (
	"net/http"
	"slices"
	"testing"
)

func TestKeepHeaders(t *testing.T) {
	h := http.Header{"X-Request-Id": {"r1"}, "Openai-Processing-Ms": {"12"}, "X-Ratelimit-Remaining-Tokens": {"9"},
		"anthropic-ratelimit-requests-limit": {"5"}, "Content-Type": {"application/json"}, "Set-Cookie": {"s=1"},
		"X-Request-Ids": {"no"}, "X-Ratelimit": {"no"}}
	got := keepHeaders(h)
	var names []string
	for k := range got {
		names = append(names, k)
	}
	slices.Sort(names)
	want := []string{"Openai-Processing-Ms", "X-Ratelimit-Remaining-Tokens", "X-Request-Id", "anthropic-ratelimit-requests-limit"}
	if !slices.Equal(names, want) {
		t.Errorf("kept %v, want %v", names, want)
	}
	if keepHeaders(http.Header{"Content-Type": {"x"}}) != nil {
		t.Error("nothing to keep should give nil")
	}
}
