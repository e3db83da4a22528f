package main

import (
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
)

const bertIDs = "ids: [101 7592 1010 2088 999 102]"

// hubEnv gives the test an environment of its own for package hub: an
// empty cache, no token, and an endpoint that fails the test if it is
// called (unless the test sets HF_ENDPOINT again).
func hubEnv(t *testing.T) string {
	t.Helper()
	for _, v := range []string{"HF_HOME", "XDG_CACHE_HOME", "HUGGINGFACE_HUB_CACHE", "HF_TOKEN", "HUGGING_FACE_HUB_TOKEN",
		"HF_TOKEN_PATH", "HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE", "HF_HUB_DISABLE_SYMLINKS"} {
		t.Setenv(v, "")
	}
	t.Setenv("HOME", t.TempDir())
	cache := t.TempDir()
	t.Setenv("HF_HUB_CACHE", cache)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		t.Errorf("unexpected request %s %s", r.Method, r.URL)
		http.Error(w, "no", http.StatusTeapot)
	}))
	t.Cleanup(srv.Close)
	t.Setenv("HF_ENDPOINT", srv.URL)
	return cache
}

func TestLoadFromHubCacheOffline(t *testing.T) {
	cache := hubEnv(t)
	t.Setenv("HF_HUB_OFFLINE", "1")
	data, err := os.ReadFile(bert)
	if err != nil {
		t.Fatal(err)
	}
	// The tree Python's huggingface_hub leaves.
	const commit = "86b5e0934494bd15c9632b12f734a8a67f723594"
	const etag = "7e954d9fc965f664f6f5809e20e0ab0f5cac73d2"
	repo := filepath.Join(cache, "models--google-bert--bert-base-uncased")
	for _, d := range []string{"blobs", "refs", "snapshots/" + commit} {
		if err := os.MkdirAll(filepath.Join(repo, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	os.WriteFile(filepath.Join(repo, "blobs", etag), data, 0o644)
	os.WriteFile(filepath.Join(repo, "refs", "main"), []byte(commit), 0o644)
	if err := os.Symlink("../../blobs/"+etag, filepath.Join(repo, "snapshots", commit, "tokenizer.json")); err != nil {
		t.Fatal(err)
	}

	for _, model := range []string{"google-bert/bert-base-uncased", "google-bert/bert-base-uncased@" + commit, "google-bert/bert-base-uncased@main"} {
		code, out, errs := runTok(t, "", "encode", "-t", model, "Hello, world!")
		if code != 0 || !strings.Contains(out, bertIDs) {
			t.Errorf("-t %s: exit %d, stderr %s, output:\n%s", model, code, errs, out)
		}
	}
	code, _, errs := runTok(t, "", "decode", "-t", "google-bert/bert-base-uncased@v2", "101")
	if code != 1 || !strings.Contains(errs, "not in the cache") || !strings.Contains(errs, filepath.Join(repo, "refs", "v2")) {
		t.Errorf("exit %d, stderr %s", code, errs)
	}
}

func TestLoadFromHubOnline(t *testing.T) {
	hubEnv(t)
	data, err := os.ReadFile(bert)
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(data)
	var gets atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/org/bert/resolve/main/tokenizer.json" {
			w.Header().Set("X-Error-Code", "RepoNotFound")
			http.Error(w, `{"error":"Repository not found"}`, http.StatusUnauthorized)
			return
		}
		w.Header().Set("X-Repo-Commit", "1dbc166cf8765166998eff31ade2eb64c8a40076")
		w.Header().Set("ETag", `"`+hex.EncodeToString(sum[:])+`"`)
		w.Header().Set("Content-Length", strconv.Itoa(len(data)))
		if r.Method == http.MethodGet {
			gets.Add(1)
			w.Write(data)
		}
	}))
	defer srv.Close()
	t.Setenv("HF_ENDPOINT", srv.URL)

	code, out, errs := runTok(t, "", "encode", "-t", "org/bert", "Hello, world!")
	if code != 0 || !strings.Contains(out, bertIDs) {
		t.Fatalf("exit %d, stderr %s, output:\n%s", code, errs, out)
	}
	code, out, _ = runTok(t, "", "decode", "-t", "org/bert", "7592")
	if code != 0 || out != "hello\n" || gets.Load() != 1 {
		t.Errorf("exit %d, %d downloads, output %q", code, gets.Load(), out)
	}
	srv.Close()
	t.Setenv("HF_HUB_OFFLINE", "1")
	code, out, _ = runTok(t, "", "decode", "-t", "org/bert", "7592")
	if code != 0 || out != "hello\n" {
		t.Errorf("offline: exit %d, output %q", code, out)
	}
}

func TestLoadHubErrors(t *testing.T) {
	hubEnv(t)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Error-Code", "RepoNotFound")
		w.WriteHeader(http.StatusUnauthorized)
	}))
	defer srv.Close()
	t.Setenv("HF_ENDPOINT", srv.URL)
	code, _, errs := runTok(t, "", "decode", "-t", "org/nothere", "1")
	if code != 1 || !strings.Contains(errs, "no such file, and as a Hub model id") || !strings.Contains(errs, "HF_TOKEN") {
		t.Errorf("exit %d, stderr %s", code, errs)
	}
}

func TestLoadPathWins(t *testing.T) {
	hubEnv(t) // any request fails the test
	data, err := os.ReadFile(bert)
	if err != nil {
		t.Fatal(err)
	}
	t.Chdir(t.TempDir())
	// A directory named like a model id, holding a tokenizer.json.
	if err := os.MkdirAll(filepath.Join("org", "bert"), 0o755); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join("org", "bert", "tokenizer.json"), data, 0o644)
	os.WriteFile("bert", data, 0o644) // a file named like a model id
	for _, p := range []string{"org/bert", "bert", filepath.Join("org", "bert", "tokenizer.json")} {
		code, out, errs := runTok(t, "", "encode", "-t", p, "Hello, world!")
		if code != 0 || !strings.Contains(out, bertIDs) {
			t.Errorf("-t %s: exit %d, stderr %s", p, code, errs)
		}
	}
	// Not there, and not shaped like a model id: a plain missing file.
	for _, p := range []string{"missing.json", "org/x/y", "./nothing"} {
		code, _, errs := runTok(t, "", "decode", "-t", p, "1")
		if code != 1 || !strings.Contains(errs, "no such file or directory") || strings.Contains(errs, "Hub") {
			t.Errorf("-t %s: exit %d, stderr %s", p, code, errs)
		}
	}
}
