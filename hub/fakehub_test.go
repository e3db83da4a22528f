package hub

import (
	"bytes"
	"compress/gzip"
	"crypto/sha1"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// fakeHub is a local server that answers like the Hugging Face Hub's
// /{repo}/resolve/{revision}/{file} endpoint, with a second server standing
// for the storage (CDN) that files stored with Git LFS are redirected to.
// What it answers follows what huggingface_hub expects (see
// file_download.py and utils/_http.py there): X-Repo-Commit on every answer
// about a file, ETag (the git blob id, quoted) for regular files, a 302 to
// the storage with X-Linked-Etag (the SHA-256) and X-Linked-Size for LFS
// files, 401 with X-Error-Code RepoNotFound for a missing or private
// repository without a good token, 401 "Invalid credentials in Authorization
// header" for an unknown token, 403 GatedRepo, 404 RevisionNotFound and 404
// EntryNotFound (with X-Repo-Commit), and 307 relative redirects for a
// renamed repository.
type fakeHub struct {
	t   *testing.T
	srv *httptest.Server
	cdn *httptest.Server

	mu      sync.Mutex
	repos   map[string]*fakeRepo
	renamed map[string]string // old id -> new id
	token   string            // the one valid token
	log     []fakeReq

	// Misbehaviours, each used up as it happens.
	cutAfter    []int64 // cut the next content bodies after so many bytes
	stallAfter  int64   // >0: the next content body stalls after so many bytes
	stallFor    time.Duration
	stall       chan struct{} // if set, a stalled body waits for it to close
	ignoreRange bool          // answer range requests with the whole file
	failHead    []int         // statuses to answer the next HEAD requests with
	wrongBody   bool          // serve other bytes than announced (same size)
	gzip        bool          // compress whole-file GETs that accept gzip, as the Hub does for text
}

type fakeRepo struct {
	private, gated bool
	refs           map[string]string               // branch or tag -> commit
	files          map[string]map[string]*fakeFile // commit -> file name -> file
}

type fakeFile struct {
	data []byte
	lfs  bool
}

func (f *fakeFile) etag() string {
	if f.lfs {
		s := sha256.Sum256(f.data)
		return hex.EncodeToString(s[:])
	}
	h := sha1.New()
	fmt.Fprintf(h, "blob %d\x00", len(f.data))
	h.Write(f.data)
	return hex.EncodeToString(h.Sum(nil))
}

// fakeReq is a request as the fake Hub saw it.
type fakeReq struct {
	server                        string // "hub" or "cdn"
	method, path, rawPath         string
	rangeHdr, auth, ua, acceptEnc string
}

func newFakeHub(t *testing.T) *fakeHub {
	h := &fakeHub{t: t, repos: map[string]*fakeRepo{}, renamed: map[string]string{}}
	h.srv = httptest.NewServer(http.HandlerFunc(h.serveHub))
	h.cdn = httptest.NewServer(http.HandlerFunc(h.serveCDN))
	t.Cleanup(func() {
		if h.stall != nil {
			select {
			case <-h.stall:
			default:
				close(h.stall)
			}
		}
		h.srv.Close()
		h.cdn.Close()
	})
	return h
}

// addFile puts a file in a repository at a commit, and points revision at
// that commit.
func (h *fakeHub) addFile(repoID, revision, commit, name string, data []byte, lfs bool) *fakeFile {
	h.mu.Lock()
	defer h.mu.Unlock()
	r := h.repos[repoID]
	if r == nil {
		r = &fakeRepo{refs: map[string]string{}, files: map[string]map[string]*fakeFile{}}
		h.repos[repoID] = r
	}
	if revision != "" {
		r.refs[revision] = commit
	}
	if r.files[commit] == nil {
		r.files[commit] = map[string]*fakeFile{}
	}
	f := &fakeFile{data: data, lfs: lfs}
	r.files[commit][name] = f
	return f
}

func (h *fakeHub) requests() []fakeReq {
	h.mu.Lock()
	defer h.mu.Unlock()
	return append([]fakeReq(nil), h.log...)
}

func (h *fakeHub) count(server, method string) int {
	n := 0
	for _, r := range h.requests() {
		if r.server == server && r.method == method {
			n++
		}
	}
	return n
}

func (h *fakeHub) record(server string, r *http.Request) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.log = append(h.log, fakeReq{server: server, method: r.Method, path: r.URL.Path, rawPath: r.URL.EscapedPath(),
		rangeHdr: r.Header.Get("Range"), auth: r.Header.Get("Authorization"), ua: r.Header.Get("User-Agent"),
		acceptEnc: r.Header.Get("Accept-Encoding")})
}

func hubError(w http.ResponseWriter, status int, code, msg string) {
	if code != "" {
		w.Header().Set("X-Error-Code", code)
	}
	w.Header().Set("X-Error-Message", msg)
	w.Header().Set("X-Request-Id", "Root=1-fake")
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	fmt.Fprintf(w, "{%q:%q}", "error", msg)
}

func (h *fakeHub) serveHub(w http.ResponseWriter, r *http.Request) {
	h.record("hub", r)
	// /{ns}/{name}/resolve/{rev}/{file...} or /{name}/resolve/{rev}/{file...}
	raw := r.URL.EscapedPath()
	before, after, ok := strings.Cut(raw, "/resolve/")
	if !ok {
		http.NotFound(w, r)
		return
	}
	repoID := strings.TrimPrefix(before, "/")
	revEsc, fileEsc, _ := strings.Cut(after, "/")
	rev, err1 := url.PathUnescape(revEsc)
	file, err2 := url.PathUnescape(fileEsc)
	if err1 != nil || err2 != nil {
		http.Error(w, "bad path", http.StatusBadRequest)
		return
	}

	h.mu.Lock()
	if r.Method == http.MethodHead && len(h.failHead) > 0 {
		status := h.failHead[0]
		h.failHead = h.failHead[1:]
		h.mu.Unlock()
		w.Header().Set("Retry-After", "0")
		hubError(w, status, "", "try later")
		return
	}
	if to, ok := h.renamed[repoID]; ok {
		h.mu.Unlock()
		w.Header().Set("Location", "/"+to+"/resolve/"+revEsc+"/"+fileEsc)
		w.WriteHeader(http.StatusTemporaryRedirect)
		return
	}
	repo := h.repos[repoID]
	token := h.token
	h.mu.Unlock()

	auth := r.Header.Get("Authorization")
	if auth != "" && auth != "Bearer "+token {
		hubError(w, http.StatusUnauthorized, "", "Invalid credentials in Authorization header")
		return
	}
	if repo == nil || repo.private && auth == "" {
		hubError(w, http.StatusUnauthorized, "RepoNotFound", "Repository not found")
		return
	}
	if repo.gated {
		hubError(w, http.StatusForbidden, "GatedRepo", "Access to model "+repoID+" is restricted. You must have access to it and be authenticated to access it. Please log in.")
		return
	}
	commit, ok := repo.refs[rev]
	if !ok {
		if _, isCommit := repo.files[rev]; isCommit {
			commit = rev
		} else {
			hubError(w, http.StatusNotFound, "RevisionNotFound", "Invalid rev id: "+rev)
			return
		}
	}
	w.Header().Set("X-Repo-Commit", commit)
	f := repo.files[commit][file]
	if f == nil {
		hubError(w, http.StatusNotFound, "EntryNotFound", "Entry not found")
		return
	}
	etag := f.etag()
	if f.lfs {
		// The pointer file's own id as ETag; the content's in X-Linked-*.
		w.Header().Set("ETag", `"0123456789abcdef0123456789abcdef01234567"`)
		w.Header().Set("X-Linked-Etag", `"`+etag+`"`)
		w.Header().Set("X-Linked-Size", strconv.Itoa(len(f.data)))
		w.Header().Set("Location", h.cdn.URL+"/repos/"+etag+"?X-Amz-Signature=abc")
		w.WriteHeader(http.StatusFound)
		return
	}
	w.Header().Set("ETag", `"`+etag+`"`)
	h.serveContent(w, r, f.data)
}

func (h *fakeHub) serveCDN(w http.ResponseWriter, r *http.Request) {
	h.record("cdn", r)
	etag := strings.TrimPrefix(r.URL.Path, "/repos/")
	h.mu.Lock()
	var data []byte
	for _, repo := range h.repos {
		for _, files := range repo.files {
			for _, f := range files {
				if f.lfs && f.etag() == etag {
					data = f.data
				}
			}
		}
	}
	h.mu.Unlock()
	if data == nil {
		http.NotFound(w, r)
		return
	}
	h.serveContent(w, r, data)
}

// serveContent answers HEAD and GET for content, honouring "Range:
// bytes=N-" and the misbehaviours that are set.
func (h *fakeHub) serveContent(w http.ResponseWriter, r *http.Request, data []byte) {
	h.mu.Lock()
	ignoreRange := h.ignoreRange
	var cut int64 = -1
	var stallAfter int64
	if r.Method == http.MethodGet {
		if len(h.cutAfter) > 0 {
			cut, h.cutAfter = h.cutAfter[0], h.cutAfter[1:]
		}
		stallAfter, h.stallAfter = h.stallAfter, 0
		if h.wrongBody {
			data = append([]byte(nil), data...)
			data[len(data)/2] ^= 1
		}
	}
	stallFor, stall := h.stallFor, h.stall
	h.mu.Unlock()

	start := 0
	if rg := r.Header.Get("Range"); rg != "" && !ignoreRange {
		n, err := strconv.Atoi(strings.TrimSuffix(strings.TrimPrefix(rg, "bytes="), "-"))
		if err != nil || n > len(data) {
			w.Header().Set("Content-Range", fmt.Sprintf("bytes */%d", len(data)))
			w.WriteHeader(http.StatusRequestedRangeNotSatisfiable)
			return
		}
		start = n
		w.Header().Set("Content-Range", fmt.Sprintf("bytes %d-%d/%d", n, len(data)-1, len(data)))
	}
	body := data[start:]
	h.mu.Lock()
	compress := h.gzip && r.Method == http.MethodGet && start == 0 && strings.Contains(r.Header.Get("Accept-Encoding"), "gzip")
	h.mu.Unlock()
	if compress {
		var buf bytes.Buffer
		zw := gzip.NewWriter(&buf)
		zw.Write(body)
		zw.Close()
		body = buf.Bytes()
		w.Header().Set("Content-Encoding", "gzip")
	} else {
		w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	}
	w.Header().Set("Accept-Ranges", "bytes")
	if start > 0 {
		w.WriteHeader(http.StatusPartialContent)
	} else {
		w.WriteHeader(http.StatusOK)
	}
	if r.Method == http.MethodHead {
		return
	}
	switch {
	case cut >= 0 && cut < int64(len(body)):
		w.Write(body[:cut])
		w.(http.Flusher).Flush()
		panic(http.ErrAbortHandler) // close the connection mid-body
	case stallAfter > 0 && stallAfter < int64(len(body)):
		w.Write(body[:stallAfter])
		w.(http.Flusher).Flush()
		if stall != nil {
			select {
			case <-stall:
			case <-r.Context().Done():
			}
		} else {
			select {
			case <-time.After(stallFor):
			case <-r.Context().Done():
			}
		}
		panic(http.ErrAbortHandler)
	}
	w.Write(body)
}

// cleanEnv gives the test an environment without any of the variables the
// package reads, and a home directory of its own.
func cleanEnv(t *testing.T) string {
	t.Helper()
	for _, v := range []string{"HF_HUB_CACHE", "HUGGINGFACE_HUB_CACHE", "HF_HOME", "XDG_CACHE_HOME",
		"HF_ENDPOINT", "HF_TOKEN", "HUGGING_FACE_HUB_TOKEN", "HF_TOKEN_PATH", "HF_HUB_DISABLE_IMPLICIT_TOKEN",
		"HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE", "HF_HUB_ETAG_TIMEOUT", "HF_HUB_DOWNLOAD_TIMEOUT",
		"HF_HUB_DISABLE_SYMLINKS", "HF_HUB_USER_AGENT_ORIGIN"} {
		t.Setenv(v, "")
	}
	home := t.TempDir()
	t.Setenv("HOME", home)
	return home
}

// bertJSON is the file the tests serve.
func bertJSON(t *testing.T) []byte {
	t.Helper()
	data, err := os.ReadFile("../testdata/tokenizers/bert-base-uncased/tokenizer.json")
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// httptestServer starts a server with handler and returns its URL.
func httptestServer(t *testing.T, handler http.HandlerFunc) string {
	srv := httptest.NewServer(handler)
	t.Cleanup(srv.Close)
	return srv.URL
}
