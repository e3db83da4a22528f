package wordpiece

import (
	"bufio"
	"compress/gzip"
	"encoding/json"
	"os"
	"strings"
	"testing"
)

// BenchmarkModel_AppendIDs measures AppendIDs on the words of the
// reference test data (as BenchmarkModel_Tokenize does Tokenize) with the
// BERT vocabulary.
func BenchmarkModel_AppendIDs(b *testing.B) {
	rm := loadRealModel(b, "bert-base-uncased")
	m, err := New(rm.Vocab, Config{UnkToken: rm.Unk, ContinuingSubwordPrefix: rm.Prefix, MaxInputCharsPerWord: rm.MaxChars})
	if err != nil {
		b.Fatal(err)
	}
	f, err := os.Open("testdata/bert-base-uncased-words.jsonl.gz")
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		b.Fatal(err)
	}
	sc := bufio.NewScanner(zr)
	sc.Buffer(nil, 1<<20)
	var words []string
	size := 0
	for sc.Scan() {
		var row struct {
			W string `json:"w"`
		}
		if err := json.Unmarshal(sc.Bytes(), &row); err != nil {
			b.Fatal(err)
		}
		words = append(words, row.W)
		size += len(row.W)
	}
	b.SetBytes(int64(size))
	b.ReportAllocs()
	var ids []uint32
	for b.Loop() {
		ids = ids[:0]
		for _, w := range words {
			ids, _ = m.AppendIDs(ids, w)
		}
	}
	b.ReportMetric(float64(len(ids))*float64(b.N)/b.Elapsed().Seconds(), "tokens/s")
}

// BenchmarkModel_AppendIDsLongWords measures the model on words of 100
// characters made to walk far in the trie without matching far: each is a
// long continuing token without its last character, repeated. The walk of
// each token is bounded by the longest token, so the time stays linear.
func BenchmarkModel_AppendIDsLongWords(b *testing.B) {
	rm := loadRealModel(b, "bert-base-uncased")
	m, err := New(rm.Vocab, Config{UnkToken: rm.Unk, ContinuingSubwordPrefix: rm.Prefix, MaxInputCharsPerWord: rm.MaxChars})
	if err != nil {
		b.Fatal(err)
	}
	var words []string
	size := 0
	for tok := range rm.Vocab {
		body, ok := strings.CutPrefix(tok, "##")
		if !ok || len(body) < 8 || len(body) != len([]rune(body)) {
			continue
		}
		w := strings.Repeat(body[:len(body)-1], 100)[:100]
		words = append(words, w)
		size += len(w)
	}
	b.SetBytes(int64(size))
	var ids []uint32
	for b.Loop() {
		ids = ids[:0]
		for _, w := range words {
			ids, _ = m.AppendIDs(ids, w)
		}
	}
}
