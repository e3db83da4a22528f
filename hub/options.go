package hub

import (
	"errors"
	"net/http"
	"os"
	"os/user"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"time"
)

// DefaultEndpoint is the Hub that Download uses when neither
// [Options.Endpoint] nor HF_ENDPOINT says otherwise.
const DefaultEndpoint = "https://huggingface.co"

// DefaultRevision is the revision that Download uses when
// [Options.Revision] is empty.
const DefaultRevision = "main"

// Options configure where [Download] and [FromPretrained] look for files and
// how they reach the Hub. A nil *Options and the zero Options behave the same:
// every empty field takes its value from the environment, read at each call,
// then from huggingface_hub's defaults. A field that is set wins over the
// environment. [Options.Resolved] shows the values a call would use.
type Options struct {
	// Revision is a branch, a tag or a full (40 hex digits) commit hash.
	// Empty means "main".
	Revision string

	// CacheDir is the cache shared with Python's huggingface_hub. Empty
	// means HF_HUB_CACHE, else HUGGINGFACE_HUB_CACHE, else HF_HOME/hub,
	// where HF_HOME defaults to $XDG_CACHE_HOME/huggingface and, without
	// XDG_CACHE_HOME, to ~/.cache/huggingface. As in Python, a leading
	// "~" is expanded here and in the variables, and $VARIABLES in the
	// variables.
	CacheDir string

	// Endpoint is the base URL of the Hub (or of a mirror). Empty means
	// HF_ENDPOINT, else https://huggingface.co. A trailing "/" is dropped.
	Endpoint string

	// Token is the access token sent as "Authorization: Bearer TOKEN" to
	// the endpoint (never to the storage hosts a download is redirected
	// to). Empty means HF_TOKEN, else HUGGING_FACE_HUB_TOKEN, else the
	// token file that "hf auth login" writes (HF_TOKEN_PATH, else
	// HF_HOME/token), unless HF_HUB_DISABLE_IMPLICIT_TOKEN is true.
	Token string

	// NoToken sends no token at all, whatever Token and the environment
	// say. A stale token makes the Hub refuse even public repositories;
	// this is the way around it.
	NoToken bool

	// Offline forbids the network: files come from the cache or not at
	// all. When false, HF_HUB_OFFLINE (or, when it is unset,
	// TRANSFORMERS_OFFLINE) decides, with huggingface_hub's truth values:
	// 1, ON, YES or TRUE in any case. As in Python, nothing turns offline
	// mode off once the environment turns it on.
	Offline bool

	// HTTPClient sends the requests. Nil means http.DefaultClient. Its
	// redirect policy is used for downloads; metadata requests follow only
	// the Hub's relative redirects (a renamed repository), whatever it is.
	HTTPClient *http.Client

	// UserAgent is added to the User-Agent header, e.g. "myapp/1.2".
	UserAgent string

	// MetadataTimeout bounds the request that asks the Hub which commit
	// and content a file has, so that a dead network falls back to the
	// cache quickly. Zero means HF_HUB_ETAG_TIMEOUT seconds, else 10 s;
	// a negative value means no limit.
	MetadataTimeout time.Duration

	// ReadTimeout is the longest a download waits for the next bytes
	// before it gives up on the connection (and resumes on a new one).
	// Zero means HF_HUB_DOWNLOAD_TIMEOUT seconds, else 10 s; a negative
	// value means no limit.
	ReadTimeout time.Duration

	// retryWait is the first pause between retries (1 s when zero); tests
	// shorten it.
	retryWait time.Duration
}

const (
	defaultTimeout = 10 * time.Second
	// retryTimeout is the metadata timeout of the retries made when the
	// file is not cached, as huggingface_hub does: with nothing to fall
	// back to, waiting longer is better than failing.
	retryTimeout = 60 * time.Second
)

// Resolved returns a copy of o (which may be nil) with every unset field
// filled in as [Download] would fill it: from the environment, then from
// huggingface_hub's defaults. CacheDir comes back absolute; Token is empty
// when no token would be sent. The error says why the cache directory
// cannot be found (no home directory and no HF_HOME or HF_HUB_CACHE).
func (o *Options) Resolved() (Options, error) {
	c, err := resolve(o)
	if err != nil {
		return Options{}, err
	}
	return c.Options, nil
}

// config is an Options with every field resolved, plus what the
// environment alone decides.
type config struct {
	Options
	tokenSource  string // where Token came from, for error messages
	offlineWhy   string // why the call is offline, for error messages
	noSymlinks   bool   // HF_HUB_DISABLE_SYMLINKS
	userAgentEnv string // HF_HUB_USER_AGENT_ORIGIN
}

// getenv reads an environment variable. Callers treat an empty value as
// unset: huggingface_hub would use the empty string as given, which makes
// no sense as a directory, a token or an endpoint.
func getenv(name string) string { return os.Getenv(name) }

// isTrue reports whether an environment value means true for
// huggingface_hub: 1, ON, YES or TRUE, in any case, nothing else.
func isTrue(v string) bool {
	switch strings.ToUpper(v) {
	case "1", "ON", "YES", "TRUE":
		return true
	}
	return false
}

func resolve(o *Options) (*config, error) {
	c := &config{}
	if o != nil {
		c.Options = *o
	}
	if c.Revision == "" {
		c.Revision = DefaultRevision
	}
	if c.Endpoint == "" {
		c.Endpoint = getenv("HF_ENDPOINT")
		if c.Endpoint == "" {
			c.Endpoint = DefaultEndpoint
		}
	}
	c.Endpoint = strings.TrimRight(c.Endpoint, "/")

	home := func() (string, error) { // HF_HOME, computed only when needed
		if h := getenv("HF_HOME"); h != "" {
			return expandPath(h), nil
		}
		if x := getenv("XDG_CACHE_HOME"); x != "" {
			return expandPath(filepath.Join(x, "huggingface")), nil
		}
		uh, err := os.UserHomeDir()
		if err != nil || uh == "" {
			return "", errors.New("hub: cannot find the cache directory: no home directory; set HF_HOME or HF_HUB_CACHE")
		}
		return filepath.Join(uh, ".cache", "huggingface"), nil
	}

	if c.CacheDir == "" {
		if d := getenv("HF_HUB_CACHE"); d != "" {
			c.CacheDir = expandPath(d)
		} else if d := getenv("HUGGINGFACE_HUB_CACHE"); d != "" {
			c.CacheDir = expandPath(d)
		} else {
			h, err := home()
			if err != nil {
				return nil, err
			}
			c.CacheDir = filepath.Join(h, "hub")
		}
	} else {
		c.CacheDir = expandUser(c.CacheDir)
	}
	abs, err := filepath.Abs(c.CacheDir)
	if err != nil {
		return nil, err
	}
	c.CacheDir = abs

	switch {
	case c.NoToken:
		c.Token = ""
	case c.Token != "":
		c.tokenSource = "Options.Token"
	case isTrue(getenv("HF_HUB_DISABLE_IMPLICIT_TOKEN")):
	default:
		if t := cleanToken(getenv("HF_TOKEN")); t != "" {
			c.Token, c.tokenSource = t, "HF_TOKEN"
		} else if t := cleanToken(getenv("HUGGING_FACE_HUB_TOKEN")); t != "" {
			c.Token, c.tokenSource = t, "HUGGING_FACE_HUB_TOKEN"
		} else {
			path := getenv("HF_TOKEN_PATH")
			if path != "" {
				path = expandPath(path)
			} else if h, err := home(); err == nil {
				path = filepath.Join(h, "token")
			}
			if path != "" {
				if data, err := os.ReadFile(path); err == nil {
					if t := cleanToken(string(data)); t != "" {
						c.Token, c.tokenSource = t, "the token file "+path
					}
				}
			}
		}
	}

	switch {
	case c.Offline:
		c.offlineWhy = "Options.Offline is set"
	default:
		// huggingface_hub reads HF_HUB_OFFLINE, and TRANSFORMERS_OFFLINE
		// only when HF_HUB_OFFLINE is unset or empty.
		if v := getenv("HF_HUB_OFFLINE"); v != "" {
			if isTrue(v) {
				c.Offline, c.offlineWhy = true, "HF_HUB_OFFLINE="+v
			}
		} else if v := getenv("TRANSFORMERS_OFFLINE"); isTrue(v) {
			c.Offline, c.offlineWhy = true, "TRANSFORMERS_OFFLINE="+v
		}
	}

	if c.HTTPClient == nil {
		c.HTTPClient = http.DefaultClient
	}
	if c.MetadataTimeout == 0 {
		c.MetadataTimeout = envSeconds("HF_HUB_ETAG_TIMEOUT")
	}
	if c.ReadTimeout == 0 {
		c.ReadTimeout = envSeconds("HF_HUB_DOWNLOAD_TIMEOUT")
	}
	if c.retryWait == 0 {
		c.retryWait = time.Second
	}
	c.noSymlinks = isTrue(getenv("HF_HUB_DISABLE_SYMLINKS"))
	c.userAgentEnv = getenv("HF_HUB_USER_AGENT_ORIGIN")
	return c, nil
}

// envSeconds reads a whole number of seconds from the environment, as
// huggingface_hub reads its timeouts: unset, zero or unreadable means 10 s.
func envSeconds(name string) time.Duration {
	n, err := strconv.Atoi(strings.TrimSpace(getenv(name)))
	if err != nil || n <= 0 {
		return defaultTimeout
	}
	return time.Duration(n) * time.Second
}

// cleanToken removes line breaks and surrounding spaces, as
// huggingface_hub does with tokens from the environment and the token file.
func cleanToken(t string) string {
	t = strings.ReplaceAll(t, "\r", "")
	t = strings.ReplaceAll(t, "\n", "")
	return strings.TrimSpace(t)
}

// userAgent is the User-Agent header of every request.
func (c *config) userAgent() string {
	ua := "tokenizers-go-hub; go/" + strings.TrimPrefix(runtime.Version(), "go")
	if c.userAgentEnv != "" {
		ua += "; origin/" + c.userAgentEnv
	}
	if c.UserAgent != "" {
		ua += "; " + c.UserAgent
	}
	return ua
}

// expandPath expands "~" and then $VAR and ${VAR}, as Python's
// os.path.expandvars(os.path.expanduser(p)) does for huggingface_hub's
// directories: unknown variables stay as written.
func expandPath(p string) string { return expandVars(expandUser(p)) }

// expandUser replaces a leading "~" or "~user" by that home directory, and
// leaves p alone when the home directory is unknown.
func expandUser(p string) string {
	if !strings.HasPrefix(p, "~") {
		return p
	}
	name, rest := p[1:], ""
	if i := strings.IndexAny(name, `/`+string(filepath.Separator)); i >= 0 {
		name, rest = name[:i], name[i:]
	}
	var home string
	if name == "" {
		home, _ = os.UserHomeDir()
	} else if u, err := user.Lookup(name); err == nil {
		home = u.HomeDir
	}
	if home == "" {
		return p
	}
	return home + rest
}

// expandVars replaces $NAME and ${NAME} (NAME of letters, digits and "_")
// by the variable's value when it is set, as Python's posixpath.expandvars.
func expandVars(s string) string {
	if !strings.Contains(s, "$") {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		if s[i] != '$' {
			b.WriteByte(s[i])
			i++
			continue
		}
		j, braced := i+1, false
		if j < len(s) && s[j] == '{' {
			braced = true
			j++
		}
		k := j
		for k < len(s) && (s[k] == '_' || s[k] >= '0' && s[k] <= '9' || s[k]|0x20 >= 'a' && s[k]|0x20 <= 'z') {
			k++
		}
		end := k
		if braced {
			if k >= len(s) || s[k] != '}' {
				end = -1
			} else {
				end = k + 1
			}
		}
		if k == j || end < 0 {
			b.WriteByte('$')
			i++
			continue
		}
		if v, ok := os.LookupEnv(s[j:k]); ok {
			b.WriteString(v)
		} else {
			b.WriteString(s[i:end])
		}
		i = end
	}
	return b.String()
}
