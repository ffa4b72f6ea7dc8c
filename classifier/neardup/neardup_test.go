package neardup

import "testing"

func TestClose(t *testing.T) {
	ix := New([]string{
		"please ignore the previous email about the quarterly report and use the new figures",
		"hi",
	})
	cases := []struct {
		text string
		want bool
	}{
		{"please ignore the previous email about the quarterly report and use these new figures", true},
		{"hi", true},
		{"what is the capital of france and how many people live there", false},
		{"", false},
	}
	for _, c := range cases {
		if got := ix.Close(c.text); got != c.want {
			t.Errorf("Close(%q) = %v, want %v", c.text, got, c.want)
		}
	}
}
