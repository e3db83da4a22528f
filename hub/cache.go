package hub

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
)

// ValidateRepoID reports whether id is a repository id as huggingface_hub
// accepts it: "name" or "namespace/name", each part made of ASCII letters,
// digits, "-", "_" and ".", starting and ending with a letter, digit or "_",
// the name at most 96 characters, without "--" or "..", not ending in
// ".git".
func ValidateRepoID(id string) error {
	bad := func(why string) error { return fmt.Errorf("hub: invalid repository id %q: %s", id, why) }
	if strings.Count(id, "/") > 1 {
		return bad(`want "name" or "namespace/name"`)
	}
	parts := strings.Split(id, "/")
	for _, part := range parts {
		if part == "" {
			return bad("empty namespace or name")
		}
		for i := 0; i < len(part); i++ {
			if c := part[i]; !isWordByte(c) && c != '-' && c != '.' {
				return bad(fmt.Sprintf("character %q is not allowed (only letters, digits, '-', '_' and '.')", c))
			}
		}
		if !isWordByte(part[0]) || !isWordByte(part[len(part)-1]) {
			return bad("a part cannot start or end with '-' or '.'")
		}
	}
	name := parts[len(parts)-1]
	if len(name) > 96 {
		return bad("the name is longer than 96 characters")
	}
	if strings.Contains(id, "--") || strings.Contains(id, "..") {
		return bad(`"--" and ".." are not allowed`)
	}
	if strings.HasSuffix(id, ".git") {
		return bad(`it cannot end in ".git"`)
	}
	return nil
}

func isWordByte(c byte) bool {
	return c == '_' || c >= '0' && c <= '9' || c|0x20 >= 'a' && c|0x20 <= 'z'
}

// validateRelPath checks a "/"-separated path inside a repository or the
// cache (a file name, a revision, a commit or an ETag from the server):
// relative, no empty, "." or ".." element, no backslash or NUL, no drive
// letter, so that joining it to a cache directory stays inside it.
func validateRelPath(what, p string) error {
	if p == "" {
		return fmt.Errorf("hub: empty %s", what)
	}
	if strings.ContainsAny(p, "\\\x00") {
		return fmt.Errorf("hub: invalid %s %q: backslash or NUL", what, p)
	}
	for i, el := range strings.Split(p, "/") {
		if el == "" || el == "." || el == ".." {
			return fmt.Errorf("hub: invalid %s %q: empty, \".\" or \"..\" path element", what, p)
		}
		if i == 0 && len(el) >= 2 && el[1] == ':' {
			return fmt.Errorf("hub: invalid %s %q: looks like a drive", what, p)
		}
	}
	return nil
}

// validateName checks a single path element from the server (commit, ETag).
func validateName(what, s string) error {
	if strings.Contains(s, "/") {
		return fmt.Errorf("hub: invalid %s %q from the server", what, s)
	}
	return validateRelPath(what, s)
}

// isCommitHash reports whether rev is a full commit hash as
// huggingface_hub recognizes one: 40 lower-case hex digits.
func isCommitHash(rev string) bool {
	if len(rev) != 40 {
		return false
	}
	for i := 0; i < len(rev); i++ {
		if c := rev[i]; !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f') {
			return false
		}
	}
	return true
}

// isSHA256 reports whether an ETag is a SHA-256 (64 lower-case hex digits):
// the Hub uses the content's SHA-256 as the ETag of files stored with Git
// LFS, and the git blob id (40 hex digits) for the others.
func isSHA256(etag string) bool {
	if len(etag) != 64 {
		return false
	}
	return isCommitHash(etag[:40]) && isCommitHash(etag[24:])
}

// repoCache is the cache directory of one model repository:
//
//	{cache}/models--{namespace}--{name}/
//	    blobs/{etag}                       the files' contents
//	    refs/{revision}                    the commit a branch or tag was last seen at
//	    snapshots/{commit}/{filename}      symlink to ../../blobs/{etag} (or a copy)
//	    .no_exist/{commit}/{filename}      empty: the file does not exist at that commit
//
// the layout huggingface_hub writes and reads.
type repoCache struct {
	cacheDir string
	dir      string // the repository's folder
	folder   string // its name, "models--org--name"
}

func newRepoCache(cacheDir, repoID string) repoCache {
	folder := "models--" + strings.ReplaceAll(repoID, "/", "--")
	return repoCache{cacheDir: cacheDir, dir: filepath.Join(cacheDir, folder), folder: folder}
}

func (r repoCache) refPath(revision string) string {
	return filepath.Join(r.dir, "refs", filepath.FromSlash(revision))
}

func (r repoCache) pointerPath(commit, filename string) string {
	return filepath.Join(r.dir, "snapshots", commit, filepath.FromSlash(filename))
}

func (r repoCache) blobPath(etag string) string { return filepath.Join(r.dir, "blobs", etag) }

func (r repoCache) noExistPath(commit, filename string) string {
	return filepath.Join(r.dir, ".no_exist", commit, filepath.FromSlash(filename))
}

func (r repoCache) lockPath(etag string) string {
	return filepath.Join(r.cacheDir, ".locks", r.folder, etag+".lock")
}

// lookup finds filename at revision in the cache without the network: a
// commit hash is its own snapshot, a branch or tag goes through its ref
// file. It returns the snapshot path, or a *NotCachedError that says what
// is missing.
func (r repoCache) lookup(repoID, revision, filename string) (string, *NotCachedError) {
	miss := &NotCachedError{RepoID: repoID, Revision: revision, Filename: filename, CacheDir: r.cacheDir}
	commit := revision
	if !isCommitHash(revision) {
		ref := r.refPath(revision)
		data, err := os.ReadFile(ref)
		if err != nil {
			miss.Missing = ref
			return "", miss
		}
		commit = strings.TrimSpace(string(data))
		if validateName("commit", commit) != nil {
			miss.Missing = ref + " (its content is not a commit)"
			return "", miss
		}
	}
	p := r.pointerPath(commit, filename)
	if st, err := os.Stat(p); err == nil && st.Mode().IsRegular() {
		return p, nil
	}
	miss.Missing = p
	if _, err := os.Stat(r.noExistPath(commit, filename)); err == nil {
		miss.KnownMissing = true
	}
	return "", miss
}

// writeRef records that revision is at commit, atomically (a reader never
// sees a partial ref), and only when it changed: a read-only cache that is
// already right must not fail.
func (r repoCache) writeRef(revision, commit string) error {
	if revision == commit {
		return nil
	}
	p := r.refPath(revision)
	if data, err := os.ReadFile(p); err == nil && string(data) == commit {
		return nil
	}
	if err := os.MkdirAll(filepath.Dir(p), 0o777); err != nil {
		return err
	}
	return writeFileAtomic(p, []byte(commit))
}

// markNoExist records, as huggingface_hub does, that the Hub said the file
// does not exist at commit. Best effort.
func (r repoCache) markNoExist(commit, filename string) {
	p := r.noExistPath(commit, filename)
	if _, err := os.Stat(p); err == nil {
		return
	}
	if os.MkdirAll(filepath.Dir(p), 0o777) == nil {
		if f, err := os.OpenFile(p, os.O_WRONLY|os.O_CREATE, 0o666); err == nil {
			f.Close()
		}
	}
}

// writeFileAtomic writes data to a new file next to path, then renames it
// over path.
func writeFileAtomic(path string, data []byte) error {
	tmp := path + "." + randomSuffix() + ".tmp"
	if err := os.WriteFile(tmp, data, 0o666); err != nil {
		return err
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return err
	}
	return nil
}

// randomSuffix returns 8 random hex digits, to make temporary names unique
// across goroutines and processes.
func randomSuffix() string {
	var b [4]byte
	rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// cacheDirTag marks the cache for backup tools (the Cache Directory Tagging
// Standard), as huggingface_hub does. Best effort.
func cacheDirTag(cacheDir string) {
	p := filepath.Join(cacheDir, "CACHEDIR.TAG")
	if _, err := os.Stat(p); err == nil {
		return
	}
	const tag = "Signature: 8a477f597d28d172789f06886806bc55\n" +
		"# This file is a cache directory tag created by huggingface_hub.\n" +
		"# For information about cache directory tags, see:\n" +
		"#\thttps://bford.info/cachedir/\n"
	writeFileAtomic(p, []byte(tag))
}

// link makes pointer (a snapshot entry) refer to blob: a relative symlink
// when the file system has them, as huggingface_hub makes it, so that the
// cache can be moved; otherwise (or with HF_HUB_DISABLE_SYMLINKS) a copy of
// the blob, or the blob itself when newBlob says nothing else refers to it
// yet. The entry is replaced atomically: a concurrent reader sees the old
// entry or the new one, never none, and two writers of the same entry both
// succeed.
func link(blob, pointer string, newBlob, noSymlinks bool) error {
	if err := os.MkdirAll(filepath.Dir(pointer), 0o777); err != nil {
		return err
	}
	tmp := pointer + "." + randomSuffix() + ".tmp"
	if !noSymlinks {
		rel, err := filepath.Rel(filepath.Dir(pointer), blob)
		if err != nil {
			rel = blob
		}
		if err := os.Symlink(rel, tmp); err == nil {
			if err := os.Rename(tmp, pointer); err != nil {
				os.Remove(tmp)
				return err
			}
			return nil
		}
		// No symlinks here (Windows without the privilege, some
		// network or FAT file systems): fall back to a copy.
	}
	if newBlob {
		err := os.Rename(blob, pointer)
		if err != nil && exists(pointer) { // a concurrent writer moved it first
			return nil
		}
		return err
	}
	if err := copyFile(blob, tmp); err != nil {
		os.Remove(tmp)
		return err
	}
	if err := os.Rename(tmp, pointer); err != nil {
		os.Remove(tmp)
		return err
	}
	return nil
}

func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o666)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// exists reports whether p names an existing file, following symlinks (a
// dangling snapshot link does not count).
func exists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}
