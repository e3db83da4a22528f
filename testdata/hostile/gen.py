#!/usr/bin/env python3
"""Writes the hostile tokenizer.json files of this folder (hand-made: each is
broken or extreme in one way). expect.jsonl, made by expect.js with the
reference, says which of them the reference loads."""
import json

def tok(model=None, **parts):
    t = {"version": "1.0", "truncation": None, "padding": None, "added_tokens": [],
         "normalizer": None, "pre_tokenizer": None, "post_processor": None, "decoder": None,
         "model": model or {"type": "WordLevel", "vocab": {"[UNK]": 0, "a": 1, "b": 2}, "unk_token": "[UNK]"}}
    t.update(parts)
    return t

def bpe(vocab, merges, **kw):
    m = {"type": "BPE", "dropout": None, "unk_token": None, "continuing_subword_prefix": None,
         "end_of_word_suffix": None, "fuse_unk": False, "byte_fallback": False, "ignore_merges": False,
         "vocab": vocab, "merges": merges}
    m.update(kw)
    return m

def seq(n):
    inner = {"type": "Lowercase"}
    for _ in range(n):
        inner = {"type": "Sequence", "normalizers": [inner]}
    return inner

def at(content, **kw):
    d = {"id": 10, "content": content, "single_word": False, "lstrip": False, "rstrip": False,
         "normalized": False, "special": True}
    d.update(kw)
    return d

cases = {
    "wrong-type-vocab": tok(bpe([["a", 0]], [])),
    "wrong-type-bool": tok(pre_tokenizer={"type": "ByteLevel", "add_prefix_space": "yes", "trim_offsets": True}),
    "wrong-type-model": tok(model="BPE"),
    "unknown-normalizer": tok(normalizer={"type": "Frobnicate"}),
    "unknown-pretokenizer": tok(pre_tokenizer={"type": "Sequence", "pretokenizers": [{"type": "Whitespace"}, {"type": "Shred"}]}),
    "unknown-model": tok(model={"type": "Magic", "vocab": {}}),
    "unknown-decoder": tok(decoder={"type": "Telepathy"}),
    "merge-missing-token": tok(bpe({"a": 0, "b": 1, "ab": 2}, ["a c"])),
    "merge-missing-result": tok(bpe({"a": 0, "b": 1}, ["a b"])),
    "merge-literal-spaces": tok(bpe({"a": 0, "b": 1, "c": 2, "ab": 3}, ["a b c"])),
    "merges-missing": tok({"type": "BPE", "vocab": {"a": 0}}),
    "duplicate-ids": tok(model={"type": "WordLevel", "vocab": {"[UNK]": 0, "a": 1, "b": 1}, "unk_token": "[UNK]"}),
    "negative-id": tok(model={"type": "WordLevel", "vocab": {"[UNK]": 0, "a": -1}, "unk_token": "[UNK]"}),
    "huge-id": tok(model={"type": "WordLevel", "vocab": {"[UNK]": 0, "a": 4294967296}, "unk_token": "[UNK]"}),
    "max-id": tok(model={"type": "WordLevel", "vocab": {"[UNK]": 0, "a": 4294967295}, "unk_token": "[UNK]"}),
    "float-id": tok(model={"type": "WordLevel", "vocab": {"[UNK]": 0, "a": 1.5}, "unk_token": "[UNK]"}),
    "empty-vocab-bpe": tok(bpe({}, [])),
    "empty-vocab-wordlevel": tok(model={"type": "WordLevel", "vocab": {}, "unk_token": "[UNK]"}),
    "empty-vocab-unigram": tok(model={"type": "Unigram", "unk_id": None, "vocab": []}),
    "unigram-unk-out-of-range": tok(model={"type": "Unigram", "unk_id": 5, "vocab": [["a", -1.0]]}),
    "invalid-regex": tok(pre_tokenizer={"type": "Split", "pattern": {"Regex": "(a"}, "behavior": "Isolated", "invert": False}),
    "catastrophic-regex": tok(pre_tokenizer={"type": "Split", "pattern": {"Regex": "(a+)+$"}, "behavior": "Isolated", "invert": False}),
    "nested-60": tok(normalizer=seq(60)),
    "nested-200": tok(normalizer=seq(200)),
    "added-missing-field": tok(added_tokens=[{"id": 10, "content": "<x>", "lstrip": False, "rstrip": False, "normalized": False, "special": True}]),
    "added-huge-id": tok(added_tokens=[at("<x>", id=99999999999)]),
    "added-empty": tok(added_tokens=[at("")]),
    "template-missing-special": tok(post_processor={"type": "TemplateProcessing", "single": [{"SpecialToken": {"id": "[CLS]", "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}}], "pair": [{"Sequence": {"id": "A", "type_id": 0}}, {"Sequence": {"id": "B", "type_id": 1}}], "special_tokens": {}}),
    "version-2": dict(tok(), version="2.0"),
    "model-null": tok(model=None) | {"model": None},
    "model-missing": {k: v for k, v in tok().items() if k != "model"},
    "precompiled-garbage": tok(normalizer={"type": "Precompiled", "precompiled_charsmap": "AAAA"}),
    "fixed-length-zero": tok(pre_tokenizer={"type": "FixedLength", "length": 0}),
}
for name, t in cases.items():
    with open(name + ".json", "w") as f:
        json.dump(t, f, ensure_ascii=False)
# Documents that are not well-formed JSON.
with open("../tokenizers/hw-doc-summarizer/tokenizer.json") as f:
    real = f.read()
open("truncated.json", "w").write(real[: len(real) * 3 // 5])
open("not-json.json", "w").write("model: BPE\n")
open("trailing-garbage.json", "w").write(json.dumps(tok()) + " }")
open("lone-surrogate.json", "w").write(json.dumps(tok()).replace('"a": 1', '"\\ud800": 1'))
open("invalid-utf8.json", "wb").write(json.dumps(tok()).encode().replace(b'"a": 1', b'"\xff": 1'))
open("deep-json.json", "w").write('{"model":' + "[" * 5000 + "]" * 5000 + "}")
