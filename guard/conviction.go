package guard

import (
	"time"
	"unicode/utf8"

	"github.com/google/uuid"
	"github.com/wardenhq/warden/record"
)

// Event identifies the request a decision belongs to.
type Event struct {
	RequestID         string // the request log's id (attributable_event_id)
	ConcludingEventID string // the event where the decision was made (pre_call or post_call event)
	Requester         string // key alias, end user or IP
	Model             string
	Time              time.Time // decision time; zero = Decision.Start
}

// EngineName prefixes the conviction's engine_name; the detector id follows.
const EngineName = "warden-aidr"

// maxExcerpt bounds the excerpt column (runes).
const maxExcerpt = 160

// Convictions returns one conviction per detection of d, ready to enqueue on
// the conviction stream.
func (e *Engine) Convictions(d Decision, ev Event) []record.Conviction {
	if len(d.Detections) == 0 {
		return nil
	}
	ts := ev.Time
	if ts.IsZero() {
		ts = d.Start
	}
	if ts.IsZero() {
		ts = e.opts.Now()
	}
	concluding := ev.ConcludingEventID
	if concluding == "" {
		concluding = ev.RequestID
	}
	out := make([]record.Conviction, 0, len(d.Detections))
	for _, det := range d.Detections {
		c := record.Conviction{
			TimeGenerated:       record.Timestamp(ts),
			ConvictionID:        newConvictionID(),
			TenantID:            e.opts.TenantID,
			SensorID:            e.opts.SensorID,
			RequesterID:         ev.Requester,
			Source:              "aidr",
			DetectionCategory:   det.Category,
			AttributableEventID: ev.RequestID,
			ConcludingEventID:   concluding,
			ConvictionTimestamp: record.Timestamp(ts),
			Mitre:               record.Mitre{Tactic: det.Tactic, Technique: det.Technique}.String(),
			Severity:            det.Severity,
			EngineName:          EngineName + "/" + det.DetectorID,
			DetectorID:          det.DetectorID,
			Action:              det.Action.String(),
			Score:               det.Score,
			Threshold:           det.Threshold,
			OWASPCategory:       det.OWASP,
			Model:               ev.Model,
			Excerpt:             det.Excerpt,
		}
		out = append(out, c)
	}
	return out
}

// excerptOf cuts a single-line excerpt around [start,end) of s, on white
// space. Callers mask it (maskSensitive) or pass masked text, then cut it to
// maxExcerpt with truncateRunes.
func excerptOf(s string, start, end int) string {
	if start < 0 {
		start = 0
	}
	if end > len(s) {
		end = len(s)
	}
	if end < start {
		end = start
	}
	const ctx = 40
	a := max(0, start-ctx)
	b := min(len(s), max(end, start+maxExcerpt)+ctx)
	// Snap to white space so no token (a secret, an address) is cut in
	// half: a cut token would escape masking.
	for k := 0; a > 0 && k < 64 && s[a-1] != ' ' && s[a-1] != '\n'; k++ {
		a--
	}
	for k := 0; b < len(s) && k < 64 && s[b] != ' ' && s[b] != '\n'; k++ {
		b++
	}
	for a > 0 && !utf8.RuneStart(s[a]) {
		a--
	}
	for b < len(s) && !utf8.RuneStart(s[b]) {
		b++
	}
	ex := collapseSpace(s[a:b])
	if a > 0 {
		ex = "…" + ex
	}
	if b < len(s) {
		ex += "…"
	}
	return ex
}

func truncateRunes(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	i, k := 0, 0
	for i = range s {
		if k == n-1 {
			break
		}
		k++
	}
	return s[:i] + "…"
}

// collapseSpace turns runs of white space (and control characters) into one
// space, so excerpts stay on one line.
func collapseSpace(s string) string {
	b := make([]byte, 0, len(s))
	sp := false
	for _, r := range s {
		if r == ' ' || r == '\n' || r == '\t' || r == '\r' || r < 0x20 || r == 0x7f {
			if !sp && len(b) > 0 {
				b = append(b, ' ')
			}
			sp = true
			continue
		}
		if isInvisible(r) {
			continue
		}
		sp = false
		b = utf8.AppendRune(b, r)
	}
	return string(b)
}

// newConvictionID is a time-ordered UUID (version 7): the local store's
// unique index on the id then grows at its end instead of rewriting pages
// all over the file (half the insert cost at 400,000 rows).
func newConvictionID() string { return uuid.Must(uuid.NewV7()).String() }
