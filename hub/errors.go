package hub

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"
)

// Errors that [Download] and [FromPretrained] return, wrapped; test with
// errors.Is. A [*StatusError] matches the one that fits the Hub's answer, a
// [*NotCachedError] matches [ErrNotCached] and whatever stopped the network
// look-up.
var (
	// ErrNotCached: the file is not in the cache, and the Hub could not
	// be asked (offline mode, network failure, server error).
	ErrNotCached = errors.New("hub: file not in the cache")

	// ErrRepoNotFound: the repository does not exist, or it is private
	// or gated and the request had no token that can read it (the Hub
	// answers the same in both cases).
	ErrRepoNotFound = errors.New("hub: repository not found")

	// ErrRevisionNotFound: the repository has no such branch, tag or
	// commit.
	ErrRevisionNotFound = errors.New("hub: revision not found")

	// ErrEntryNotFound: the repository has no such file at that revision.
	ErrEntryNotFound = errors.New("hub: file not found in the repository")

	// ErrGatedRepo: the repository is gated and the token's account has
	// not been granted access.
	ErrGatedRepo = errors.New("hub: gated repository")

	// ErrAccessDenied: the Hub refused the token (invalid credentials)
	// or its permissions (403 Forbidden).
	ErrAccessDenied = errors.New("hub: access denied")

	// ErrCorrupt: the downloaded content does not match what the Hub
	// announced (size, or SHA-256 for files stored with Git LFS).
	ErrCorrupt = errors.New("hub: downloaded file does not match its metadata")
)

// StatusError is an error answer of the Hub (an HTTP status of 400 or more).
type StatusError struct {
	Method     string // "HEAD" or "GET"
	URL        string // the URL that answered
	StatusCode int
	// Code is the X-Error-Code header: "RepoNotFound", "RevisionNotFound",
	// "EntryNotFound", "GatedRepo", or empty.
	Code string
	// Message is the X-Error-Message header, else the "error" field of a
	// JSON body, else empty.
	Message   string
	RequestID string // X-Request-Id, to quote when reporting a problem

	repoID, revision, filename string
	tokenSource                string        // where the token sent came from; "" if none
	commit                     string        // X-Repo-Commit, sent with EntryNotFound
	retryAfter                 time.Duration // Retry-After, for 429 and 503
}

// invalidCredentials is the message of the Hub's 401 for a token it does
// not know (any other 401 means "not found or not allowed").
const invalidCredentials = "Invalid credentials in Authorization header"

// kind is the sentinel error the answer means, or nil.
func (e *StatusError) kind() error {
	switch e.Code {
	case "RevisionNotFound":
		return ErrRevisionNotFound
	case "EntryNotFound":
		return ErrEntryNotFound
	case "GatedRepo":
		return ErrGatedRepo
	case "RepoNotFound":
		return ErrRepoNotFound
	}
	switch e.StatusCode {
	case http.StatusUnauthorized:
		if e.Message == invalidCredentials {
			return ErrAccessDenied
		}
		// The Hub answers 401 for a missing repository as for a private
		// one, so that the two cannot be told apart.
		return ErrRepoNotFound
	case http.StatusForbidden:
		return ErrAccessDenied
	}
	return nil
}

// Is reports whether target is the sentinel error the Hub's answer means
// (see the Err variables).
func (e *StatusError) Is(target error) bool { return target != nil && e.kind() == target }

func (e *StatusError) Error() string {
	var b strings.Builder
	repo := fmt.Sprintf("%q", e.repoID)
	setToken := "set HF_TOKEN (or log in with \"hf auth login\") to a token that can read it"
	if e.tokenSource != "" {
		setToken = "the token sent (from " + e.tokenSource + ") cannot read it"
	}
	switch e.kind() {
	case ErrRevisionNotFound:
		fmt.Fprintf(&b, "hub: revision %q not found in repository %s", e.revision, repo)
	case ErrEntryNotFound:
		fmt.Fprintf(&b, "hub: repository %s has no file %q at revision %q", repo, e.filename, e.revision)
	case ErrGatedRepo:
		fmt.Fprintf(&b, "hub: repository %s is gated: request access on its page, then ", repo)
		if e.tokenSource != "" {
			b.WriteString("use a token of the account that was granted it (the token sent came from " + e.tokenSource + ")")
		} else {
			b.WriteString("set HF_TOKEN (or log in with \"hf auth login\") to a token of the account that was granted it")
		}
	case ErrRepoNotFound:
		fmt.Fprintf(&b, "hub: repository %s not found; if it is private or gated, %s", repo, setToken)
	case ErrAccessDenied:
		if e.StatusCode == http.StatusUnauthorized {
			fmt.Fprintf(&b, "hub: the Hub refused the token (from %s) for repository %s: it is invalid or expired; set HF_TOKEN to a valid one, or Options.NoToken for a public repository", orNone(e.tokenSource), repo)
		} else {
			fmt.Fprintf(&b, "hub: access to repository %s is forbidden; %s", repo, setToken)
		}
	default:
		fmt.Fprintf(&b, "hub: %s %s", e.Method, e.URL)
		if e.StatusCode == http.StatusNotFound {
			fmt.Fprintf(&b, ": not found (no repository %s, revision %q or file %q)", repo, e.revision, e.filename)
		}
	}
	fmt.Fprintf(&b, " (%d %s", e.StatusCode, http.StatusText(e.StatusCode))
	if e.Message != "" && e.Message != invalidCredentials {
		b.WriteString(": " + e.Message)
	}
	if e.RequestID != "" {
		b.WriteString("; request id " + e.RequestID)
	}
	b.WriteString(")")
	return b.String()
}

func orNone(s string) string {
	if s == "" {
		return "nowhere"
	}
	return s
}

// NotCachedError says that a file is not in the cache and why the Hub was
// not asked, or could not answer. It matches [ErrNotCached], and unwraps to
// the error of the failed request, if any.
type NotCachedError struct {
	RepoID, Revision, Filename string
	// CacheDir is the cache that was searched.
	CacheDir string
	// Missing is the path that was looked for and not found: the ref
	// file naming the revision's commit, or the file in that commit's
	// snapshot.
	Missing string
	// Offline gives the reason when the network was not allowed
	// ("HF_HUB_OFFLINE=1", "Options.Offline is set"), else is empty.
	Offline string
	// Err is why the Hub could not answer, when it was asked.
	Err error
	// KnownMissing: the Hub said earlier that the file does not exist at
	// that commit (huggingface_hub records it under .no_exist).
	KnownMissing bool
}

func (e *NotCachedError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "hub: %s of %s (revision %q) is not in the cache %s: %s does not exist", e.Filename, e.RepoID, e.Revision, e.CacheDir, e.Missing)
	if e.KnownMissing {
		b.WriteString(", and the Hub said earlier that the repository has no such file at that commit")
	}
	switch {
	case e.Offline != "":
		b.WriteString("; offline mode is on (" + e.Offline + ")")
	case e.Err != nil:
		b.WriteString("; the Hub could not be asked: " + strings.TrimPrefix(e.Err.Error(), "hub: "))
	}
	return b.String()
}

// Is matches ErrNotCached, and ErrEntryNotFound when the Hub said earlier
// that the file does not exist.
func (e *NotCachedError) Is(target error) bool {
	return target == ErrNotCached || e.KnownMissing && target == ErrEntryNotFound
}

// Unwrap returns the error of the failed request, or nil.
func (e *NotCachedError) Unwrap() error { return e.Err }

// MetadataError says that the answer to the metadata request lacks what a
// download needs (commit, ETag or size): the endpoint is probably not a Hub,
// or a proxy changed the answer.
type MetadataError struct {
	URL    string
	Reason string
}

func (e *MetadataError) Error() string {
	return "hub: " + e.URL + ": " + e.Reason + " (is the endpoint a Hugging Face Hub? check HF_ENDPOINT and any proxy)"
}
