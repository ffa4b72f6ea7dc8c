// Package e2e holds Warden's end-to-end tests: whole paths through the real
// packages (pipeline, spool, Sentinel exporter, azidentity) against the
// emulator standing in for Azure, and child processes killed mid-work.
package e2e

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"syscall"
	"testing"
	"time"

	"github.com/wardenhq/warden/delivery"
	"github.com/wardenhq/warden/emulator"
	"github.com/wardenhq/warden/pipeline"
	"github.com/wardenhq/warden/record"
	"github.com/wardenhq/warden/sentinel"
)

// startEmulator runs an emulator for the test and returns it with the
// Sentinel settings a client needs to reach it.
func startEmulator(t testing.TB) (*emulator.Server, sentinel.Settings) {
	t.Helper()
	emu, err := emulator.New(emulator.Options{DataDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	if err := emu.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = emu.Shutdown(ctx)
	})
	return emu, settingsFrom(emu.Env())
}

func settingsFrom(env map[string]string) sentinel.Settings {
	var s sentinel.Settings
	s.ApplyEnv(func(k string) string { return env[k] })
	return s
}

// fastRetries keeps the exporters' backoff short so tests finish quickly;
// Retry-After from the emulator is still honoured as sent.
func fastRetries(eo *sentinel.ExporterOptions) {
	eo.InitialBackoff, eo.MaxBackoff, eo.ConfigErrorPause = 10*time.Millisecond, 200*time.Millisecond, 200*time.Millisecond
}

func openStreams(t testing.TB, s sentinel.Settings, dataDir string, po pipeline.Options) *delivery.Streams {
	t.Helper()
	if po.FlushInterval == 0 {
		po.FlushInterval = 20 * time.Millisecond
	}
	st, err := delivery.Open(delivery.Options{Settings: s, DataDir: dataDir, Pipeline: po, Exporter: fastRetries})
	if err != nil {
		t.Fatal(err)
	}
	st.Start()
	return st
}

func requestLog(id string) record.RequestLog {
	r := record.SampleRequestLog()
	r.ID = id
	r.TimeGenerated = record.Timestamp(time.Now())
	r.WardenTruncated = nil
	return r
}

// distinctIDs counts the distinct request ids the emulator stored, and the
// rows in all (more rows than ids means a batch was stored twice, which
// Azure's at-least-once contract allows).
func distinctIDs(emu *emulator.Server, prefix string) (ids, rows int) {
	seen := map[string]bool{}
	for _, r := range emu.Rows(record.RequestTable) {
		id, _ := r["id"].(string)
		if len(id) >= len(prefix) && id[:len(prefix)] == prefix {
			seen[id] = true
			rows++
		}
	}
	return len(seen), rows
}

func setFaults(t testing.TB, emu *emulator.Server, f emulator.Faults) {
	t.Helper()
	if err := emu.SetFaults(f); err != nil {
		t.Fatal(err)
	}
}

// TestNoLossThroughErrorsAndThrottling: 20,000 records through 30% 503s and
// 20% 429s (Retry-After: 1) all arrive.
func TestNoLossThroughErrorsAndThrottling(t *testing.T) {
	emu, s := startEmulator(t)
	setFaults(t, emu, emulator.Faults{ErrorRate: 0.3, ErrorStatus: 503, ThrottleRate: 0.2, RetryAfterSeconds: 1})
	st := openStreams(t, s, t.TempDir(), pipeline.Options{})
	const n = 20000
	for i := range n {
		if err := st.Requests.Enqueue(requestLog(fmt.Sprintf("noloss-%05d", i))); err != nil {
			t.Fatal(err)
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	if err := st.WaitDelivered(ctx); err != nil {
		t.Fatalf("not delivered: %v (emulator stats %+v)", err, emu.Stats().RequestsByStatus)
	}
	if err := st.Shutdown(ctx); err != nil {
		t.Fatal(err)
	}
	ids, rows := distinctIDs(emu, "noloss-")
	if ids != n {
		t.Fatalf("%d distinct ids arrived, want %d", ids, n)
	}
	stats := emu.Stats()
	if stats.RequestsByStatus["503"] == 0 || stats.RequestsByStatus["429"] == 0 {
		t.Fatalf("faults were not exercised: %v", stats.RequestsByStatus)
	}
	t.Logf("%d records, %d rows stored, requests by status %v", n, rows, stats.RequestsByStatus)
}

// TestOutageAndRecovery: while the emulator is down records wait in the
// spool; when it comes back they all arrive.
func TestOutageAndRecovery(t *testing.T) {
	emu, s := startEmulator(t)
	st := openStreams(t, s, t.TempDir(), pipeline.Options{})
	// Azure answers at first (a token is cached), then goes away mid-run.
	if err := st.Requests.Enqueue(requestLog("outage-warmup")); err != nil {
		t.Fatal(err)
	}
	wctx, wcancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer wcancel()
	if err := st.WaitDelivered(wctx); err != nil {
		t.Fatal(err)
	}
	setFaults(t, emu, emulator.Faults{Outage: true})
	const n = 2000
	for i := range n {
		if err := st.Requests.Enqueue(requestLog(fmt.Sprintf("outage-%05d", i))); err != nil {
			t.Fatal(err)
		}
	}
	// Let delivery fail for a while, then end the outage.
	deadline := time.Now().Add(10 * time.Second)
	for emu.Stats().AbortedRequests < 3 && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	if got, _ := distinctIDs(emu, "outage-"); got != 1 {
		t.Fatalf("%d records stored during the outage", got-1)
	}
	if emu.Stats().AbortedRequests < 3 {
		t.Fatalf("delivery did not try during the outage: %+v", emu.Stats())
	}
	setFaults(t, emu, emulator.Faults{})
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if err := st.WaitDelivered(ctx); err != nil {
		t.Fatal(err)
	}
	if err := st.Shutdown(ctx); err != nil {
		t.Fatal(err)
	}
	if got, _ := distinctIDs(emu, "outage-"); got != n+1 {
		t.Fatalf("%d distinct ids arrived, want %d", got-1, n)
	}
}

// The child process of TestKilledMidDeliveryLosesNothing: it opens the
// delivery pipelines on a data directory, enqueues WARDEN_E2E_COUNT records
// (none on a restart), prints "enqueued", and delivers until everything is
// acknowledged.
func TestMain(m *testing.M) {
	if os.Getenv("WARDEN_E2E_CHILD") == "1" {
		os.Exit(runChild())
	}
	code := m.Run()
	if binPath != "" {
		// The binary wardenBinary built lives in its own temporary directory.
		_ = os.RemoveAll(filepath.Dir(binPath))
	}
	os.Exit(code)
}

func runChild() int {
	n, _ := strconv.Atoi(os.Getenv("WARDEN_E2E_COUNT"))
	s := sentinel.Settings{}
	s.ApplyEnv(os.Getenv)
	st, err := delivery.Open(delivery.Options{Settings: s, DataDir: os.Getenv("WARDEN_E2E_DATA"), Exporter: fastRetries,
		Pipeline: pipeline.Options{MaxBatchBytes: 32 << 10, Concurrency: 2, FlushInterval: 10 * time.Millisecond}})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	for i := range n {
		if err := st.Requests.Enqueue(requestLog(fmt.Sprintf("killed-%05d", i))); err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
	}
	fmt.Println("enqueued")
	st.Start()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	if err := st.WaitDelivered(ctx); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	if err := st.Shutdown(ctx); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	return 0
}

// TestKilledMidDeliveryLosesNothing: a Warden process killed with SIGKILL
// while delivering to the emulator, then restarted, delivers every record.
func TestKilledMidDeliveryLosesNothing(t *testing.T) {
	emu, _ := startEmulator(t)
	setFaults(t, emu, emulator.Faults{LatencyMS: 50}) // slow enough to kill mid-way
	dataDir := t.TempDir()
	const n = 3000

	child := func(count int) (*exec.Cmd, *bufio.Scanner) {
		cmd := exec.Command(os.Args[0], "-test.run=^$")
		cmd.Env = append(os.Environ(), "WARDEN_E2E_CHILD=1", "WARDEN_E2E_DATA="+dataDir, "WARDEN_E2E_COUNT="+strconv.Itoa(count))
		for k, v := range emu.Env() {
			cmd.Env = append(cmd.Env, k+"="+v)
		}
		cmd.Stderr = os.Stderr
		out, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		return cmd, bufio.NewScanner(out)
	}

	first, out := child(n)
	if !out.Scan() || out.Text() != "enqueued" {
		_ = first.Process.Kill()
		_ = first.Wait()
		t.Fatalf("child did not enqueue: %q", out.Text())
	}
	// Kill it once part, but not all, of the records have arrived.
	deadline := time.Now().Add(time.Minute)
	for {
		got, _ := distinctIDs(emu, "killed-")
		if got > 0 {
			break
		}
		if time.Now().After(deadline) {
			_ = first.Process.Kill()
			t.Fatal("nothing delivered before the kill")
		}
		time.Sleep(5 * time.Millisecond)
	}
	if err := first.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	_ = first.Wait()
	before, _ := distinctIDs(emu, "killed-")
	if before >= n {
		t.Fatalf("all %d records arrived before the kill; the test did not kill mid-delivery", n)
	}

	setFaults(t, emu, emulator.Faults{})
	second, _ := child(0)
	if err := second.Wait(); err != nil {
		t.Fatalf("restarted child: %v", err)
	}
	ids, rows := distinctIDs(emu, "killed-")
	if ids != n {
		t.Fatalf("%d distinct ids arrived after the restart, want %d", ids, n)
	}
	t.Logf("killed after %d of %d records; %d rows stored in all (re-sent batches are duplicates, allowed)", before, n, rows)
}
