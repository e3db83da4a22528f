package hub

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// pythonHub returns a Python interpreter that has huggingface_hub, or skips
// the test. HUB_TEST_PYTHON names the interpreter (default python3); set
// PYTHONPATH as usual to point it at a huggingface_hub source tree.
func pythonHub(t *testing.T) string {
	t.Helper()
	py := os.Getenv("HUB_TEST_PYTHON")
	if py == "" {
		py = "python3"
	}
	if err := exec.Command(py, "-c", "import huggingface_hub").Run(); err != nil {
		t.Skipf("no huggingface_hub for %s (set HUB_TEST_PYTHON, PYTHONPATH): %v", py, err)
	}
	return py
}

// pyDownload runs huggingface_hub's hf_hub_download in a process of its
// own, with the environment of the test plus env, and returns the path it
// prints.
func pyDownload(t *testing.T, py, repoID, filename string, env ...string) string {
	t.Helper()
	script := "import sys\nfrom huggingface_hub import hf_hub_download\nprint(hf_hub_download(sys.argv[1], sys.argv[2]))\n"
	cmd := exec.Command(py, "-c", script, repoID, filename)
	cmd.Env = pyEnv(env...)
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, "%s", out)
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	return lines[len(lines)-1]
}

// TestPythonSharesTheCache runs Python's huggingface_hub against the fake
// Hub and the same cache: what one downloads, the other finds offline, at
// the same path, for regular and LFS files.
func TestPythonSharesTheCache(t *testing.T) {
	py := pythonHub(t)
	h, cache := online(t)
	data := bertJSON(t)
	h.addFile("org/regular", "main", commitA, "tokenizer.json", data, false)
	h.addFile("org/lfs", "main", commitA, "tokenizer.json", data, true)
	h.addFile("org/go", "main", commitB, "tokenizer.json", data, false)
	h.addFile("org/golfs", "v1", commitB, "sub/tokenizer.json", data, true)
	offline := "HF_HUB_OFFLINE=1"

	for _, repo := range []string{"org/regular", "org/lfs"} {
		pyPath := pyDownload(t, py, repo, "tokenizer.json")
		require.True(t, strings.HasPrefix(pyPath, cache), pyPath)
		gets := h.count("hub", "GET") + h.count("cdn", "GET")
		goPath, err := Download(context.Background(), repo, "tokenizer.json", &Options{Offline: true})
		require.NoError(t, err)
		require.Equal(t, pyPath, goPath)
		require.Equal(t, bertIDs, encodes(t, goPath))
		// Online, Go finds Python's blob and downloads nothing.
		goPath, err = Download(context.Background(), repo, "tokenizer.json", nil)
		require.NoError(t, err)
		require.Equal(t, pyPath, goPath)
		require.Equal(t, gets, h.count("hub", "GET")+h.count("cdn", "GET"))
	}

	goPath, err := Download(context.Background(), "org/go", "tokenizer.json", nil)
	require.NoError(t, err)
	require.Equal(t, goPath, pyDownload(t, py, "org/go", "tokenizer.json", offline))
	goPath, err = Download(context.Background(), "org/golfs", "sub/tokenizer.json", &Options{Revision: "v1"})
	require.NoError(t, err)
	script := "from huggingface_hub import hf_hub_download\nprint(hf_hub_download('org/golfs', 'sub/tokenizer.json', revision='v1'))\n"
	cmd := exec.Command(py, "-c", script)
	cmd.Env = pyEnv(offline)
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, "%s", out)
	require.Equal(t, goPath, strings.TrimSpace(string(out)))

	// Python's view of the whole cache agrees.
	scan := "from huggingface_hub import scan_cache_dir\n" +
		"for r in sorted(scan_cache_dir().repos, key=lambda r: r.repo_id):\n" +
		"  for rev in r.revisions:\n" +
		"    print(r.repo_id, sorted(rev.refs), rev.commit_hash[:7], sorted(f.file_name for f in rev.files), rev.nb_files)\n" +
		"print(scan_cache_dir().warnings)\n"
	cmd = exec.Command(py, "-c", scan)
	cmd.Env = pyEnv()
	out, err = cmd.CombinedOutput()
	require.NoError(t, err, "%s", out)
	require.Equal(t, "org/go ['main'] 1dbc166 ['tokenizer.json'] 1\n"+
		"org/golfs ['v1'] 1dbc166 ['tokenizer.json'] 1\n"+
		"org/lfs ['main'] 86b5e09 ['tokenizer.json'] 1\n"+
		"org/regular ['main'] 86b5e09 ['tokenizer.json'] 1\n"+
		"[]\n", string(out))
}

// pyEnv is the test's environment for Python, plus env: the variables that
// cleanEnv set to "" are left out, since huggingface_hub reads an empty
// value as given (and fails on an empty timeout).
func pyEnv(env ...string) []string {
	var out []string
	for _, kv := range os.Environ() {
		if !strings.HasSuffix(kv, "=") {
			out = append(out, kv)
		}
	}
	return append(out, env...)
}

// TestPythonSameLayout has Python and Go each fill a cache of their own
// with the same downloads (a regular file, an LFS file, a missing file):
// the two trees are the same, entry for entry, symlink targets included.
func TestPythonSameLayout(t *testing.T) {
	py := pythonHub(t)
	h, goCache := online(t)
	data := bertJSON(t)
	h.addFile("org/regular", "main", commitA, "tokenizer.json", data, false)
	h.addFile("org/lfs", "main", commitA, "tokenizer.json", data, true)
	pyCache := t.TempDir()
	for _, repo := range []string{"org/regular", "org/lfs"} {
		pyDownload(t, py, repo, "tokenizer.json", "HF_HUB_CACHE="+pyCache)
		_, err := Download(context.Background(), repo, "tokenizer.json", nil)
		require.NoError(t, err)

		script := "from huggingface_hub import hf_hub_download\nfrom huggingface_hub.errors import RemoteEntryNotFoundError\n" +
			"try:\n  hf_hub_download('" + repo + "', 'missing.json')\nexcept RemoteEntryNotFoundError:\n  print('not found')\n"
		cmd := exec.Command(py, "-c", script)
		cmd.Env = pyEnv("HF_HUB_CACHE=" + pyCache)
		out, err := cmd.CombinedOutput()
		require.NoError(t, err, "%s", out)
		require.Equal(t, "not found\n", string(out))
		_, err = Download(context.Background(), repo, "missing.json", nil)
		require.ErrorIs(t, err, ErrEntryNotFound)
	}
	require.Equal(t, listCache(t, pyCache), listCache(t, goCache))
}

// TestPythonWaitsForGoAndBack: a Go download and a Python download of the
// same content at the same time take the same lock file, so the content is
// downloaded once.
func TestPythonWaitsForGoAndBack(t *testing.T) {
	py := pythonHub(t)
	for _, goFirst := range []bool{true, false} {
		h, cache := online(t)
		data := bertJSON(t)
		h.addFile("org/lfs", "main", commitA, "tokenizer.json", data, true)
		h.stallAfter = 100000
		h.stall = make(chan struct{})
		uaOf := func(first bool) string {
			if first == goFirst {
				return "tokenizers-go-hub"
			}
			return "hf_hub/"
		}
		seen := func(ua, server, method string) int {
			n := 0
			for _, r := range h.requests() {
				if strings.Contains(r.ua, ua) && r.server == server && r.method == method {
					n++
				}
			}
			return n
		}
		goDone, pyDone := make(chan error, 1), make(chan string, 1)
		startGo := func() {
			go func() {
				_, err := Download(context.Background(), "org/lfs", "tokenizer.json", nil)
				goDone <- err
			}()
		}
		startPy := func() {
			go func() {
				cmd := exec.Command(py, "-c", "from huggingface_hub import hf_hub_download\nprint(hf_hub_download('org/lfs', 'tokenizer.json'))\n")
				cmd.Env = pyEnv()
				out, err := cmd.CombinedOutput()
				if err != nil {
					out = append(out, err.Error()...)
				}
				pyDone <- string(out)
			}()
		}
		if goFirst {
			startGo()
		} else {
			startPy()
		}
		// The first one is downloading, holding the lock, stalled.
		require.Eventually(t, func() bool { return seen(uaOf(true), "cdn", "GET") == 1 }, 20*time.Second, 10*time.Millisecond)
		if goFirst {
			startPy()
		} else {
			startGo()
		}
		// The second one asked for the metadata and now waits for the lock.
		require.Eventually(t, func() bool { return seen(uaOf(false), "hub", "HEAD") == 1 }, 20*time.Second, 10*time.Millisecond)
		time.Sleep(500 * time.Millisecond)
		require.Equal(t, 0, seen(uaOf(false), "cdn", "GET"))
		close(h.stall) // the first one's connection breaks; it resumes and finishes
		require.NoError(t, <-goDone)
		out := <-pyDone
		want := filepath.Join(cache, "models--org--lfs", "snapshots", commitA, "tokenizer.json")
		require.Equal(t, want, strings.TrimSpace(out[strings.LastIndex(strings.TrimSpace(out), "\n")+1:]), out)
		require.Equal(t, 0, seen(uaOf(false), "cdn", "GET"), "the second one downloaded too")
		got, err := os.ReadFile(want)
		require.NoError(t, err)
		require.Equal(t, data, got)
	}
}
