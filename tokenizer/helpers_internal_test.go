package tokenizer

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// testSharedDir is the directory of the shared test data (../shared beside
// the repository, or $TOKENIZERS_SHARED), for the tests inside the package.
func testSharedDir() string {
	if d := os.Getenv("TOKENIZERS_SHARED"); d != "" {
		return d
	}
	return filepath.Join("..", "..", "shared")
}

// generalIDs returns the ids of text through the general pipeline only.
func generalIDs(tk *Tokenizer, text string) ([]uint32, error) {
	st := tk.getState()
	defer tk.putState(st)
	return tk.appendIDsRange(st, nil, text, 0, len(text), true)
}

// checkFastMatchesGeneral checks that AppendIDs (with its fast path) gives
// the ids, or the error, of the general pipeline on text, and leaves the
// prefix of its dst alone.
func checkFastMatchesGeneral(t testing.TB, name string, tk *Tokenizer, text string) bool {
	t.Helper()
	want, wantErr := generalIDs(tk, text)
	guard := []uint32{7, 7, 7}
	got, gotErr := tk.AppendIDs(guard, text)
	if fmt.Sprint(gotErr) != fmt.Sprint(wantErr) {
		t.Errorf("%s: %+q: error %v, general pipeline %v", name, text, gotErr, wantErr)
		return false
	}
	if !slices.Equal(got[:3], []uint32{7, 7, 7}) {
		t.Errorf("%s: %+q: the prefix of dst changed: %v", name, text, got[:3])
		return false
	}
	if wantErr == nil && !slices.Equal(got[3:], want) {
		t.Errorf("%s: %+q:\n got %v\nwant %v", name, text, got[3:], want)
		return false
	}
	return true
}
