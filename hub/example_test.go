package hub_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"log"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"

	"github.com/seed6642460b/tokenizers/hub"
)

// A tokenizer.json downloaded from a Hub (here a local stand-in that
// answers as huggingface.co does), then loaded from the cache.
func ExampleFromPretrained() {
	data, err := os.ReadFile("../testdata/tokenizers/bert-base-uncased/tokenizer.json")
	if err != nil {
		log.Fatal(err)
	}
	sum := sha256.Sum256(data)
	const commit = "86b5e0934494bd15c9632b12f734a8a67f723594"
	hubServer := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/google-bert/bert-base-uncased/resolve/main/tokenizer.json" {
			http.NotFound(w, r)
			return
		}
		// What the Hub says of every file: the commit of the revision,
		// the content's id and its size.
		w.Header().Set("X-Repo-Commit", commit)
		w.Header().Set("ETag", `"`+hex.EncodeToString(sum[:])+`"`)
		w.Header().Set("Content-Length", strconv.Itoa(len(data)))
		if r.Method == http.MethodGet {
			w.Write(data)
		}
	}))
	defer hubServer.Close()

	cache, err := os.MkdirTemp("", "hub-example")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(cache)
	opts := &hub.Options{
		Endpoint: hubServer.URL, // default: HF_ENDPOINT, else https://huggingface.co
		CacheDir: cache,         // default: HF_HUB_CACHE, else ~/.cache/huggingface/hub
		NoToken:  true,          // default: HF_TOKEN, else the token file of "hf auth login"
	}

	tk, err := hub.FromPretrained(context.Background(), "google-bert/bert-base-uncased", opts)
	if err != nil {
		log.Fatal(err)
	}
	enc, err := tk.Encode("Hello, world!")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(enc.IDs)

	// The file is now where Python's huggingface_hub keeps it, and found
	// there without the network.
	opts.Offline = true
	path, err := hub.Download(context.Background(), "google-bert/bert-base-uncased", "tokenizer.json", opts)
	if err != nil {
		log.Fatal(err)
	}
	rel, _ := filepath.Rel(cache, path)
	fmt.Println(filepath.ToSlash(rel))
	// Output:
	// [101 7592 1010 2088 999 102]
	// models--google-bert--bert-base-uncased/snapshots/86b5e0934494bd15c9632b12f734a8a67f723594/tokenizer.json
}

// Offline, a file comes from the cache that Python's huggingface_hub
// filled, through the commit that refs/main names; what is missing is said.
func ExampleDownload_offline() {
	cache, err := os.MkdirTemp("", "hub-example")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(cache)

	// The tree huggingface_hub leaves after
	// hf_hub_download("org/model", "tokenizer.json").
	repo := filepath.Join(cache, "models--org--model")
	const commit = "1dbc166cf8765166998eff31ade2eb64c8a40076"
	const etag = "7e954d9fc965f664f6f5809e20e0ab0f5cac73d2"
	os.MkdirAll(filepath.Join(repo, "blobs"), 0o755)
	os.MkdirAll(filepath.Join(repo, "refs"), 0o755)
	os.MkdirAll(filepath.Join(repo, "snapshots", commit), 0o755)
	os.WriteFile(filepath.Join(repo, "blobs", etag), []byte(`{"model":{}}`), 0o644)
	os.WriteFile(filepath.Join(repo, "refs", "main"), []byte(commit), 0o644)
	os.Symlink("../../blobs/"+etag, filepath.Join(repo, "snapshots", commit, "tokenizer.json"))

	opts := &hub.Options{CacheDir: cache, Offline: true}
	path, err := hub.Download(context.Background(), "org/model", "tokenizer.json", opts)
	if err != nil {
		log.Fatal(err)
	}
	rel, _ := filepath.Rel(cache, path)
	fmt.Println(filepath.ToSlash(rel))

	_, err = hub.Download(context.Background(), "org/model", "config.json", opts)
	var nc *hub.NotCachedError
	if errors.As(err, &nc) {
		rel, _ := filepath.Rel(cache, nc.Missing)
		fmt.Println("missing:", filepath.ToSlash(rel))
	}
	// Output:
	// models--org--model/snapshots/1dbc166cf8765166998eff31ade2eb64c8a40076/tokenizer.json
	// missing: models--org--model/snapshots/1dbc166cf8765166998eff31ade2eb64c8a40076/config.json
}
