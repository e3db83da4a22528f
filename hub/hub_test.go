package hub

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/seed6642460b/tokenizers/tokenizer"
	"github.com/stretchr/testify/require"
)

const (
	commitA = "86b5e0934494bd15c9632b12f734a8a67f723594"
	commitB = "1dbc166cf8765166998eff31ade2eb64c8a40076"
	bertIDs = "[101 7592 1010 2088 999 102]"
)

// pythonCache lays out a cached file exactly as huggingface_hub leaves it
// after hf_hub_download(repoID, filename, revision=revision): the content
// in blobs/{etag}, a relative symlink to it in snapshots/{commit}/, and the
// commit in refs/{revision} (no newline). It returns the snapshot entry.
func pythonCache(t *testing.T, cacheDir, repoID, revision, commit, filename string, data []byte, etag string) string {
	t.Helper()
	repo := filepath.Join(cacheDir, "models--"+strings.ReplaceAll(repoID, "/", "--"))
	blob := filepath.Join(repo, "blobs", etag)
	pointer := filepath.Join(repo, "snapshots", commit, filepath.FromSlash(filename))
	require.NoError(t, os.MkdirAll(filepath.Dir(blob), 0o755))
	require.NoError(t, os.MkdirAll(filepath.Dir(pointer), 0o755))
	require.NoError(t, os.WriteFile(blob, data, 0o644))
	rel, err := filepath.Rel(filepath.Dir(pointer), blob)
	require.NoError(t, err)
	require.NoError(t, os.Symlink(rel, pointer))
	if revision != commit {
		ref := filepath.Join(repo, "refs", filepath.FromSlash(revision))
		require.NoError(t, os.MkdirAll(filepath.Dir(ref), 0o755))
		require.NoError(t, os.WriteFile(ref, []byte(commit), 0o644))
	}
	return pointer
}

// encodes loads the tokenizer.json at path and returns its ids for a
// sentence.
func encodes(t *testing.T, path string) string {
	t.Helper()
	tk, err := tokenizer.FromFile(path)
	require.NoError(t, err)
	enc, err := tk.Encode("Hello, world!")
	require.NoError(t, err)
	return fmt.Sprint(enc.IDs)
}

// fast shortens the pauses between retries.
func fast(o *Options) *Options {
	o.retryWait = time.Millisecond
	return o
}

func TestOptionsFromEnvironment(t *testing.T) {
	home := cleanEnv(t)
	abs := func(p string) string { a, _ := filepath.Abs(p); return a }

	o, err := (*Options)(nil).Resolved()
	require.NoError(t, err)
	require.Equal(t, filepath.Join(home, ".cache", "huggingface", "hub"), o.CacheDir)
	require.Equal(t, "https://huggingface.co", o.Endpoint)
	require.Equal(t, "main", o.Revision)
	require.Equal(t, "", o.Token)
	require.False(t, o.Offline)
	require.Equal(t, 10*time.Second, o.MetadataTimeout)
	require.Equal(t, 10*time.Second, o.ReadTimeout)
	require.Same(t, http.DefaultClient, o.HTTPClient)

	// The cache: HF_HUB_CACHE > HUGGINGFACE_HUB_CACHE > HF_HOME/hub >
	// $XDG_CACHE_HOME/huggingface/hub > ~/.cache/huggingface/hub.
	t.Setenv("XDG_CACHE_HOME", "/xdg")
	o, _ = (&Options{}).Resolved()
	require.Equal(t, filepath.FromSlash("/xdg/huggingface/hub"), o.CacheDir)
	t.Setenv("HF_HOME", "~/hfhome")
	o, _ = (&Options{}).Resolved()
	require.Equal(t, filepath.Join(home, "hfhome", "hub"), o.CacheDir)
	t.Setenv("HUGGINGFACE_HUB_CACHE", "/legacy")
	o, _ = (&Options{}).Resolved()
	require.Equal(t, filepath.FromSlash("/legacy"), o.CacheDir)
	t.Setenv("MYDIR", "/data")
	t.Setenv("HF_HUB_CACHE", "$MYDIR/${MYDIR}/$UNSET_VAR_X/c")
	o, _ = (&Options{}).Resolved()
	require.Equal(t, abs("/data/data/$UNSET_VAR_X/c"), o.CacheDir)
	o, _ = (&Options{CacheDir: "rel"}).Resolved()
	require.Equal(t, abs("rel"), o.CacheDir)

	// The endpoint.
	t.Setenv("HF_ENDPOINT", "https://mirror.example/")
	o, _ = (&Options{}).Resolved()
	require.Equal(t, "https://mirror.example", o.Endpoint)
	o, _ = (&Options{Endpoint: "http://x//"}).Resolved()
	require.Equal(t, "http://x", o.Endpoint)

	// Timeouts.
	t.Setenv("HF_HUB_ETAG_TIMEOUT", "3")
	t.Setenv("HF_HUB_DOWNLOAD_TIMEOUT", "junk")
	o, _ = (&Options{ReadTimeout: -1}).Resolved()
	require.Equal(t, 3*time.Second, o.MetadataTimeout)
	require.Equal(t, time.Duration(-1), o.ReadTimeout)
}

func TestTokenFromEnvironment(t *testing.T) {
	home := cleanEnv(t)
	token := func(o *Options) string {
		t.Helper()
		r, err := o.Resolved()
		require.NoError(t, err)
		return r.Token
	}
	require.Equal(t, "", token(nil))

	// The file "hf auth login" writes: HF_HOME/token, line breaks and
	// spaces removed.
	hfHome := filepath.Join(home, ".cache", "huggingface")
	require.NoError(t, os.MkdirAll(hfHome, 0o700))
	require.NoError(t, os.WriteFile(filepath.Join(hfHome, "token"), []byte(" hf_file\r\n"), 0o600))
	require.Equal(t, "hf_file", token(nil))
	t.Setenv("HF_TOKEN_PATH", filepath.Join(home, "other"))
	require.Equal(t, "", token(nil))
	require.NoError(t, os.WriteFile(filepath.Join(home, "other"), []byte("hf_other"), 0o600))
	require.Equal(t, "hf_other", token(nil))

	t.Setenv("HUGGING_FACE_HUB_TOKEN", "hf_legacy")
	require.Equal(t, "hf_legacy", token(nil))
	t.Setenv("HF_TOKEN", "hf_env\n")
	require.Equal(t, "hf_env", token(nil))
	require.Equal(t, "hf_opt", token(&Options{Token: "hf_opt"}))
	require.Equal(t, "", token(&Options{Token: "hf_opt", NoToken: true}))

	t.Setenv("HF_HUB_DISABLE_IMPLICIT_TOKEN", "yes")
	require.Equal(t, "", token(nil))
	require.Equal(t, "hf_opt", token(&Options{Token: "hf_opt"}))
}

func TestOfflineFromEnvironment(t *testing.T) {
	for _, tc := range []struct {
		hf, transformers string
		want             bool
	}{
		{"", "", false},
		{"1", "", true},
		{"True", "", true},
		{"on", "", true},
		{"yEs", "", true},
		{"2", "", false},
		{"0", "1", false}, // HF_HUB_OFFLINE set: TRANSFORMERS_OFFLINE not read
		{"", "1", true},
		{" 1", "", false}, // no trimming, as in Python
	} {
		cleanEnv(t)
		t.Setenv("HF_HUB_OFFLINE", tc.hf)
		t.Setenv("TRANSFORMERS_OFFLINE", tc.transformers)
		o, err := (&Options{}).Resolved()
		require.NoError(t, err)
		require.Equal(t, tc.want, o.Offline, "HF_HUB_OFFLINE=%q TRANSFORMERS_OFFLINE=%q", tc.hf, tc.transformers)
		o, _ = (&Options{Offline: true}).Resolved()
		require.True(t, o.Offline)
	}
}

func TestValidateRepoID(t *testing.T) {
	for _, id := range []string{"bert-base-uncased", "google-bert/bert-base-uncased", "a", "123", "Foo-BAR_foo.bar123", "_x/y_", strings.Repeat("a", 96)} {
		require.NoError(t, ValidateRepoID(id), id)
	}
	for _, id := range []string{"", "/", "a/", "/a", "a/b/c", "datasets/foo/bar", ".repo", "repo-", "foo--bar", "other..repo", "foo.git",
		"a b", "é", strings.Repeat("a", 97), "./x", "../x", `a\b`} {
		require.Error(t, ValidateRepoID(id), id)
	}
}

func TestOfflineFindsPythonCache(t *testing.T) {
	cleanEnv(t)
	cache := t.TempDir()
	t.Setenv("HF_HUB_CACHE", cache)
	t.Setenv("HF_HUB_OFFLINE", "1")
	data := bertJSON(t)
	want := pythonCache(t, cache, "bert-base-uncased", "main", commitA, "tokenizer.json", data, "7e954d9fc965f664f6f5809e20e0ab0f5cac73d2")

	tk, err := FromPretrained(context.Background(), "bert-base-uncased", nil)
	require.NoError(t, err)
	enc, err := tk.Encode("Hello, world!")
	require.NoError(t, err)
	require.Equal(t, bertIDs, fmt.Sprint(enc.IDs))

	p, err := Download(context.Background(), "bert-base-uncased", "tokenizer.json", nil)
	require.NoError(t, err)
	require.Equal(t, want, p)
	p, err = Download(context.Background(), "bert-base-uncased", "tokenizer.json", &Options{Revision: commitA})
	require.NoError(t, err)
	require.Equal(t, want, p)

	// A branch never fetched: the ref file is what is missing.
	_, err = Download(context.Background(), "bert-base-uncased", "tokenizer.json", &Options{Revision: "v2"})
	require.ErrorIs(t, err, ErrNotCached)
	var nc *NotCachedError
	require.ErrorAs(t, err, &nc)
	require.Equal(t, filepath.Join(cache, "models--bert-base-uncased", "refs", "v2"), nc.Missing)
	require.Contains(t, err.Error(), "HF_HUB_OFFLINE=1")
	require.Contains(t, err.Error(), nc.Missing)

	// A commit that is not cached, and a file that is not.
	_, err = Download(context.Background(), "bert-base-uncased", "tokenizer.json", &Options{Revision: commitB})
	require.ErrorAs(t, err, &nc)
	require.Equal(t, filepath.Join(cache, "models--bert-base-uncased", "snapshots", commitB, "tokenizer.json"), nc.Missing)
	_, err = Download(context.Background(), "bert-base-uncased", "config.json", nil)
	require.ErrorAs(t, err, &nc)
	require.Equal(t, filepath.Join(cache, "models--bert-base-uncased", "snapshots", commitA, "config.json"), nc.Missing)
	require.NotErrorIs(t, err, ErrEntryNotFound)

	// A repository never fetched.
	_, err = FromPretrained(context.Background(), "org/other", nil)
	require.ErrorIs(t, err, ErrNotCached)
	require.Contains(t, err.Error(), filepath.Join(cache, "models--org--other", "refs", "main"))
}

// online sets up a test against a fake Hub: a clean environment pointing
// at it, with its own cache. It returns the hub and the cache directory.
func online(t *testing.T) (*fakeHub, string) {
	t.Helper()
	cleanEnv(t)
	h := newFakeHub(t)
	cache := t.TempDir()
	t.Setenv("HF_HUB_CACHE", cache)
	t.Setenv("HF_ENDPOINT", h.srv.URL)
	return h, cache
}

// listCache returns the cache's entries, relative, "/"-separated, with
// " -> target" for symlinks.
func listCache(t *testing.T, cache string) []string {
	t.Helper()
	var out []string
	err := filepath.Walk(cache, func(p string, info os.FileInfo, err error) error {
		if err != nil || p == cache {
			return err
		}
		rel, _ := filepath.Rel(cache, p)
		e := filepath.ToSlash(rel)
		if info.Mode()&os.ModeSymlink != 0 {
			target, _ := os.Readlink(p)
			e += " -> " + filepath.ToSlash(target)
		} else if info.IsDir() {
			e += "/"
		}
		out = append(out, e)
		return nil
	})
	require.NoError(t, err)
	return out
}

func TestDownloadLaysOutCacheAsPython(t *testing.T) {
	h, cache := online(t)
	data := bertJSON(t)
	f := h.addFile("google-bert/bert-base-uncased", "main", commitA, "tokenizer.json", data, false)
	h.token = "hf_secret"
	t.Setenv("HF_TOKEN", "hf_secret")
	etag := f.etag()
	require.Equal(t, "7e954d9fc965f664f6f5809e20e0ab0f5cac73d2", etag) // git hash-object

	p, err := Download(context.Background(), "google-bert/bert-base-uncased", "tokenizer.json", nil)
	require.NoError(t, err)
	repo := "models--google-bert--bert-base-uncased"
	require.Equal(t, filepath.Join(cache, repo, "snapshots", commitA, "tokenizer.json"), p)
	require.Equal(t, []string{
		".locks/",
		".locks/" + repo + "/",
		".locks/" + repo + "/" + etag + ".lock",
		"CACHEDIR.TAG",
		repo + "/",
		repo + "/blobs/",
		repo + "/blobs/" + etag,
		repo + "/refs/",
		repo + "/refs/main",
		repo + "/snapshots/",
		repo + "/snapshots/" + commitA + "/",
		repo + "/snapshots/" + commitA + "/tokenizer.json -> ../../blobs/" + etag,
	}, listCache(t, cache))
	ref, err := os.ReadFile(filepath.Join(cache, repo, "refs", "main"))
	require.NoError(t, err)
	require.Equal(t, commitA, string(ref))
	got, err := os.ReadFile(p)
	require.NoError(t, err)
	require.Equal(t, data, got)
	require.Equal(t, bertIDs, encodes(t, p))

	reqs := h.requests()
	require.Len(t, reqs, 2)
	require.Equal(t, "HEAD", reqs[0].method)
	require.Equal(t, "/google-bert/bert-base-uncased/resolve/main/tokenizer.json", reqs[0].path)
	require.Equal(t, "identity", reqs[0].acceptEnc)
	require.Equal(t, "GET", reqs[1].method)
	for _, r := range reqs {
		require.Equal(t, "Bearer hf_secret", r.auth)
		require.Contains(t, r.ua, "tokenizers-go-hub")
	}

	// Cached: one HEAD to check the revision, no download.
	p2, err := Download(context.Background(), "google-bert/bert-base-uncased", "tokenizer.json", nil)
	require.NoError(t, err)
	require.Equal(t, p, p2)
	require.Equal(t, 1, h.count("hub", "GET"))
	require.Equal(t, 2, h.count("hub", "HEAD"))

	// A commit hash that is cached needs no request at all.
	_, err = Download(context.Background(), "google-bert/bert-base-uncased", "tokenizer.json", &Options{Revision: commitA})
	require.NoError(t, err)
	require.Len(t, h.requests(), 3)

	// Offline now finds it.
	t.Setenv("HF_HUB_OFFLINE", "1")
	tk, err := FromPretrained(context.Background(), "google-bert/bert-base-uncased", nil)
	require.NoError(t, err)
	require.Equal(t, 30522, tk.VocabSize(false))
	require.Len(t, h.requests(), 3)
}

func TestNewRevisionSameContent(t *testing.T) {
	h, cache := online(t)
	data := bertJSON(t)
	h.addFile("org/m", "main", commitA, "tokenizer.json", data, false)
	p1, err := Download(context.Background(), "org/m", "tokenizer.json", nil)
	require.NoError(t, err)

	// main moves to a new commit where the file did not change: no
	// download, a new snapshot entry to the same blob, the ref moves.
	h.addFile("org/m", "main", commitB, "tokenizer.json", data, false)
	p2, err := Download(context.Background(), "org/m", "tokenizer.json", nil)
	require.NoError(t, err)
	require.NotEqual(t, p1, p2)
	require.Equal(t, 1, h.count("hub", "GET"))
	target, err := os.Readlink(p2)
	require.NoError(t, err)
	require.Equal(t, filepath.FromSlash("../../blobs/7e954d9fc965f664f6f5809e20e0ab0f5cac73d2"), target)
	ref, _ := os.ReadFile(filepath.Join(cache, "models--org--m", "refs", "main"))
	require.Equal(t, commitB, string(ref))

	// A file in a subfolder links with one more "..", and a branch with
	// a slash is escaped whole in the URL and nested under refs/.
	h.addFile("org/m", "refs/pr/1", commitB, "sub/dir/tokenizer.json", data, false)
	p3, err := Download(context.Background(), "org/m", "sub/dir/tokenizer.json", &Options{Revision: "refs/pr/1"})
	require.NoError(t, err)
	target, _ = os.Readlink(p3)
	require.Equal(t, filepath.FromSlash("../../../../blobs/7e954d9fc965f664f6f5809e20e0ab0f5cac73d2"), target)
	reqs := h.requests()
	require.Equal(t, "/org/m/resolve/refs%2Fpr%2F1/sub/dir/tokenizer.json", reqs[len(reqs)-1].rawPath)
	ref, _ = os.ReadFile(filepath.Join(cache, "models--org--m", "refs", "refs", "pr", "1"))
	require.Equal(t, commitB, string(ref))
}

func TestDownloadLFSFromCDN(t *testing.T) {
	h, cache := online(t)
	data := bertJSON(t)
	f := h.addFile("org/big", "main", commitA, "tokenizer.json", data, true)
	h.token = "hf_secret"
	etag := f.etag()
	require.Equal(t, "3140af3f138a278326f082299d62c701ffa88268d85ec3ad8a9a242089a78dfe", etag) // sha256sum

	p, err := Download(context.Background(), "org/big", "tokenizer.json", &Options{Token: "hf_secret"})
	require.NoError(t, err)
	require.Equal(t, bertIDs, encodes(t, p))
	target, _ := os.Readlink(p)
	require.Equal(t, filepath.FromSlash("../../blobs/"+etag), target)
	_, err = os.Stat(filepath.Join(cache, "models--org--big", "blobs", etag))
	require.NoError(t, err)

	// The HEAD stops at the redirect to the storage; the GET goes there
	// directly, without the token.
	reqs := h.requests()
	require.Len(t, reqs, 2)
	require.Equal(t, fakeReq{server: "hub", method: "HEAD", path: "/org/big/resolve/main/tokenizer.json", rawPath: "/org/big/resolve/main/tokenizer.json",
		auth: "Bearer hf_secret", ua: reqs[0].ua, acceptEnc: "identity"}, reqs[0])
	require.Equal(t, "cdn", reqs[1].server)
	require.Equal(t, "GET", reqs[1].method)
	require.Equal(t, "", reqs[1].auth)
}

func TestCorruptDownloadIsRejected(t *testing.T) {
	h, cache := online(t)
	h.addFile("org/big", "main", commitA, "tokenizer.json", bertJSON(t), true)
	h.wrongBody = true
	_, err := Download(context.Background(), "org/big", "tokenizer.json", nil)
	require.ErrorIs(t, err, ErrCorrupt)
	require.Contains(t, err.Error(), "SHA-256")
	// Nothing of it stays in the cache.
	for _, e := range listCache(t, cache) {
		require.NotContains(t, e, "incomplete")
		require.False(t, strings.Contains(e, "/blobs/") && !strings.HasSuffix(e, "/") || strings.Contains(e, "tokenizer.json"), e)
	}
}

func TestRenamedRepository(t *testing.T) {
	h, cache := online(t)
	h.addFile("google-bert/bert-base-uncased", "main", commitA, "tokenizer.json", bertJSON(t), false)
	h.renamed["bert-base-uncased"] = "google-bert/bert-base-uncased"
	t.Setenv("HF_TOKEN", "hf_x")
	h.token = "hf_x"

	p, err := Download(context.Background(), "bert-base-uncased", "tokenizer.json", nil)
	require.NoError(t, err)
	// Cached under the name asked for, as huggingface_hub does.
	require.Equal(t, filepath.Join(cache, "models--bert-base-uncased", "snapshots", commitA, "tokenizer.json"), p)
	reqs := h.requests()
	require.Len(t, reqs, 3)
	require.Equal(t, "/bert-base-uncased/resolve/main/tokenizer.json", reqs[0].path)
	require.Equal(t, "HEAD", reqs[1].method)
	require.Equal(t, "/google-bert/bert-base-uncased/resolve/main/tokenizer.json", reqs[1].path)
	require.Equal(t, "GET", reqs[2].method)
	require.Equal(t, "/google-bert/bert-base-uncased/resolve/main/tokenizer.json", reqs[2].path)
	require.Equal(t, "Bearer hf_x", reqs[2].auth) // same host: the token still goes
}

func TestHubErrors(t *testing.T) {
	h, cache := online(t)
	data := bertJSON(t)
	h.addFile("org/m", "main", commitA, "tokenizer.json", data, false)
	h.addFile("org/private", "main", commitA, "tokenizer.json", data, false)
	h.repos["org/private"].private = true
	h.addFile("org/gated", "main", commitA, "tokenizer.json", data, false)
	h.repos["org/gated"].gated = true
	h.token = "hf_good"
	ctx := context.Background()

	_, err := Download(ctx, "org/nothere", "tokenizer.json", nil)
	require.ErrorIs(t, err, ErrRepoNotFound)
	require.Contains(t, err.Error(), "set HF_TOKEN")
	require.Contains(t, err.Error(), "401")
	require.Contains(t, err.Error(), "Root=1-fake")

	_, err = Download(ctx, "org/private", "tokenizer.json", nil)
	require.ErrorIs(t, err, ErrRepoNotFound)
	var se *StatusError
	require.ErrorAs(t, err, &se)
	require.Equal(t, 401, se.StatusCode)
	require.Equal(t, "RepoNotFound", se.Code)
	_, err = Download(ctx, "org/private", "tokenizer.json", &Options{Token: "hf_good"})
	require.NoError(t, err)

	t.Setenv("HF_TOKEN", "hf_stale")
	_, err = Download(ctx, "org/m", "tokenizer.json", nil)
	require.ErrorIs(t, err, ErrAccessDenied)
	require.Contains(t, err.Error(), "HF_TOKEN")
	_, err = Download(ctx, "org/m", "tokenizer.json", &Options{NoToken: true})
	require.NoError(t, err)
	t.Setenv("HF_TOKEN", "")

	_, err = Download(ctx, "org/gated", "tokenizer.json", nil)
	require.ErrorIs(t, err, ErrGatedRepo)
	require.Contains(t, err.Error(), "gated")
	require.Contains(t, err.Error(), "HF_TOKEN")

	_, err = Download(ctx, "org/m", "tokenizer.json", &Options{Revision: "v9"})
	require.ErrorIs(t, err, ErrRevisionNotFound)
	require.Contains(t, err.Error(), `revision "v9" not found`)

	// A missing file: recorded under .no_exist as huggingface_hub does,
	// and said so offline.
	_, err = FromPretrained(ctx, "org/m", &Options{Revision: "main"})
	require.NoError(t, err)
	_, err = Download(ctx, "org/m", "vocab.txt", nil)
	require.ErrorIs(t, err, ErrEntryNotFound)
	require.Contains(t, err.Error(), `has no file "vocab.txt"`)
	_, err = os.Stat(filepath.Join(cache, "models--org--m", ".no_exist", commitA, "vocab.txt"))
	require.NoError(t, err)
	_, err = Download(ctx, "org/m", "vocab.txt", &Options{Offline: true})
	require.ErrorIs(t, err, ErrNotCached)
	require.ErrorIs(t, err, ErrEntryNotFound)

	// The Hub's word wins over the cache for a file it says is gone.
	h.mu.Lock()
	delete(h.repos["org/m"].files[commitA], "tokenizer.json")
	h.mu.Unlock()
	_, err = FromPretrained(ctx, "org/m", nil)
	require.ErrorIs(t, err, ErrEntryNotFound)
	require.Contains(t, err.Error(), "AutoTokenizer")

	// Invalid arguments are refused before any request.
	n := len(h.requests())
	_, err = Download(ctx, "org/m/x", "tokenizer.json", nil)
	require.Error(t, err)
	_, err = Download(ctx, "org/m", "../../etc/passwd", nil)
	require.Error(t, err)
	_, err = Download(ctx, "org/m", "tokenizer.json", &Options{Revision: "../x"})
	require.Error(t, err)
	require.Len(t, h.requests(), n)
}

func TestPlain404(t *testing.T) {
	cleanEnv(t)
	srv := httptestServer(t, func(w http.ResponseWriter, r *http.Request) { http.NotFound(w, r) })
	_, err := Download(context.Background(), "org/m", "tokenizer.json", &Options{Endpoint: srv, CacheDir: t.TempDir()})
	var se *StatusError
	require.ErrorAs(t, err, &se)
	require.Equal(t, 404, se.StatusCode)
	require.Contains(t, err.Error(), "not found")
}

func TestServerNotAHub(t *testing.T) {
	cleanEnv(t)
	srv := httptestServer(t, func(w http.ResponseWriter, r *http.Request) { w.Write([]byte("hello")) })
	_, err := Download(context.Background(), "org/m", "tokenizer.json", &Options{Endpoint: srv, CacheDir: t.TempDir()})
	require.ErrorIs(t, err, ErrNotCached)
	var me *MetadataError
	require.ErrorAs(t, err, &me)
	require.Contains(t, err.Error(), "X-Repo-Commit")
}

func TestServerErrorsFallBackToCache(t *testing.T) {
	h, cache := online(t)
	data := bertJSON(t)
	h.addFile("org/m", "main", commitA, "tokenizer.json", data, false)
	ctx := context.Background()

	// Not cached: 503 twice, then the retries get through.
	h.failHead = []int{503, 503}
	p, err := Download(ctx, "org/m", "tokenizer.json", fast(&Options{}))
	require.NoError(t, err)
	require.Equal(t, 3, h.count("hub", "HEAD"))

	// Cached: a 500 falls back to the cache at once.
	h.failHead = []int{500}
	p2, err := Download(ctx, "org/m", "tokenizer.json", fast(&Options{}))
	require.NoError(t, err)
	require.Equal(t, p, p2)
	require.Equal(t, 4, h.count("hub", "HEAD"))

	// Not cached and the Hub keeps failing: ErrNotCached, wrapping the
	// Hub's error.
	h.failHead = []int{500, 500, 500, 500, 500, 500, 500, 500}
	_, err = Download(ctx, "org/m", "tokenizer.json", fast(&Options{Revision: "other"}))
	require.ErrorIs(t, err, ErrNotCached)
	var se *StatusError
	require.ErrorAs(t, err, &se)
	require.Equal(t, 500, se.StatusCode)
	require.Contains(t, err.Error(), filepath.Join(cache, "models--org--m", "refs", "other"))
	require.Equal(t, 4+7, h.count("hub", "HEAD")) // 1, then 1 + 5 retries

	// No server at all.
	h.srv.Close()
	p3, err := Download(ctx, "org/m", "tokenizer.json", fast(&Options{}))
	require.NoError(t, err)
	require.Equal(t, p, p3)
	_, err = Download(ctx, "org/m", "config.json", fast(&Options{}))
	require.ErrorIs(t, err, ErrNotCached)
	require.Contains(t, err.Error(), "the Hub could not be asked")
}

func TestResumeAfterBrokenConnection(t *testing.T) {
	h, _ := online(t)
	data := bertJSON(t)
	h.addFile("org/m", "main", commitA, "tokenizer.json", data, false)
	h.cutAfter = []int64{100000, 5000}
	p, err := Download(context.Background(), "org/m", "tokenizer.json", fast(&Options{}))
	require.NoError(t, err)
	got, _ := os.ReadFile(p)
	require.Equal(t, data, got)
	var ranges []string
	for _, r := range h.requests() {
		if r.method == "GET" {
			ranges = append(ranges, r.rangeHdr)
		}
	}
	require.Equal(t, []string{"", "bytes=100000-", "bytes=105000-"}, ranges)
}

func TestResumeCompressedDownload(t *testing.T) {
	// The Hub compresses text files for clients that accept it; a resumed
	// download asks for the rest of the file's own bytes.
	h, _ := online(t)
	data := bertJSON(t)
	h.addFile("org/m", "main", commitA, "tokenizer.json", data, false)
	h.gzip = true
	h.cutAfter = []int64{50000}
	p, err := Download(context.Background(), "org/m", "tokenizer.json", fast(&Options{}))
	require.NoError(t, err)
	got, _ := os.ReadFile(p)
	require.Equal(t, data, got)
	reqs := h.requests()
	require.Len(t, reqs, 3)
	require.Equal(t, "gzip", reqs[1].acceptEnc)
	require.Equal(t, "identity", reqs[2].acceptEnc)
	require.True(t, strings.HasPrefix(reqs[2].rangeHdr, "bytes="))
	require.NotEqual(t, "bytes=0-", reqs[2].rangeHdr)
}

func TestResumePartialFromEarlierCall(t *testing.T) {
	for _, ignoreRange := range []bool{false, true} {
		h, cache := online(t)
		data := bertJSON(t)
		f := h.addFile("org/big", "main", commitA, "tokenizer.json", data, true)
		h.ignoreRange = ignoreRange
		blobs := filepath.Join(cache, "models--org--big", "blobs")
		require.NoError(t, os.MkdirAll(blobs, 0o755))
		require.NoError(t, os.WriteFile(filepath.Join(blobs, f.etag()+".incomplete"), data[:300000], 0o644))

		p, err := Download(context.Background(), "org/big", "tokenizer.json", nil)
		require.NoError(t, err)
		got, _ := os.ReadFile(p)
		require.Equal(t, data, got)
		reqs := h.requests()
		require.Equal(t, "cdn", reqs[1].server)
		require.Equal(t, "bytes=300000-", reqs[1].rangeHdr)
		require.Equal(t, "identity", reqs[1].acceptEnc)
		_, err = os.Stat(filepath.Join(blobs, f.etag()+".incomplete"))
		require.True(t, errors.Is(err, os.ErrNotExist))
	}
}

func TestCancelKeepsPartialForNextCall(t *testing.T) {
	h, cache := online(t)
	data := bertJSON(t)
	f := h.addFile("org/m", "main", commitA, "tokenizer.json", data, false)
	h.stallAfter = 200000
	h.stall = make(chan struct{})
	ctx, cancel := context.WithCancel(context.Background())
	partial := filepath.Join(cache, "models--org--m", "blobs", f.etag()+".incomplete")

	done := make(chan error)
	go func() {
		_, err := Download(ctx, "org/m", "tokenizer.json", &Options{ReadTimeout: -1})
		done <- err
	}()
	// Wait until the first bytes are on disk, then cancel.
	require.Eventually(t, func() bool {
		m, _ := filepath.Glob(filepath.Join(cache, "models--org--m", "blobs", "*.incomplete"))
		if len(m) != 1 {
			return false
		}
		st, err := os.Stat(m[0])
		return err == nil && st.Size() == 200000
	}, 10*time.Second, 5*time.Millisecond)
	cancel()
	err := <-done
	require.ErrorIs(t, err, context.Canceled)
	st, err := os.Stat(partial)
	require.NoError(t, err)
	require.Equal(t, int64(200000), st.Size())

	p, err := Download(context.Background(), "org/m", "tokenizer.json", nil)
	require.NoError(t, err)
	got, _ := os.ReadFile(p)
	require.Equal(t, data, got)
	reqs := h.requests()
	require.Equal(t, "bytes=200000-", reqs[len(reqs)-1].rangeHdr)
}

func TestReadTimeoutResumes(t *testing.T) {
	h, _ := online(t)
	data := bertJSON(t)
	h.addFile("org/m", "main", commitA, "tokenizer.json", data, false)
	h.stallAfter = 1000
	h.stallFor = 5 * time.Second
	start := time.Now()
	p, err := Download(context.Background(), "org/m", "tokenizer.json", fast(&Options{ReadTimeout: 100 * time.Millisecond}))
	require.NoError(t, err)
	require.Less(t, time.Since(start), 4*time.Second)
	got, _ := os.ReadFile(p)
	require.Equal(t, data, got)
	reqs := h.requests()
	require.Equal(t, "bytes=1000-", reqs[len(reqs)-1].rangeHdr)
}

func TestConcurrentDownloads(t *testing.T) {
	h, cache := online(t)
	data := bertJSON(t)
	h.addFile("org/m", "main", commitA, "tokenizer.json", data, false)
	h.addFile("org/big", "main", commitA, "tokenizer.json", data, true)
	var wg sync.WaitGroup
	paths := make([]string, 16)
	errs := make([]error, 16)
	for i := range paths {
		wg.Go(func() {
			repo := []string{"org/m", "org/big"}[i%2]
			paths[i], errs[i] = Download(context.Background(), repo, "tokenizer.json", nil)
		})
	}
	wg.Wait()
	for i, p := range paths {
		require.NoError(t, errs[i])
		got, err := os.ReadFile(p)
		require.NoError(t, err)
		require.Equal(t, data, got)
	}
	// The lock file lets one download each content; the others wait and
	// find it.
	require.Equal(t, 1, h.count("hub", "GET"))
	require.Equal(t, 1, h.count("cdn", "GET"))
	for _, e := range listCache(t, cache) {
		require.NotContains(t, e, ".incomplete")
		require.NotContains(t, e, ".tmp")
	}
}

func TestConcurrentWritersWithoutLock(t *testing.T) {
	// Two downloads that do not see each other's lock (a file system
	// where flock does nothing) both write the blob and the link: the
	// result is still right.
	h, cache := online(t)
	data := bertJSON(t)
	h.addFile("org/m", "main", commitA, "tokenizer.json", data, false)
	c, err := resolve(nil)
	require.NoError(t, err)
	r := newRepoCache(cache, "org/m")
	m, err := c.metadata(context.Background(), "org/m", "tokenizer.json", time.Second)
	require.NoError(t, err)
	require.NoError(t, os.MkdirAll(filepath.Dir(r.blobPath(m.etag)), 0o777))
	var wg sync.WaitGroup
	errs := make([]error, 4)
	for i := range errs {
		wg.Go(func() {
			tmp, err := c.download(context.Background(), r.blobPath(m.etag), m)
			if err == nil {
				err = os.Rename(tmp, r.blobPath(m.etag))
			}
			if err == nil {
				err = link(r.blobPath(m.etag), r.pointerPath(m.commit, "tokenizer.json"), false, false)
			}
			errs[i] = err
		})
	}
	wg.Wait()
	for _, err := range errs {
		require.NoError(t, err)
	}
	got, err := os.ReadFile(r.pointerPath(m.commit, "tokenizer.json"))
	require.NoError(t, err)
	require.Equal(t, data, got)
}

func TestNoSymlinks(t *testing.T) {
	h, cache := online(t)
	t.Setenv("HF_HUB_DISABLE_SYMLINKS", "1")
	data := bertJSON(t)
	f := h.addFile("org/m", "main", commitA, "tokenizer.json", data, false)
	p, err := Download(context.Background(), "org/m", "tokenizer.json", nil)
	require.NoError(t, err)
	st, err := os.Lstat(p)
	require.NoError(t, err)
	require.True(t, st.Mode().IsRegular())
	// A new content moves into the snapshot, as huggingface_hub does.
	_, err = os.Stat(filepath.Join(cache, "models--org--m", "blobs", f.etag()))
	require.True(t, errors.Is(err, os.ErrNotExist))
	require.Equal(t, bertIDs, encodes(t, p))

	// An existing blob is copied.
	pythonCache(t, cache, "org/m2", commitB, commitB, "x", data, f.etag())
	h.addFile("org/m2", "main", commitA, "tokenizer.json", data, false)
	p2, err := Download(context.Background(), "org/m2", "tokenizer.json", nil)
	require.NoError(t, err)
	st, _ = os.Lstat(p2)
	require.True(t, st.Mode().IsRegular())
	_, err = os.Stat(filepath.Join(cache, "models--org--m2", "blobs", f.etag()))
	require.NoError(t, err)
	require.Equal(t, 1, h.count("hub", "GET"))
}

func TestContextCanceledBeforeStart(t *testing.T) {
	h, _ := online(t)
	h.addFile("org/m", "main", commitA, "tokenizer.json", bertJSON(t), false)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := Download(ctx, "org/m", "tokenizer.json", nil)
	require.ErrorIs(t, err, context.Canceled)
	require.Empty(t, h.requests())
}
