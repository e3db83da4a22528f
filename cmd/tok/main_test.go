package main

import (
	"bytes"
	"strings"
	"testing"
)

const bert = "../../testdata/tokenizers/bert-base-uncased/tokenizer.json"

func runTok(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(args, strings.NewReader(stdin), &out, &errb)
	return code, out.String(), errb.String()
}

func TestEncode(t *testing.T) {
	code, out, errs := runTok(t, "", "encode", "-t", bert, "Hello, world!")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	for _, want := range []string{`"[CLS]"`, `"hello"`, `0..5`, `"Hello"`, "ids: [101 7592 1010 2088 999 102]"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	// Flags after the text, and a pair.
	code, out, _ = runTok(t, "", "encode", "-t", bert, "a b", "--no-special", "--pair", "c")
	if code != 0 || !strings.Contains(out, "ids: [1037 1038 1039]") {
		t.Errorf("exit %d, output:\n%s", code, out)
	}
}

func TestEncodeJSONL(t *testing.T) {
	in := `{"text":"Hello <b>","add_special_tokens":false}
{"ids":[101,7592,102]}

{"texts":["a","b c"],"padding":{"strategy":"BatchLongest","direction":"Right","pad_to_multiple_of":null,"pad_id":0,"pad_type_id":0,"pad_token":"[PAD]"}}
{"nothing":1}
`
	code, out, errs := runTok(t, in, "encode", "-t", bert, "--jsonl", "--offsets=char")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	if len(lines) != 4 {
		t.Fatalf("got %d lines, want 4:\n%s", len(lines), out)
	}
	want := []string{
		`{"ids":[7592,1026,1038,1028],"tokens":["hello","<","b",">"],"offsets":[[0,5],[6,7],[7,8],[8,9]],"type_ids":[0,0,0,0],"attention_mask":[1,1,1,1],"special_tokens_mask":[0,0,0,0],"word_ids":[0,1,2,3],"sequence_ids":[0,0,0,0],"decoded":"hello < b >","decoded_raw":"hello < b >"}`,
		`{"decoded":"hello","decoded_raw":"[CLS] hello [SEP]"}`,
		`{"encodings":[`,
		`{"error":`,
	}
	for i, w := range want {
		if !strings.HasPrefix(lines[i], w) {
			t.Errorf("line %d:\n got %s\nwant %s", i+1, lines[i], w)
		}
	}
}

func TestDecodeAndUsage(t *testing.T) {
	code, out, _ := runTok(t, "", "decode", "-t", bert, "--skip-special", "101", "7592,2088", "102")
	if code != 0 || out != "hello world\n" {
		t.Errorf("decode: exit %d, output %q", code, out)
	}
	for _, args := range [][]string{{}, {"frobnicate"}, {"encode", "x"}, {"decode", "-t", bert, "abc"}, {"encode", "-t", bert, "--offsets=words", "x"}} {
		if code, _, _ := runTok(t, "", args...); code != 2 {
			t.Errorf("%q: exit %d, want 2", args, code)
		}
	}
	if code, _, errs := runTok(t, "", "encode", "-t", "/nonexistent.json", "x"); code != 1 || !strings.Contains(errs, "nonexistent") {
		t.Errorf("missing file: exit %d, stderr %q", code, errs)
	}
}

func TestSave(t *testing.T) {
	code, out, errs := runTok(t, "", "save", "-t", bert)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if !strings.HasPrefix(out, `{"version":"1.0","truncation":null,"padding":null,"added_tokens":[{"id":0,"content":"[PAD]"`) {
		t.Errorf("unexpected output: %.200s", out)
	}
	dir := t.TempDir()
	code, _, errs = runTok(t, "", "save", "-t", bert, "-o", dir+"/out.json", "--pretty")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	code, out, _ = runTok(t, "", "encode", "-t", dir+"/out.json", "Hello")
	if code != 0 || !strings.Contains(out, "ids: [101 7592 102]") {
		t.Errorf("reloading the saved file: exit %d, output %s", code, out)
	}
}

func TestTiktokenEncoding(t *testing.T) {
	code, out, errs := runTok(t, "", "encode", "-t", "tiktoken:o200k_base", "Hello, world! <|endoftext|>")
	if code != 0 || !strings.Contains(out, "ids: [13225 11 2375 0 220 199999]") {
		t.Fatalf("exit %d: %s%s", code, out, errs)
	}
	code, _, errs = runTok(t, "", "encode", "-t", "tiktoken:nope", "x")
	if code != 1 || !strings.Contains(errs, `unknown encoding "nope"`) {
		t.Fatalf("exit %d: %s", code, errs)
	}
}
