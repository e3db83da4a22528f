# Generates the synthetic byte-level BPE tokenizers bpe-bl-*.json (the
# shapes the byte-level fast path takes: tokenizer/fastpath_bytelevel.go) and
# their inputs, bpe-bl-inputs.jsonl. A vocabulary of GPT-2's first merges,
# plus merges inside and across a few characters of 2 and 3 bytes. Then:
#
#   for f in bpe-bl-*.json; do
#     REF=/work/ref node ../../internal/tools/mkgolden.js $f < bpe-bl-inputs.jsonl > ${f%.json}.jsonl
#   done
import json, os
here = os.path.dirname(os.path.abspath(__file__))
g = json.load(open(os.environ.get('GPT2', os.path.join(here, '../../../shared/tokenizers/gpt2/tokenizer.json'))))
merges = g['model']['merges'][:600]
# byte-level alphabet
bs = list(range(ord('!'), ord('~')+1)) + list(range(0xA1, 0xAC+1)) + list(range(0xAE, 0xFF+1))
cs = bs[:]
n = 0
for b in range(256):
    if b not in bs:
        bs.append(b); cs.append(256+n); n += 1
byte2ch = {b: chr(c) for b, c in zip(bs, cs)}
vocab = {}
for b in range(256):
    vocab[byte2ch[b]] = len(vocab)
ms = []
for m in merges:
    a, b = m.split(' ')
    if a in vocab and b in vocab:
        ms.append(m)
        if a+b not in vocab:
            vocab[a+b] = len(vocab)
# add some multi-byte char tokens via merges: é, ü, ж, 日, 本, ー
def bl(s): return ''.join(byte2ch[b] for b in s.encode())
for ch in ['é', 'ü', 'ж', 'о', '日', '本', 'ー', 'の', 'ﬁ']:
    t = bl(ch)
    # build left-to-right merges
    cur = t[0]
    for c in t[1:]:
        if cur not in vocab: vocab[cur] = len(vocab)
        if c not in vocab: vocab[c] = len(vocab)
        ms.append(cur + ' ' + c)
        cur = cur + c
        if cur not in vocab: vocab[cur] = len(vocab)
# cross-character merges, to exercise starting from characters
for a, b in [(bl('日'), bl('本')), ('Ġ', bl('ж')[0]), (bl('о'), bl('ж')[0]), (bl('é'), 't')]:
    if a in vocab and b in vocab:
        ms.append(a + ' ' + b)
        if a+b not in vocab: vocab[a+b] = len(vocab)

def base(pre, norm=None, added=None, model_extra=None, vocab_=None):
    t = {
        "version": "1.0",
        "truncation": None, "padding": None,
        "added_tokens": added or [],
        "normalizer": norm,
        "pre_tokenizer": pre,
        "post_processor": None,
        "decoder": {"type": "ByteLevel", "add_prefix_space": True, "trim_offsets": True, "use_regex": True},
        "model": {"type": "BPE", "dropout": None, "unk_token": None, "continuing_subword_prefix": None,
                  "end_of_word_suffix": None, "fuse_unk": False, "byte_fallback": False, "ignore_merges": False,
                  "vocab": vocab_ or vocab, "merges": ms},
    }
    if model_extra: t['model'].update(model_extra)
    return t

llama = "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}{1,3}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+"
o200k = "[^\\r\\n\\p{L}\\p{N}]?[\\p{Lu}\\p{Lt}\\p{Lm}\\p{Lo}\\p{M}]*[\\p{Ll}\\p{Lm}\\p{Lo}\\p{M}]+(?i:'s|'t|'re|'ve|'m|'ll|'d)?|[^\\r\\n\\p{L}\\p{N}]?[\\p{Lu}\\p{Lt}\\p{Lm}\\p{Lo}\\p{M}]+[\\p{Ll}\\p{Lm}\\p{Lo}\\p{M}]*(?i:'s|'t|'re|'ve|'m|'ll|'d)?|\\p{N}{1,3}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n/]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+"
def bl_pre(aps, regex, trim=True):
    return {"type": "ByteLevel", "add_prefix_space": aps, "trim_offsets": trim, "use_regex": regex}
def split(pat, beh, inv):
    return {"type": "Split", "pattern": {"Regex": pat}, "behavior": beh, "invert": inv}
def seq(*p): return {"type": "Sequence", "pretokenizers": list(p)}
def added(content, normalized, special=False, id_=None):
    return {"id": id_ if id_ is not None else 100000, "content": content, "single_word": False, "lstrip": False, "rstrip": False, "normalized": normalized, "special": special}

out = {
  "bpe-bl-split-aps": base(seq(split(llama, "Isolated", False), bl_pre(True, False))),
  "bpe-bl-aps-regex": base(bl_pre(True, True)),
  "bpe-bl-noregex": base(bl_pre(False, False)),
  "bpe-bl-nfkc": base(bl_pre(False, True), norm={"type": "NFKC"}),
  "bpe-bl-nfc-added": base(bl_pre(False, True), norm={"type": "NFC"},
        added=[added("<|end|>", False, True, 3000), added("é!", True, False, 3001), added("Å", True, False, 3002), added(" fin", True, False, 3003)]),
  "bpe-bl-o200k-mergedprev": base(seq(split(o200k, "MergedWithPrevious", False), bl_pre(False, False))),
  "bpe-bl-llama-removed-invert-ignore": base(seq(split(llama, "Removed", True), bl_pre(False, False)), model_extra={"ignore_merges": True}),
}
# a vocabulary without the symbols of some bytes (the model drops them)
v2 = dict(vocab)
for b in [0x00, 0x01, 0x7f, 0xC0, 0xFF]:
    v2.pop(byte2ch[b], None)
ms2 = [m for m in ms if all(x in v2 for x in m.split(' ')) and m.replace(' ', '') in v2]
t = base(bl_pre(False, True), vocab_=v2)
t['model']['merges'] = ms2
out["bpe-bl-missing-bytes"] = t
for name, t in out.items():
    json.dump(t, open(os.path.join(here, name + '.json'), 'w'), ensure_ascii=False)

lines = [json.loads(l) for l in open(os.environ.get('LINES', os.path.join(here, '../../../shared/corpus/lines.jsonl')))]
edge = [l['text'] for l in lines[:518]]
texts = [t for t in edge[::9] if len(t) < 300]
texts += [
  "Hello, world! It's a test: don't stop'LL 'S  end.",
  "  leading and trailing spaces   ",
  "tabs\tand\nnewlines\r\n\r\nhere\n\n\n",
  "Café naïve résumé — ﬁnancial ﬂow ① ② Ⅸ ｶﾀｶﾅ ㍿",
  "e\u0301 A\u030a Å é",
  "日本語のテキスト日本 ー ーー русский текст ж жж ожо",
  "été étés été!",
  "x<|end|>y <|end|> é! é!é! Å A\u030a fin fin final",
  "\x00\x01\x7f control \x00chars\x7f",
  "emoji 😀 👍🏽 🇫🇷",
  "code: def f(x):\n    return x ** 2  # comment\n\tif a != b { c(); }",
  "numbers 1 12 123 1234 12345 ٣٤٥ ²³",
  "supercalifragilisticexpialidocious antidisestablishmentarianism",
  "日本" * 12,
  "a" * 70,
  "/path/to/file.txt //comment https://example.com/a/b?c=d",
  "UPPER lower MiXeD CamelCase HTTPServer iPhone",
]
with open(os.path.join(here, 'bpe-bl-inputs.jsonl'), 'w') as f:
    for t in texts:
        f.write(json.dumps({"text": t, "add_special_tokens": False}, ensure_ascii=False) + "\n")
