package hub

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/seed6642460b/tokenizers/tokenizer"
)

// TokenizerFile is the file [FromPretrained] loads.
const TokenizerFile = "tokenizer.json"

// FromPretrained loads the tokenizer.json of the model repository repoID
// ("namespace/name", or "name" for the Hub's oldest models) at
// [Options.Revision], through [Download]: from the cache when it is there,
// else downloaded into it when the network is allowed.
func FromPretrained(ctx context.Context, repoID string, opts *Options) (*tokenizer.Tokenizer, error) {
	p, err := Download(ctx, repoID, TokenizerFile, opts)
	if err != nil {
		if errors.Is(err, ErrEntryNotFound) {
			return nil, fmt.Errorf("%w (models saved before the fast tokenizers have only vocabulary files: convert them with transformers' AutoTokenizer and save_pretrained)", err)
		}
		return nil, err
	}
	return tokenizer.FromFile(p)
}

// Download returns the local path of filename (a "/"-separated path in the
// repository) of the model repository repoID at [Options.Revision], from the
// cache shared with Python's huggingface_hub, downloading it into that cache
// first when needed and allowed. The path is the file's entry in its
// commit's snapshot directory; do not write to it.
//
// Online, it asks the Hub which commit the revision is at and which content
// (ETag) and size the file has, then downloads only a content it does not
// have, resuming a download that an earlier call left unfinished. When the
// Hub cannot be reached or answers with an error (other than "no such
// revision" or "no such file"), the cached file of the revision is returned
// if there is one. Offline, or with a commit hash already cached, it makes
// no request at all.
//
// The error matches, with errors.Is, [ErrNotCached], [ErrRepoNotFound],
// [ErrRevisionNotFound], [ErrEntryNotFound], [ErrGatedRepo],
// [ErrAccessDenied] or [ErrCorrupt] when one of them is the reason, and the
// context's error when ctx is done first (a partial download is kept for
// the next call to resume).
//
// Download is safe for concurrent use, also by several processes (Go or
// Python) sharing the cache: they wait for each other on huggingface_hub's
// lock file for the content, and every file lands in the cache by an atomic
// rename, so a reader never sees a partial file.
func Download(ctx context.Context, repoID, filename string, opts *Options) (string, error) {
	if err := ValidateRepoID(repoID); err != nil {
		return "", err
	}
	if err := validateRelPath("file name", filename); err != nil {
		return "", err
	}
	c, err := resolve(opts)
	if err != nil {
		return "", err
	}
	if err := validateRelPath("revision", c.Revision); err != nil {
		return "", err
	}
	if err := ctx.Err(); err != nil {
		return "", c.canceled(ctx, repoID, filename)
	}
	r := newRepoCache(c.CacheDir, repoID)

	// A commit hash names content that never changes: if it is cached,
	// the Hub has nothing to add.
	if isCommitHash(c.Revision) {
		if p := r.pointerPath(c.Revision, filename); exists(p) {
			return p, nil
		}
	}
	if c.Offline {
		p, miss := r.lookup(repoID, c.Revision, filename)
		if miss != nil {
			miss.Offline = c.offlineWhy
			return "", miss
		}
		return p, nil
	}

	m, err := c.metadata(ctx, repoID, filename, c.MetadataTimeout)
	if err != nil {
		if ctx.Err() != nil {
			return "", c.canceled(ctx, repoID, filename)
		}
		if final := c.definitive(r, err); final != nil {
			return "", final
		}
		p, miss := r.lookup(repoID, c.Revision, filename)
		if miss == nil {
			return p, nil
		}
		if retryable(err) {
			// Nothing to fall back to: insist, with patience, as
			// huggingface_hub does.
			m, err = c.metadataRetry(ctx, repoID, filename)
		}
		if err != nil {
			if ctx.Err() != nil {
				return "", c.canceled(ctx, repoID, filename)
			}
			if final := c.definitive(r, err); final != nil {
				return "", final
			}
			var se *StatusError
			if errors.As(err, &se) && (se.Is(ErrRepoNotFound) || se.Is(ErrGatedRepo) || se.StatusCode == http.StatusUnauthorized) {
				return "", err
			}
			miss.Err = err
			return "", miss
		}
	}
	p, err := c.fetch(ctx, r, filename, m)
	if err != nil && ctx.Err() != nil {
		return "", c.canceled(ctx, repoID, filename)
	}
	return p, err
}

func (c *config) canceled(ctx context.Context, repoID, filename string) error {
	return fmt.Errorf("hub: %s of %s: %w", filename, repoID, context.Cause(ctx))
}

// definitive returns err when it must be returned even if the file is
// cached: the Hub says the revision or the file does not exist (any more).
// A missing file is recorded under .no_exist, as huggingface_hub does.
func (c *config) definitive(r repoCache, err error) error {
	var se *StatusError
	if !errors.As(err, &se) {
		return nil
	}
	switch se.kind() {
	case ErrEntryNotFound:
		if se.commit != "" && validateName("commit", se.commit) == nil {
			r.markNoExist(se.commit, se.filename)
			r.writeRef(c.Revision, se.commit)
		}
		return err
	case ErrRevisionNotFound:
		return err
	}
	return nil
}

// meta is what a download needs to know about a file.
type meta struct {
	commit string // the commit the revision is at
	etag   string // the content's id: git blob id, or SHA-256 for LFS files
	size   int64
	url    string // where to GET the content
	auth   bool   // whether url is on the endpoint's host (send the token)

	repoID, filename string // for error messages
}

// resolveURL is the Hub's URL of a file: the revision escaped whole (a
// branch "refs/pr/1" becomes refs%2Fpr%2F1), the file name escaped but for
// its slashes, as huggingface_hub escapes them.
func (c *config) resolveURL(repoID, filename string) string {
	return c.Endpoint + "/" + repoID + "/resolve/" + escape(c.Revision, false) + "/" + escape(filename, true)
}

// escape percent-encodes s as Python's urllib.parse.quote does: letters,
// digits, "_.-~" (and "/" when keepSlash) stay, every other byte is %XX.
func escape(s string, keepSlash bool) string {
	const hexDigits = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if isWordByte(c) || c == '-' || c == '.' || c == '~' || keepSlash && c == '/' {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hexDigits[c>>4])
		b.WriteByte(hexDigits[c&15])
	}
	return b.String()
}

// metadata asks the Hub, with a HEAD request, which commit the revision is
// at and which content and size the file has. It follows relative redirects
// (a renamed repository) and stops at the first absolute one: for files
// stored with Git LFS the Hub answers with a redirect to its storage,
// carrying the content's metadata in X-Linked-Etag and X-Linked-Size.
func (c *config) metadata(ctx context.Context, repoID, filename string, timeout time.Duration) (*meta, error) {
	first := c.resolveURL(repoID, filename)
	cur, err := url.Parse(first)
	if err != nil {
		return nil, fmt.Errorf("hub: invalid endpoint %q: %v", c.Endpoint, err)
	}
	client := *c.HTTPClient
	client.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	for hops := 0; ; hops++ {
		if hops > 10 {
			return nil, fmt.Errorf("hub: HEAD %s: too many redirects", first)
		}
		resp, err := c.head(ctx, &client, cur.String(), timeout)
		if err != nil {
			return nil, err
		}
		resp.Body.Close()
		if resp.StatusCode >= 400 {
			return nil, c.statusError(resp, repoID, filename)
		}
		h := resp.Header
		loc := h.Get("Location")
		redirect := resp.StatusCode >= 300 && resp.StatusCode <= 399 && loc != ""
		if redirect {
			target, err := url.Parse(loc)
			if err == nil && target.Host == "" {
				next := *cur
				next.Path, next.RawPath = target.Path, target.RawPath
				cur = &next
				continue
			}
		}
		m := &meta{commit: h.Get("X-Repo-Commit"), repoID: repoID, filename: filename}
		m.etag = h.Get("X-Linked-Etag")
		if m.etag == "" {
			m.etag = h.Get("ETag")
		}
		m.etag = normalizeETag(m.etag)
		size := h.Get("X-Linked-Size")
		if size == "" && !redirect {
			size = h.Get("Content-Length")
		}
		switch {
		case m.commit == "":
			return nil, &MetadataError{URL: cur.String(), Reason: "no X-Repo-Commit header in the answer"}
		case validateName("commit", m.commit) != nil:
			return nil, &MetadataError{URL: cur.String(), Reason: fmt.Sprintf("invalid X-Repo-Commit %q", m.commit)}
		case m.etag == "":
			return nil, &MetadataError{URL: cur.String(), Reason: "no ETag in the answer"}
		case validateName("ETag", m.etag) != nil:
			return nil, &MetadataError{URL: cur.String(), Reason: fmt.Sprintf("invalid ETag %q", m.etag)}
		}
		m.size, err = strconv.ParseInt(strings.TrimSpace(size), 10, 64)
		if err != nil || m.size < 0 {
			return nil, &MetadataError{URL: cur.String(), Reason: "no valid file size (X-Linked-Size or Content-Length) in the answer"}
		}
		m.url = cur.String()
		if loc != "" {
			if u, err := cur.Parse(loc); err == nil {
				m.url = u.String()
			}
		}
		// The token goes to the Hub only, not to the storage a file is
		// redirected to (its URL is signed).
		u0, _ := url.Parse(first)
		u1, err := url.Parse(m.url)
		m.auth = err == nil && u0.Host == u1.Host
		return m, nil
	}
}

// metadataRetry asks again when the first request failed and nothing is
// cached, as huggingface_hub does: at once, then up to 5 more times after
// pauses of 1, 2, 4, 8 and 8 s (or the server's Retry-After), with a longer
// timeout, while the failures are of the kind that pass (network errors,
// timeouts, 408, 429, 5xx).
func (c *config) metadataRetry(ctx context.Context, repoID, filename string) (*meta, error) {
	timeout := c.MetadataTimeout
	if timeout >= 0 && timeout < retryTimeout {
		timeout = retryTimeout
	}
	wait := c.retryWait
	for i := 0; ; i++ {
		m, err := c.metadata(ctx, repoID, filename, timeout)
		if err == nil || !retryable(err) || i == 5 {
			return m, err
		}
		if err := sleep(ctx, retryAfter(err, wait)); err != nil {
			return nil, err
		}
		wait = min(2*wait, 8*c.retryWait)
	}
}

func (c *config) head(ctx context.Context, client *http.Client, u string, timeout time.Duration) (*http.Response, error) {
	if timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, timeout)
		defer cancel()
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodHead, u, nil)
	if err != nil {
		return nil, err
	}
	c.setHeaders(req, true)
	// The size announced must be the file's, not a compressed one's.
	req.Header.Set("Accept-Encoding", "identity")
	resp, err := client.Do(req)
	if err != nil {
		return nil, err
	}
	return resp, nil
}

func (c *config) setHeaders(req *http.Request, auth bool) {
	req.Header.Set("User-Agent", c.userAgent())
	if auth && c.Token != "" {
		req.Header.Set("Authorization", "Bearer "+c.Token)
	}
}

// normalizeETag turns an ETag header into the blob name huggingface_hub
// makes of it: leading "W" and "/" characters removed (the weak-ETag
// marker), then surrounding double quotes.
func normalizeETag(etag string) string {
	return strings.Trim(strings.TrimLeft(etag, "W/"), `"`)
}

// statusError builds the error for an answer of 400 or more.
func (c *config) statusError(resp *http.Response, repoID, filename string) *StatusError {
	e := &StatusError{
		Method:      resp.Request.Method,
		URL:         resp.Request.URL.String(),
		StatusCode:  resp.StatusCode,
		Code:        resp.Header.Get("X-Error-Code"),
		Message:     resp.Header.Get("X-Error-Message"),
		RequestID:   resp.Header.Get("X-Request-Id"),
		repoID:      repoID,
		revision:    c.Revision,
		filename:    filename,
		tokenSource: c.tokenSource,
		commit:      resp.Header.Get("X-Repo-Commit"),
		retryAfter:  parseRetryAfter(resp.Header.Get("Retry-After")),
	}
	if e.Message == "" && resp.Request.Method != http.MethodHead {
		var body struct {
			Error json.RawMessage `json:"error"`
		}
		data, _ := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
		if json.Unmarshal(data, &body) == nil && len(body.Error) > 0 {
			var s string
			var list []string
			if json.Unmarshal(body.Error, &s) == nil {
				e.Message = s
			} else if json.Unmarshal(body.Error, &list) == nil {
				e.Message = strings.Join(list, "; ")
			}
		}
	}
	return e
}

// retryable reports whether a failed request may succeed if sent again: a
// network error or a timeout, or a status that says "later".
func retryable(err error) bool {
	var se *StatusError
	if errors.As(err, &se) {
		switch se.StatusCode {
		case 408, 429, 500, 502, 503, 504:
			return true
		}
		return false
	}
	var me *MetadataError
	return !errors.As(err, &me)
}

// retryAfter is the pause before sending a request again: the server's
// Retry-After when it gave one (at most a minute), else wait.
func retryAfter(err error, wait time.Duration) time.Duration {
	var se *StatusError
	if errors.As(err, &se) && se.retryAfter > 0 {
		return min(se.retryAfter, time.Minute)
	}
	return wait
}

func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return context.Cause(ctx)
	case <-t.C:
		return nil
	}
}

// fetch makes sure the content m describes is in the cache and linked from
// its commit's snapshot, downloading it if needed, and returns the snapshot
// entry.
func (c *config) fetch(ctx context.Context, r repoCache, filename string, m *meta) (string, error) {
	blob := r.blobPath(m.etag)
	pointer := r.pointerPath(m.commit, filename)
	if exists(pointer) {
		r.writeRef(c.Revision, m.commit) // best effort: the cache may be read-only
		return pointer, nil
	}
	if err := os.MkdirAll(filepath.Dir(blob), 0o777); err != nil {
		return "", err
	}
	cacheDirTag(c.CacheDir)
	if err := r.writeRef(c.Revision, m.commit); err != nil {
		return "", err
	}
	unlock, err := lockFile(ctx, r.lockPath(m.etag))
	if err != nil {
		return "", err
	}
	defer unlock()
	if exists(pointer) { // made while we waited for the lock
		return pointer, nil
	}
	if exists(blob) { // the same content is already there for another commit or file
		if err := link(blob, pointer, false, c.noSymlinks); err != nil {
			return "", err
		}
		return pointer, nil
	}
	tmp, err := c.download(ctx, blob, m)
	if err != nil {
		return "", err
	}
	if err := os.Rename(tmp, blob); err != nil {
		os.Remove(tmp)
		return "", err
	}
	if err := link(blob, pointer, true, c.noSymlinks); err != nil {
		return "", err
	}
	return pointer, nil
}

// download GETs the content m describes into a new temporary file next to
// blob, checks it, and returns the file's path. It resumes from the partial
// file blob+".incomplete" that an interrupted call left, if any, claiming
// it by renaming it to its own temporary name, so that two downloads never
// write to the same file. If the download fails for a reason that may pass
// (network, cancellation), what it got is left as blob+".incomplete" for
// the next call.
func (c *config) download(ctx context.Context, blob string, m *meta) (string, error) {
	partial := blob + ".incomplete"
	tmp := blob + "." + randomSuffix() + ".incomplete"
	var f *os.File
	var err error
	if os.Rename(partial, tmp) == nil {
		f, err = os.OpenFile(tmp, os.O_RDWR, 0)
	} else {
		f, err = os.OpenFile(tmp, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o666)
	}
	if err != nil {
		return "", err
	}
	d := &getter{c: c, m: m, f: f}
	if st, err := f.Stat(); err == nil && st.Size() <= m.size {
		d.offset = st.Size()
	} else if err := f.Truncate(0); err != nil {
		f.Close()
		os.Remove(tmp)
		return "", err
	}
	err = d.run(ctx)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = verify(tmp, m)
	}
	if err != nil {
		if d.keep && d.offset > 0 && os.Rename(tmp, partial) == nil {
			return "", err
		}
		os.Remove(tmp)
		return "", err
	}
	return tmp, nil
}

// verify checks the downloaded file against the metadata: its size, and its
// SHA-256 when the ETag is one (files stored with Git LFS).
func verify(path string, m *meta) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return err
	}
	if st.Size() != m.size {
		return fmt.Errorf("%w: %s has %d bytes, the Hub announced %d", ErrCorrupt, m.url, st.Size(), m.size)
	}
	if isSHA256(m.etag) {
		h := sha256.New()
		if _, err := io.Copy(h, f); err != nil {
			return err
		}
		if got := hex.EncodeToString(h.Sum(nil)); got != m.etag {
			return fmt.Errorf("%w: %s has SHA-256 %s, the Hub announced %s", ErrCorrupt, m.url, got, m.etag)
		}
	}
	return nil
}

// errReadTimeout cancels a download that waited too long for data.
var errReadTimeout = errors.New("no data received for too long")

// getter downloads one content into f, resuming on new connections when
// one breaks.
type getter struct {
	c      *config
	m      *meta
	f      *os.File
	offset int64 // bytes of the content in f
	keep   bool  // on failure, whether f is worth resuming from
}

const (
	maxFailures = 5  // consecutive attempts that bring no byte
	maxAttempts = 50 // attempts in all, against servers that keep restarting
)

func (g *getter) run(ctx context.Context) error {
	failures := 0
	wait := g.c.retryWait
	var last error
	for attempt := 0; ; attempt++ {
		if g.offset == g.m.size {
			return nil
		}
		if attempt >= maxAttempts || failures > maxFailures {
			g.keep = true
			return fmt.Errorf("hub: GET %s: giving up after %d attempts: %w", g.m.url, attempt, last)
		}
		before := g.offset
		err, transient := g.attempt(ctx)
		if err == nil {
			return nil
		}
		if ctx.Err() != nil {
			g.keep = true
			return context.Cause(ctx)
		}
		if !transient {
			return err
		}
		last = err
		if g.offset > before {
			// The connection broke after some progress: resume at
			// once, as most breaks are brief.
			failures, wait = 0, g.c.retryWait
			continue
		}
		failures++
		if err := sleep(ctx, retryAfter(err, wait)); err != nil {
			g.keep = true
			return err
		}
		wait = min(2*wait, 8*g.c.retryWait)
	}
}

// restart drops what f holds, to download from the start.
func (g *getter) restart() error {
	g.offset = 0
	return g.f.Truncate(0)
}

// attempt sends one GET and copies its body into f from g.offset. transient
// says whether trying again may help.
func (g *getter) attempt(ctx context.Context) (err error, transient bool) {
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	var timer *time.Timer
	if d := g.c.ReadTimeout; d > 0 {
		timer = time.AfterFunc(d, func() { cancel(errReadTimeout) })
		defer timer.Stop()
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, g.m.url, nil)
	if err != nil {
		return err, false
	}
	g.c.setHeaders(req, g.m.auth)
	if g.offset > 0 {
		// Byte ranges count in the file's own bytes, not in a
		// compressed form of it.
		req.Header.Set("Range", "bytes="+strconv.FormatInt(g.offset, 10)+"-")
		req.Header.Set("Accept-Encoding", "identity")
	}
	resp, err := g.c.HTTPClient.Do(req)
	if err != nil {
		return withCause(ctx, err), true
	}
	defer resp.Body.Close()
	switch {
	case resp.StatusCode == http.StatusOK:
		if g.offset > 0 { // the server ignored the range: start over
			if err := g.restart(); err != nil {
				return err, false
			}
		}
	case resp.StatusCode == http.StatusPartialContent:
		if start, ok := contentRangeStart(resp.Header.Get("Content-Range")); !ok || start != g.offset {
			if err := g.restart(); err != nil {
				return err, false
			}
			return fmt.Errorf("hub: GET %s: unexpected Content-Range %q", g.m.url, resp.Header.Get("Content-Range")), true
		}
	case resp.StatusCode == http.StatusRequestedRangeNotSatisfiable:
		if err := g.restart(); err != nil {
			return err, false
		}
		return fmt.Errorf("hub: GET %s: range from byte %d refused", g.m.url, g.offset), true
	case resp.StatusCode >= 400:
		se := g.c.statusError(resp, g.m.repoID, g.m.filename)
		return se, retryable(se)
	default:
		return fmt.Errorf("hub: GET %s: unexpected status %s", g.m.url, resp.Status), false
	}
	if _, err := g.f.Seek(g.offset, io.SeekStart); err != nil {
		return err, false
	}
	var body io.Reader = resp.Body
	if timer != nil {
		body = &idleReader{r: body, t: timer, d: g.c.ReadTimeout}
	}
	// Read one byte more than announced, to notice a longer content.
	n, err := io.Copy(g.f, io.LimitReader(body, g.m.size-g.offset+1))
	g.offset += n
	if g.offset > g.m.size {
		return fmt.Errorf("%w: %s has more than the %d bytes the Hub announced", ErrCorrupt, g.m.url, g.m.size), false
	}
	if err != nil {
		var pe *os.PathError
		if errors.As(err, &pe) { // writing failed (disk full...)
			return err, false
		}
		return fmt.Errorf("hub: GET %s: %w", g.m.url, withCause(ctx, err)), true
	}
	if g.offset < g.m.size {
		// A body cut short without a framing error (a connection
		// closed without Content-Length): resume.
		return fmt.Errorf("hub: GET %s: body ended at byte %d of %d", g.m.url, g.offset, g.m.size), true
	}
	return nil, false
}

// withCause replaces a "context canceled" error caused by the read timeout
// by that cause.
func withCause(ctx context.Context, err error) error {
	if cause := context.Cause(ctx); cause == errReadTimeout {
		return fmt.Errorf("%w: %v", errReadTimeout, err)
	}
	return err
}

// idleReader restarts the read timeout each time data arrives.
type idleReader struct {
	r io.Reader
	t *time.Timer
	d time.Duration
}

func (ir *idleReader) Read(p []byte) (int, error) {
	n, err := ir.r.Read(p)
	if n > 0 {
		ir.t.Reset(ir.d)
	}
	return n, err
}

// contentRangeStart returns the first byte of "bytes START-END/TOTAL".
func contentRangeStart(v string) (int64, bool) {
	v, ok := strings.CutPrefix(strings.TrimSpace(v), "bytes ")
	if !ok {
		return 0, false
	}
	start, _, ok := strings.Cut(v, "-")
	if !ok {
		return 0, false
	}
	n, err := strconv.ParseInt(strings.TrimSpace(start), 10, 64)
	return n, err == nil
}

// parseRetryAfter reads a Retry-After header given in seconds.
func parseRetryAfter(v string) time.Duration {
	n, err := strconv.Atoi(strings.TrimSpace(v))
	if err != nil || n <= 0 {
		return 0
	}
	return time.Duration(n) * time.Second
}
