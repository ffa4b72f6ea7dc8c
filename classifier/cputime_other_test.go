//go:build !unix

package classifier

import "time"

// cpuTime is not measured here (no getrusage); the benchmark then omits
// cpu-ns/op.
func cpuTime() time.Duration { return 0 }
