package guard

import (
	"encoding/base64"
	"encoding/json"
	"hash/crc32"
	"math"
	"strings"
)

// secretMatch is one credential found in a text.
type secretMatch struct {
	start, end int // span to redact (the secret value, not its label)
	entity     string
	score      float64 // 1 = verified (checksum), ~0.9 = known prefix + entropy, < 0.5 = placeholder
	severity   string  // "" = configured severity
}

// Scores of secret findings. Below the default threshold 0.5: placeholders
// and documentation examples, which are reported nowhere.
const (
	scoreVerified    = 1.0
	scoreKnownFormat = 0.9
	scoreLikely      = 0.75
	scorePlaceholder = 0.2
)

type charset func(c byte) bool

func isAlnum(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}
func isB64URL(c byte) bool { return isAlnum(c) || c == '-' || c == '_' }
func isB64(c byte) bool    { return isAlnum(c) || c == '+' || c == '/' }
func isUpperB32(c byte) bool {
	return c >= 'A' && c <= 'Z' || c >= '2' && c <= '7'
}
func isTokenChar(c byte) bool { return isB64URL(c) || c == '.' }

// prefixSpec is a credential with a fixed prefix.
type prefixSpec struct {
	prefix   string
	entity   string
	chars    charset
	min, max int // length of the part after the prefix
	check    func(tok, body string) float64
	severity string
}

var prefixSpecs = []prefixSpec{
	{prefix: "ghp_", entity: "GITHUB_TOKEN", chars: isAlnum, min: 36, max: 36, check: githubCheck},
	{prefix: "gho_", entity: "GITHUB_TOKEN", chars: isAlnum, min: 36, max: 36, check: githubCheck},
	{prefix: "ghu_", entity: "GITHUB_TOKEN", chars: isAlnum, min: 36, max: 36, check: githubCheck},
	{prefix: "ghs_", entity: "GITHUB_TOKEN", chars: isAlnum, min: 36, max: 36, check: githubCheck},
	{prefix: "ghr_", entity: "GITHUB_TOKEN", chars: isAlnum, min: 36, max: 36, check: githubCheck},
	{prefix: "github_pat_", entity: "GITHUB_TOKEN", chars: func(c byte) bool { return isAlnum(c) || c == '_' }, min: 82, max: 82, check: entropyCheck(4.0)},
	{prefix: "glpat-", entity: "GITLAB_TOKEN", chars: isB64URL, min: 20, max: 64, check: entropyCheck(3.5)},
	{prefix: "xoxb-", entity: "SLACK_TOKEN", chars: func(c byte) bool { return isAlnum(c) || c == '-' }, min: 20, max: 200, check: entropyCheck(3.2)},
	{prefix: "xoxp-", entity: "SLACK_TOKEN", chars: func(c byte) bool { return isAlnum(c) || c == '-' }, min: 20, max: 200, check: entropyCheck(3.2)},
	{prefix: "xoxa-", entity: "SLACK_TOKEN", chars: func(c byte) bool { return isAlnum(c) || c == '-' }, min: 20, max: 200, check: entropyCheck(3.2)},
	{prefix: "xoxr-", entity: "SLACK_TOKEN", chars: func(c byte) bool { return isAlnum(c) || c == '-' }, min: 20, max: 200, check: entropyCheck(3.2)},
	{prefix: "xoxs-", entity: "SLACK_TOKEN", chars: func(c byte) bool { return isAlnum(c) || c == '-' }, min: 20, max: 200, check: entropyCheck(3.2)},
	{prefix: "xapp-", entity: "SLACK_TOKEN", chars: func(c byte) bool { return isAlnum(c) || c == '-' }, min: 20, max: 200, check: entropyCheck(3.2)},
	{prefix: "sk_live_", entity: "STRIPE_KEY", chars: isAlnum, min: 24, max: 247, check: entropyCheck(3.5), severity: "critical"},
	{prefix: "rk_live_", entity: "STRIPE_KEY", chars: isAlnum, min: 24, max: 247, check: entropyCheck(3.5), severity: "critical"},
	{prefix: "AIza", entity: "GOOGLE_API_KEY", chars: isB64URL, min: 35, max: 35, check: entropyCheck(3.5)},
	{prefix: "sk-ant-", entity: "ANTHROPIC_KEY", chars: isB64URL, min: 60, max: 200, check: entropyCheck(4.0)},
	{prefix: "sk-", entity: "OPENAI_KEY", chars: isB64URL, min: 32, max: 250, check: openAICheck},
	{prefix: "hf_", entity: "HUGGINGFACE_TOKEN", chars: isAlnum, min: 34, max: 40, check: entropyCheck(3.8)},
	{prefix: "npm_", entity: "NPM_TOKEN", chars: isAlnum, min: 36, max: 36, check: githubCheck},
	{prefix: "AccountKey=", entity: "AZURE_STORAGE_KEY", chars: func(c byte) bool { return isB64(c) || c == '=' }, min: 86, max: 90, check: entropyCheck(4.5), severity: "critical"},
	{prefix: "SharedAccessKey=", entity: "AZURE_SHARED_ACCESS_KEY", chars: func(c byte) bool { return isB64(c) || c == '=' }, min: 43, max: 90, check: entropyCheck(4.3)},
}

// awsKeyPrefixes are the 4-letter prefixes of AWS access key ids (AKIA
// long-term, ASIA temporary, and the other IAM unique-id kinds).
var awsKeyPrefixes = []string{"AKIA", "ASIA", "ABIA", "ACCA", "AROA", "AIDA", "AGPA", "ANPA", "ANVA", "AIPA", "APKA"}

// specsByFirst indexes prefixSpecs by the first byte of the prefix.
var specsByFirst = func() (m [256][]int) {
	for i, p := range prefixSpecs {
		m[p.prefix[0]] = append(m[p.prefix[0]], i)
	}
	return m
}()

// findSecrets returns the credentials in text. It reads the text once,
// trying the known prefixes only where a token starts.
func findSecrets(text string) []secretMatch { return findSecretsIn(text, gates{}) }

// findSecretsIn is findSecrets with phase 0's gates of text: a finder runs
// only when the text has what every one of its matches needs.
func findSecretsIn(text string, g gates) []secretMatch {
	var ms []secretMatch
	if g.anyLit(&phase0.prefixed) {
		ms = findPrefixed(text, ms)
	}
	if g.anyLit(&phase0.aws) {
		ms = findAWS(text, ms)
	}
	if g.lit(phase0.pem) && strings.Contains(text, "-----BEGIN ") {
		ms = findPrivateKeys(text, ms)
	}
	if g.lit(phase0.jwt) && strings.Contains(text, "eyJ") {
		ms = findJWTs(text, ms)
	}
	if g.lit(phase0.scheme) && g.has(pAt) {
		ms = findURLCredentials(text, ms)
	}
	if g.lit(phase0.azq) && strings.Contains(text, "Q~") {
		ms = findAzureClientSecrets(text, ms)
	}
	if g.has(pAssign) && g.anyLit(&phase0.labels) {
		ms = findAssignedSecrets(text, ms)
	}
	return ms
}

// findPrefixed finds the credentials with a known prefix (prefixSpecs).
func findPrefixed(text string, ms []secretMatch) []secretMatch {
	for s := 0; s < len(text); s++ {
		c := text[s]
		if s > 0 && (isAlnum(text[s-1]) || text[s-1] == '_' || text[s-1] == '-') {
			continue
		}
		for _, k := range specsByFirst[c] {
			p := &prefixSpecs[k]
			if !strings.HasPrefix(text[s:], p.prefix) {
				continue
			}
			if p.prefix == "sk-" && strings.HasPrefix(text[s+3:], "ant-") {
				continue // Anthropic, handled by its own spec
			}
			off := s + len(p.prefix)
			e := off
			for e < len(text) && p.chars(text[e]) && e-off < p.max+1 {
				e++
			}
			n := e - off
			if n < p.min || n > p.max || (e < len(text) && p.chars(text[e])) {
				continue
			}
			body := text[off:e]
			score := p.check(text[s:e], body)
			if isPlaceholder(body) {
				score = min(score, scorePlaceholder)
			}
			vs := s
			if p.prefix[len(p.prefix)-1] == '=' {
				vs = off // redact the value, keep "AccountKey="
			}
			ms = append(ms, secretMatch{start: vs, end: e, entity: p.entity, score: score, severity: p.severity})
			s = e - 1
			break
		}
	}
	return ms
}

// githubCheck verifies the CRC-32 checksum of GitHub's (and npm's) token
// format: 30 random base62 characters then 6 characters of base62 CRC-32.
func githubCheck(tok, body string) float64 {
	if len(body) != 36 {
		return scorePlaceholder
	}
	random, sum := body[:30], body[30:]
	if v, ok := base62Decode(sum); ok && v == uint64(crc32.ChecksumIEEE([]byte(random))) {
		return scoreVerified
	}
	// Wrong checksum: a typo'd or made-up token. Still a credential shape if
	// it is random enough (old tokens and copies with a changed character).
	if shannon(random) >= 4.0 {
		return 0.6
	}
	return scorePlaceholder
}

const base62Alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"

func base62Decode(s string) (uint64, bool) {
	var v uint64
	for i := 0; i < len(s); i++ {
		k := strings.IndexByte(base62Alphabet, s[i])
		if k < 0 {
			return 0, false
		}
		v = v*62 + uint64(k)
	}
	return v, true
}

func entropyCheck(min float64) func(tok, body string) float64 {
	return func(tok, body string) float64 {
		if shannon(body) >= min-0.5*math.Max(0, 5-math.Log2(float64(len(body)))) {
			return scoreKnownFormat
		}
		return scorePlaceholder
	}
}

// openAICheck: "T3BlbkFJ" is base64 of "OpenAI" inside every OpenAI key; keys
// without it (sk- is a common prefix) need high entropy and a mix of classes.
func openAICheck(tok, body string) float64 {
	if strings.Contains(body, "T3BlbkFJ") {
		return scoreVerified
	}
	if strings.HasPrefix(body, "proj-") || strings.HasPrefix(body, "svcacct-") || strings.HasPrefix(body, "admin-") {
		if shannon(body) >= 4.2 {
			return scoreKnownFormat
		}
		return scorePlaceholder
	}
	if shannon(body) >= 4.5 && hasClasses(body) {
		return scoreLikely
	}
	return scorePlaceholder
}

func hasClasses(s string) bool {
	var lo, up, dg bool
	for i := 0; i < len(s); i++ {
		c := s[i]
		lo = lo || c >= 'a' && c <= 'z'
		up = up || c >= 'A' && c <= 'Z'
		dg = dg || c >= '0' && c <= '9'
	}
	return lo && up && dg
}

// findAWS finds access key ids and the secret keys next to them.
func findAWS(text string, ms []secretMatch) []secretMatch {
	var keyAt []int
	for i := 0; i+20 <= len(text); i++ {
		if text[i] != 'A' {
			k := strings.IndexByte(text[i:len(text)-19], 'A')
			if k < 0 {
				break
			}
			i += k
		}
		if i > 0 && isAlnum(text[i-1]) {
			continue
		}
		p := text[i : i+4]
		known := false
		for _, k := range awsKeyPrefixes {
			if p == k {
				known = true
				break
			}
		}
		if !known {
			continue
		}
		ok := true
		for j := i + 4; j < i+20; j++ {
			if !isUpperB32(text[j]) {
				ok = false
				break
			}
		}
		if !ok || i+20 < len(text) && isAlnum(text[i+20]) {
			continue
		}
		id := text[i : i+20]
		score := scoreKnownFormat
		if strings.Contains(id, "EXAMPLE") || shannon(id[4:]) < 3.0 {
			score = scorePlaceholder // AKIAIOSFODNN7EXAMPLE is AWS's documentation key
		}
		ms = append(ms, secretMatch{start: i, end: i + 20, entity: "AWS_ACCESS_KEY", score: score})
		keyAt = append(keyAt, i)
		i += 19
	}
	// Secret access keys: 40 base64 characters near a key id or a label.
	lower := ""
	labelled := strings.Contains(text, "ecret") || strings.Contains(text, "SECRET")
	if len(keyAt) == 0 && !labelled {
		return ms
	}
	if labelled {
		lower = strings.ToLower(text)
	}
	for i := 0; i+40 <= len(text); i++ {
		if !isB64(text[i]) || i > 0 && (isB64(text[i-1]) || text[i-1] == '=') {
			continue
		}
		j := i
		for j < len(text) && isB64(text[j]) {
			j++
		}
		if j-i != 40 {
			i = j
			continue
		}
		tok := text[i:j]
		near := false
		for _, k := range keyAt {
			if d := i - k; d > -300 && d < 300 {
				near = true
			}
		}
		if !near && lower != "" {
			ctx := lower[max(0, i-60):i]
			near = strings.Contains(ctx, "secret_access_key") || strings.Contains(ctx, "secretaccesskey") ||
				strings.Contains(ctx, "aws_secret") || strings.Contains(ctx, "secret access key") || strings.Contains(ctx, "secret_key")
		}
		if near && hasClasses(tok) && shannon(tok) >= 4.2 {
			score := scoreKnownFormat
			if strings.Contains(tok, "EXAMPLE") {
				score = scorePlaceholder
			}
			ms = append(ms, secretMatch{start: i, end: j, entity: "AWS_SECRET_KEY", score: score, severity: "critical"})
		}
		i = j
	}
	return ms
}

// findPrivateKeys finds PEM private key blocks.
func findPrivateKeys(text string, ms []secretMatch) []secretMatch {
	for off := 0; ; {
		i := strings.Index(text[off:], "-----BEGIN ")
		if i < 0 {
			return ms
		}
		s := off + i
		off = s + 11
		lineEnd := strings.Index(text[off:], "-----")
		if lineEnd < 0 || lineEnd > 40 {
			continue
		}
		label := text[off : off+lineEnd]
		if !strings.HasSuffix(label, "PRIVATE KEY") && !strings.HasSuffix(label, "PRIVATE KEY BLOCK") {
			continue
		}
		bodyStart := off + lineEnd + 5
		e := strings.Index(text[bodyStart:], "-----END ")
		end := len(text)
		if e >= 0 {
			end = bodyStart + e
			if k := strings.Index(text[end+9:], "-----"); k >= 0 && k < 40 {
				end = end + 9 + k + 5
			}
		} else {
			end = min(len(text), bodyStart+8192)
		}
		n := 0
		for k := bodyStart; k < end; k++ {
			if isB64(text[k]) {
				n++
			}
		}
		score := scoreVerified
		if n < 64 { // "-----BEGIN PRIVATE KEY----- ... -----END PRIVATE KEY-----"
			score = scorePlaceholder
		}
		ms = append(ms, secretMatch{start: s, end: end, entity: "PRIVATE_KEY", score: score, severity: "critical"})
		off = end
	}
}

// findJWTs finds JSON Web Tokens: three base64url parts whose header decodes
// to JSON with "alg".
func findJWTs(text string, ms []secretMatch) []secretMatch {
	for off := 0; ; {
		i := strings.Index(text[off:], "eyJ")
		if i < 0 {
			return ms
		}
		s := off + i
		off = s + 3
		if s > 0 && isB64URL(text[s-1]) {
			continue
		}
		var parts [3]string
		p, k := 0, s
		start := s
		for k <= len(text) {
			if k < len(text) && isB64URL(text[k]) {
				k++
				continue
			}
			parts[p] = text[start:k]
			p++
			if p == 3 || k >= len(text) || text[k] != '.' {
				break
			}
			k++
			start = k
		}
		if p != 3 || len(parts[0]) < 10 || len(parts[1]) < 10 {
			continue
		}
		hdr, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(parts[0], "="))
		if err != nil {
			continue
		}
		var h struct {
			Alg string `json:"alg"`
		}
		if json.Unmarshal(hdr, &h) != nil || h.Alg == "" {
			continue
		}
		score := scoreKnownFormat
		if len(parts[2]) < 16 || strings.EqualFold(h.Alg, "none") {
			score = 0.4 // unsigned: not a usable credential
		}
		if strings.Contains(parts[2], "SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c") {
			score = scorePlaceholder // jwt.io's example token
		}
		ms = append(ms, secretMatch{start: s, end: k, entity: "JWT", score: score})
		off = k
	}
}

// urlSchemes carry credentials as user:password@ in connection strings.
var urlSchemes = []string{"postgres://", "postgresql://", "mysql://", "mariadb://", "mongodb://", "mongodb+srv://", "redis://",
	"rediss://", "amqp://", "amqps://", "mssql://", "sqlserver://", "ftp://", "sftp://", "smtp://", "smtps://", "ldap://",
	"ldaps://", "https://", "http://", "jdbc:postgresql://", "jdbc:mysql://", "clickhouse://", "nats://", "kafka://"}

// findURLCredentials finds passwords in scheme://user:password@host.
func findURLCredentials(text string, ms []secretMatch) []secretMatch {
	if !strings.Contains(text, "://") || !strings.Contains(text, "@") {
		return ms
	}
	for off := 0; ; {
		i := strings.Index(text[off:], "://")
		if i < 0 {
			return ms
		}
		s := off + i + 3
		off = s
		// the scheme before "://"
		b := off - 3
		for b > 0 && (isAlnum(text[b-1]) || text[b-1] == '+' || text[b-1] == ':') {
			b--
		}
		scheme := strings.ToLower(text[b:off])
		known := false
		for _, u := range urlSchemes {
			if strings.HasSuffix(scheme, u) || scheme == u {
				known = true
				break
			}
		}
		if !known {
			continue
		}
		e := s
		for e < len(text) && text[e] > ' ' && text[e] != '/' && text[e] != '"' && text[e] != '\'' && text[e] != '`' && text[e] != '>' && text[e] != ')' {
			e++
		}
		authority := text[s:e]
		at := strings.LastIndexByte(authority, '@')
		if at < 0 {
			continue
		}
		colon := strings.IndexByte(authority[:at], ':')
		if colon < 0 {
			continue
		}
		pw := authority[colon+1 : at]
		if len(pw) < 4 {
			continue
		}
		score := scoreLikely
		if isPlaceholder(pw) || strings.ContainsAny(pw, "<>{}$*[]") {
			score = scorePlaceholder
		}
		ms = append(ms, secretMatch{start: s + colon + 1, end: s + at, entity: "PASSWORD", score: score})
		off = e
	}
}

// findAzureClientSecrets finds Entra ID client secret values (the format
// since 2022: 3 characters, a digit, "Q~", then 31-34 characters).
func findAzureClientSecrets(text string, ms []secretMatch) []secretMatch {
	isC := func(c byte) bool { return isAlnum(c) || c == '_' || c == '~' || c == '.' || c == '-' }
	for off := 0; ; {
		i := strings.Index(text[off:], "Q~")
		if i < 0 {
			return ms
		}
		q := off + i
		off = q + 2
		if q < 4 || text[q-1] < '0' || text[q-1] > '9' {
			continue
		}
		s := q - 4
		if !isC(text[s]) || !isC(text[s+1]) || !isC(text[s+2]) || s > 0 && isC(text[s-1]) {
			continue
		}
		e := q + 2
		for e < len(text) && isC(text[e]) {
			e++
		}
		if n := e - q - 2; n < 31 || n > 34 {
			continue
		}
		score := scoreLikely
		if shannon(text[s:e]) < 4.0 {
			score = scorePlaceholder
		}
		ms = append(ms, secretMatch{start: s, end: e, entity: "AZURE_CLIENT_SECRET", score: score})
		off = e
	}
}

// secretLabels introduce a secret value in key=value and key: value text.
var secretLabels = []string{"password", "passwd", "pwd", "secret", "client_secret", "api_key", "apikey", "api-key",
	"access_token", "auth_token", "private_key", "token"}

// secretLabelSet holds the secret labels for lookup by lower-cased word.
var secretLabelSet = func() map[string]bool {
	m := map[string]bool{}
	for _, l := range secretLabels {
		m[l] = true
	}
	return m
}()

// findAssignedSecrets finds values assigned to secret-looking names:
// password=..., "api_key": "...", Password=...; in connection strings. Names
// are matched as whole words, or as the last part of a snake/camel name
// (db_password, clientSecret).
func findAssignedSecrets(text string, ms []secretMatch) []secretMatch {
	var buf [24]byte
	for i := 0; i < len(text); {
		c := text[i]
		if !isAlpha(c) {
			i++
			continue
		}
		j := i
		for j < len(text) && (isAlnum(text[j]) || text[j] == '_' || text[j] == '-') {
			j++
		}
		name := text[i:j]
		i = j
		if len(name) < 3 || len(name) > 40 {
			continue
		}
		// Cheap test first: is the name followed by = or : (after an
		// optional quote and spaces)?
		k0 := j
		for k0 < len(text) && k0-j < 4 && (text[k0] == '"' || text[k0] == '\'' || text[k0] == ' ') {
			k0++
		}
		if k0 >= len(text) || text[k0] != '=' && text[k0] != ':' {
			continue
		}
		// the last component of the name, lower-cased
		last := name
		if k := strings.LastIndexAny(name, "_-"); k >= 0 && k+1 < len(name) {
			last = name[k+1:]
		} else {
			for k := len(name) - 1; k > 0; k-- {
				if name[k] >= 'A' && name[k] <= 'Z' && name[k-1] >= 'a' && name[k-1] <= 'z' {
					last = name[k:]
					break
				}
			}
		}
		if len(last) > len(buf) {
			continue
		}
		for k := 0; k < len(last); k++ {
			b := last[k]
			if b >= 'A' && b <= 'Z' {
				b += 'a' - 'A'
			}
			buf[k] = b
		}
		label := string(buf[:len(last)])
		full := strings.ToLower(name)
		if !secretLabelSet[label] && !secretLabelSet[full] {
			continue
		}
		if secretLabelSet[full] {
			label = full
		}
		k := j
		// separator: optional quote, spaces, = or :, spaces, optional quote
		for k < len(text) && (text[k] == '"' || text[k] == '\'') {
			k++
		}
		for k < len(text) && text[k] == ' ' {
			k++
		}
		if k >= len(text) || (text[k] != '=' && text[k] != ':') {
			continue
		}
		k++
		if k < len(text) && text[k] == '=' { // ==
			continue
		}
		for k < len(text) && text[k] == ' ' {
			k++
		}
		quote := byte(0)
		if k < len(text) && (text[k] == '"' || text[k] == '\'') {
			quote = text[k]
			k++
		}
		vs := k
		for k < len(text) && text[k] > ' ' && text[k] != ';' && text[k] != ',' && text[k] != '"' && text[k] != '\'' && text[k] != '&' && text[k] != '`' && (quote != 0 || text[k] != ')') {
			k++
		}
		val := text[vs:k]
		if len(val) < 8 || len(val) > 200 || strings.ContainsAny(val, "(){}<>$%[]\\") || isPlaceholder(val) {
			continue
		}
		if covered(ms, vs, k) {
			continue
		}
		score := scoreLikely
		if shannon(val) < 3.0 || !hasTwoClasses(val) {
			score = 0.45
		}
		if strings.Contains(strings.ToLower(val), "example") {
			score = scorePlaceholder
		}
		ms = append(ms, secretMatch{start: vs, end: k, entity: secretEntity(label), score: score})
		i = k
	}
	return ms
}

func secretEntity(label string) string {
	switch label {
	case "password", "passwd", "pwd":
		return "PASSWORD"
	case "token", "access_token", "auth_token":
		return "TOKEN"
	case "api_key", "apikey", "api-key":
		return "API_KEY"
	}
	return "SECRET"
}

func hasTwoClasses(s string) bool {
	var al, dg, ot bool
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z':
			al = true
		case c >= '0' && c <= '9':
			dg = true
		default:
			ot = true
		}
	}
	n := 0
	for _, b := range []bool{al, dg, ot} {
		if b {
			n++
		}
	}
	return n >= 2
}

func covered(ms []secretMatch, s, e int) bool {
	for _, m := range ms {
		if s < m.end && e > m.start {
			return true
		}
	}
	return false
}

// placeholderWords mark documentation values, not real secrets.
var placeholderWords = []string{"example", "xxxx", "placeholder", "your_", "your-", "yourpassword", "changeme", "change_me",
	"redacted", "dummy", "sample", "insert", "replace", "password123", "test1234", "12345678", "abcdefgh", "secret123", "…", "..."}

func isPlaceholder(v string) bool {
	l := strings.ToLower(v)
	for _, w := range placeholderWords {
		if strings.Contains(l, w) {
			return true
		}
	}
	if l == "password" || l == "secret" || l == "pass" || l == "token" {
		return true
	}
	// one character repeated ("********", "aaaaaaaa")
	same := true
	for i := 1; i < len(v); i++ {
		if v[i] != v[0] {
			same = false
			break
		}
	}
	return same
}

// shannon is the Shannon entropy of s in bits per byte.
func shannon(s string) float64 {
	if len(s) == 0 {
		return 0
	}
	var counts [256]int
	for i := 0; i < len(s); i++ {
		counts[s[i]]++
	}
	n := float64(len(s))
	h := 0.0
	for _, c := range counts {
		if c > 0 {
			p := float64(c) / n
			h -= p * math.Log2(p)
		}
	}
	return h
}
