#!/usr/bin/env python3
"""Writes the sp-*.json tokenizers (SentencePiece-style BPE pipelines with
edge cases for the tokenizer's SentencePiece fast path) and their inputs in
sp-inputs.jsonl; run internal/tools/mkgolden.js on each to get sp-*.jsonl."""
import json, os

M = "\u2581"
here = os.path.dirname(os.path.abspath(__file__))

def vocab_merges(words, extra_merges=(), bytes_=range(256), unk=True):
    vocab = {}
    def add(t):
        if t not in vocab:
            vocab[t] = len(vocab)
    if unk:
        add("<unk>")
    add("<s>"); add("</s>")
    for b in bytes_:
        add("<0x%02X>" % b)
    for c in "abcdefghijklmnopqrstuvwxyzT" + M + "中.,":
        add(c)
    merges = []
    def merge(a, b):
        add(a); add(b); add(a + b)
        if [a, b] not in merges:
            merges.append([a, b])
    merge(M, M)
    merge(M + M, M + M)
    for w in words:
        cur = w[0]
        for c in w[1:]:
            merge(cur, c)
            cur += c
    for a, b in extra_merges:
        merge(a, b)
    return vocab, merges

def tok(model, normalizer, pre, added=()):
    return {"version": "1.0", "truncation": None, "padding": None,
            "added_tokens": [{"id": i, "content": c, "single_word": False, "lstrip": False, "rstrip": False,
                              "normalized": n, "special": s} for i, (c, n, s) in enumerate(added)],
            "normalizer": normalizer, "pre_tokenizer": pre, "post_processor": None, "decoder": None,
            "model": model}

def bpe(vocab, merges, unk="<unk>", fuse=True, fallback=True):
    return {"type": "BPE", "dropout": None, "unk_token": unk, "continuing_subword_prefix": None,
            "end_of_word_suffix": None, "fuse_unk": fuse, "byte_fallback": fallback, "ignore_merges": False,
            "vocab": vocab, "merges": merges}

llama_norm = {"type": "Sequence", "normalizers": [{"type": "Prepend", "prepend": M},
                                                  {"type": "Replace", "pattern": {"String": " "}, "content": M}]}
words = [M + "the", M + "hello", M + "a", "aa", "aaaa", "th", "he", "ll", "lo", M + "t", "ab", "ba", "cab"]
files = {}
v, m = vocab_merges(words)
files["sp-bpe-basic"] = tok(bpe(v, m), llama_norm, None, [("<s>", False, True), ("</s>", False, True)])
v, m = vocab_merges(words, unk=True, bytes_=[])
files["sp-bpe-nounk"] = tok(bpe(v, m, unk=None, fallback=False), llama_norm, None)
v, m = vocab_merges(words, bytes_=[0xE4, 0xB8, 0x0A, 0x20, 0xE2, 0x96, 0x81])
files["sp-bpe-partialbytes"] = tok(bpe(v, m), llama_norm, None)
v, m = vocab_merges(words, bytes_=[0xE4, 0xB8, 0x0A])
files["sp-bpe-partialbytes-nofuse"] = tok(bpe(v, m, fuse=False), llama_norm, None)
v, m = vocab_merges(words, extra_merges=[("a", M + "the"), ("b", M), ("b" + M, "a")])
files["sp-bpe-crossmerge"] = tok(bpe(v, m), llama_norm, None)
v, m = vocab_merges(words, extra_merges=[("<0x0A>", "<0x0A>"), (".", "<0x0A>")])
files["sp-bpe-bytemerges"] = tok(bpe(v, m), llama_norm, None)
v, m = vocab_merges(words)
files["sp-bpe-normadded"] = tok(bpe(v, m), llama_norm, None,
                                [("<s>", False, True), ("hello" + M + "world", True, False), ("ab", True, False)])
v, m = vocab_merges(words, bytes_=[])
del v["<unk>"]
v = {k: i for i, k in enumerate(v)}
files["sp-bpe-unkmissing"] = tok(bpe(v, m, fallback=False), llama_norm, None)
v, m = vocab_merges(words)
files["sp-bpe-metaspace-first-norm"] = tok(bpe(v, m), {"type": "Replace", "pattern": {"String": "x"}, "content": ""},
    {"type": "Metaspace", "replacement": M, "prepend_scheme": "first", "split": False},
    [("<s>", False, True), ("ab", True, False)])
v, m = vocab_merges(words)
files["sp-bpe-split-literal"] = tok(bpe(v, m), {"type": "Replace", "pattern": {"String": " "}, "content": M},
    {"type": "Sequence", "pretokenizers": [{"type": "Split", "pattern": {"String": "ab"}, "behavior": "Isolated", "invert": False},
                                           {"type": "Metaspace", "replacement": M, "prepend_scheme": "always", "split": True}]})

for name, d in files.items():
    with open(os.path.join(here, name + ".json"), "w") as f:
        json.dump(d, f, ensure_ascii=False, indent=1)

texts = ["", " ", "  ", "the", " the", "the  the", "hello world", "aaaaaaa aaaa", "中中 中", "a\nb\n\nc",
         "x" + M + "the", M * 3 + "a", "ab" + M + "a", "b" + M + "a", "ba b a", "<s>the</s>", "<s> the",
         "hello" + M + "world", "hello world", "zzz\u00e9\u00e9 q", "\U0001F600 a", "\xff", "a\tb", "xabx", "x the x",
         "cab cab", "ab ab", "Th", "T", "q\u4e2d\u4e2d", " hello" + M + "worldab"]
with open(os.path.join(here, "sp-inputs.jsonl"), "w") as f:
    for t in texts:
        f.write(json.dumps({"text": t, "add_special_tokens": False}, ensure_ascii=False) + "\n")
