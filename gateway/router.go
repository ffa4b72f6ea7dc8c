package gateway

import (
	"math/rand/v2"
	"sync"
	"time"

	"github.com/wardenhq/warden/config"
	"github.com/wardenhq/warden/provider"
)

// deployment is one model_list entry ready to call, with its live state:
// rpm/tpm use in the current minute, recent failures, cooldown and calls in
// flight.
type deployment struct {
	entry     config.ModelEntry
	group     string
	id        string // model_info.id or a stable hash
	dep       provider.Deployment
	prov      provider.Provider
	apiBase   string // for the request log: api_base or the provider's default
	priceName string // model name used for the price lookup (model_info.base_model wins)
	rpm, tpm  int
	retries   int // litellm_params.max_retries: attempts on this deployment beyond the first; -1 = no own limit

	// Response header values naming the deployment, made once.
	idHdr, groupHdr, apiBaseHdr []string

	mu        sync.Mutex
	minute    int64 // unix minute of the counters below
	reqs      int
	tokens    int64
	fails     []time.Time // within the last minute
	coolUntil time.Time
	inFlight  int
}

// group is the deployments of one model_name.
type group struct {
	name        string
	deployments []*deployment
}

// router picks a deployment of a group for each attempt.
type router struct {
	strategy     string
	allowedFails int
	cooldown     time.Duration
	now          func() time.Time
}

// errNoDeployment is answered when every deployment of a group is over its
// rpm/tpm limit or cooling down.
func errNoDeployment(g string) *apiError {
	return &apiError{Status: 429, Type: "rate_limit_error", Class: "RateLimitError", Code: "429",
		Message: "no deployment of model " + g + " is available: each is over its rpm/tpm limit or cooling down after failures; retry later"}
}

// pick chooses a deployment not in tried that is within its limits and not
// cooling down, and counts the request against its rpm. It returns nil when
// none is available.
func (r *router) pick(g *group, tried map[*deployment]int, estTokens int64) *deployment {
	now := r.now()
	minute := now.Unix() / 60
	var cand []*deployment
	var fallback []*deployment // already tried but still allowed: used when nothing fresh is left
	for _, d := range g.deployments {
		if !d.available(now, minute, estTokens) {
			continue
		}
		n, seen := tried[d]
		switch {
		case !seen:
			cand = append(cand, d)
		case d.retries < 0 || n <= d.retries:
			fallback = append(fallback, d)
		}
	}
	if len(cand) == 0 {
		cand = fallback
	}
	if len(cand) == 0 {
		return nil
	}
	var d *deployment
	switch r.strategy {
	case "least-busy":
		d = leastBy(cand, func(d *deployment) int64 { return int64(d.inFlight) })
	case "usage-based-routing", "usage-based-routing-v2":
		d = leastBy(cand, func(d *deployment) int64 {
			if d.minute != minute {
				return 0
			}
			return d.tokens
		})
	default:
		d = weighted(cand)
	}
	d.mu.Lock()
	d.roll(minute)
	d.reqs++
	d.inFlight++
	d.mu.Unlock()
	return d
}

// available reports whether d can take a call now.
func (d *deployment) available(now time.Time, minute int64, estTokens int64) bool {
	d.mu.Lock()
	defer d.mu.Unlock()
	if now.Before(d.coolUntil) {
		return false
	}
	d.roll(minute)
	if d.rpm > 0 && d.reqs >= d.rpm {
		return false
	}
	if d.tpm > 0 && d.tokens+estTokens > int64(d.tpm) && d.tokens > 0 {
		return false
	}
	return true
}

// roll resets the per-minute counters when the minute changed. d.mu held.
func (d *deployment) roll(minute int64) {
	if d.minute != minute {
		d.minute, d.reqs, d.tokens = minute, 0, 0
	}
}

// done ends an attempt: it releases the in-flight slot and adds the tokens
// used to the minute's count.
func (r *router) done(d *deployment, tokens int64) {
	d.mu.Lock()
	d.inFlight--
	d.roll(r.now().Unix() / 60)
	d.tokens += tokens
	d.mu.Unlock()
}

// failed records a failure of d. More than allowed_fails failures within a
// minute put it in cooldown, as LiteLLM's router does; a group with a single
// deployment never cools down (there would be nothing left to serve it).
func (r *router) failed(g *group, d *deployment) {
	if len(g.deployments) < 2 {
		return
	}
	now := r.now()
	d.mu.Lock()
	defer d.mu.Unlock()
	keep := d.fails[:0]
	for _, t := range d.fails {
		if now.Sub(t) < time.Minute {
			keep = append(keep, t)
		}
	}
	d.fails = append(keep, now)
	if len(d.fails) > r.allowedFails {
		d.coolUntil = now.Add(r.cooldown)
		d.fails = d.fails[:0]
	}
}

// weighted picks at random, weighted by rpm (or tpm when no candidate has
// an rpm), uniformly when neither is set: LiteLLM's simple-shuffle.
func weighted(cand []*deployment) *deployment {
	if len(cand) == 1 {
		return cand[0]
	}
	weight := func(d *deployment) int { return d.rpm }
	total := 0
	for _, d := range cand {
		total += d.rpm
	}
	if total == 0 {
		weight = func(d *deployment) int { return d.tpm }
		for _, d := range cand {
			total += d.tpm
		}
	}
	if total == 0 {
		return cand[rand.IntN(len(cand))]
	}
	n := rand.IntN(total)
	for _, d := range cand {
		n -= weight(d)
		if n < 0 {
			return d
		}
	}
	return cand[len(cand)-1]
}

// leastBy picks the candidate with the smallest key, ties broken at random.
func leastBy(cand []*deployment, key func(*deployment) int64) *deployment {
	var best []*deployment
	var bestKey int64
	for _, d := range cand {
		d.mu.Lock()
		k := key(d)
		d.mu.Unlock()
		switch {
		case len(best) == 0 || k < bestKey:
			best, bestKey = []*deployment{d}, k
		case k == bestKey:
			best = append(best, d)
		}
	}
	return best[rand.IntN(len(best))]
}
