package gateway

import (
	"testing"
	"time"

	"github.com/google/uuid"
)

// Call and trace ids are RFC 9562 UUIDs of version 7 whose time is the
// moment they were made, and they do not repeat.
func TestNewIDIsUUIDv7(t *testing.T) {
	seen := map[string]bool{}
	before := time.Now().UnixMilli()
	for range 10000 {
		id := newID()
		u, err := uuid.Parse(id)
		if err != nil || u.String() != id {
			t.Fatalf("%q is not a canonical UUID: %v", id, err)
		}
		if u.Version() != 7 || u.Variant() != uuid.RFC4122 {
			t.Fatalf("%q: version %d variant %v, want 7 and RFC 4122", id, u.Version(), u.Variant())
		}
		if sec, _ := u.Time().UnixTime(); sec < before/1000 || sec > time.Now().Unix() {
			t.Fatalf("%q: time %d s outside [%d, now]", id, sec, before/1000)
		}
		if seen[id] {
			t.Fatalf("%q made twice", id)
		}
		seen[id] = true
	}
}

func BenchmarkNewID(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		_ = newID()
	}
}

func BenchmarkNewIDUUID(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		_ = uuid.Must(uuid.NewV7()).String()
	}
}
