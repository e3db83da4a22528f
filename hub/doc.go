// Package hub finds the tokenizer.json of a model in the local Hugging Face
// cache and, when allowed, downloads it from the Hugging Face Hub into that
// same cache, so that this library and Python's huggingface_hub (and with it
// transformers and tokenizers) share one copy of every file:
//
//	tk, err := hub.FromPretrained(ctx, "google-bert/bert-base-uncased", nil)
//
// # Why a package of its own
//
// Package tokenizer only parses tokenizer.json and encodes: it touches no
// file but the ones it is asked to read or write, imports no networking
// package and reads no environment variable. Everything that comes with fetching a
// model (HTTP requests, tokens, the on-disk cache and its locks, the HF_*
// variables) lives here instead, so that a program that loads its
// tokenizer.json from a file, an embedded byte slice or its own storage links
// none of it, and so that the core's behaviour never depends on the machine's
// environment.
//
// # The cache
//
// The cache is huggingface_hub's, file for file:
//
//	{cache}/models--{namespace}--{name}/
//	    blobs/{etag}                     each content once, named by its ETag (git blob id, or SHA-256 for LFS files)
//	    refs/{revision}                  the commit a branch or tag was last seen at
//	    snapshots/{commit}/{filename}    a relative symlink to ../../blobs/{etag} (a copy where symlinks fail)
//	{cache}/.locks/models--{namespace}--{name}/{etag}.lock
//
// A file that Python downloaded is found here, and a file downloaded here is
// found by Python, online or offline. [Download] returns the snapshot entry.
//
// # Configuration
//
// [Options] are read from the environment at each call, with
// huggingface_hub's variables and rules; an Options field that is set wins:
//
//	HF_HUB_CACHE, HUGGINGFACE_HUB_CACHE     the cache (default HF_HOME/hub)
//	HF_HOME                                 default $XDG_CACHE_HOME/huggingface, else ~/.cache/huggingface
//	HF_ENDPOINT                             the Hub or a mirror (default https://huggingface.co)
//	HF_TOKEN, HUGGING_FACE_HUB_TOKEN        the access token, else the file HF_TOKEN_PATH (default HF_HOME/token)
//	HF_HUB_DISABLE_IMPLICIT_TOKEN           send no token unless Options.Token is set
//	HF_HUB_OFFLINE, TRANSFORMERS_OFFLINE    1, ON, YES or TRUE: use the cache only
//	HF_HUB_ETAG_TIMEOUT                     seconds to wait for the Hub's metadata (default 10)
//	HF_HUB_DOWNLOAD_TIMEOUT                 seconds to wait for data during a download (default 10)
//	HF_HUB_DISABLE_SYMLINKS                 copy files into snapshots instead of linking them
//
// An empty variable counts as unset.
//
// # Network and failures
//
// Online, a call sends one HEAD request to learn the revision's commit and
// the file's content id, and downloads only a content the cache lacks; the
// download resumes after a broken connection, and the next call resumes a
// download that a cancelled or failed call left. The result is checked
// against the announced size, and against the SHA-256 for files stored with
// Git LFS. When the Hub cannot be reached or answers with an error other than
// "no such revision" or "no such file", the cached file is used, as
// huggingface_hub does; with nothing cached, the error says what was looked
// for and where. Errors match the Err variables with errors.Is.
//
// # Concurrency
//
// Calls are safe from any number of goroutines and processes at once: they
// take huggingface_hub's lock file for a content before downloading it, write
// every file of the cache under a unique temporary name and rename it into
// place, and tolerate another writer having put the same file there first.
package hub
