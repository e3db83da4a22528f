# dec-gen.py writes the dec-*.json tokenizers of this directory and their
# expected output (via internal/tools/mkgolden.js and the reference in $REF,
# default /work/ref). Usage: python3 dec-gen.py [NAME_PREFIX...]
import json, os, subprocess, sys
HERE = os.path.dirname(os.path.abspath(__file__))
# The helpers of proc-gen.py: B2U, added, tok, bpe, bl_vocab...
exec(open(os.path.join(HERE, 'proc-gen.py')).read().split("def main():")[0])

def wordlevel(words):
    return {"type": "WordLevel", "unk_token": "[UNK]", "vocab": {w: i for i, w in enumerate(words)}}
def ids_of(words, seq):
    idx = {w: i for i, w in enumerate(words)}
    return [idx[t] for t in seq]

files = {}
def add(name, j, lines):
    files[name] = (j, lines)

# CTC
ctc_words = ["[UNK]", "<pad>", "|", "<s>", "</s>"] + list("abcdehlorw") + ["'", ".", "?", ",", "s", "m", "do", " do", "not", " not", "n't", " n't", " '", " .", "a<pad>b", "<pad><pad>", "a|b", "|hello|", " 're", " 's", " 've"]
ctc_added = [added(0, "[UNK]"), added(1, "<pad>"), added(3, "<s>"), added(4, "</s>")]
ctc_seqs = [
    "<s>~<pad>~<pad>~h~e~e~l~l~<pad>~l~o~o~o~<pad>~|~|~w~o~r~<pad>~l~d~</s>",
    "h~h~<pad>~h",
    "a~'~s~|~d~o~.~?",
    " do~ not~|~ n't~ .~ .",
    " 's~ 're~ 've~ '~s~a<pad>b~<pad><pad>~a|b~|hello|",
    "<pad>~<pad>",
    "",
    "|~|~|",
    "[UNK]~a~[UNK]~[UNK]~b",
    "</s>~</s>~<s>",
]
def ctc_lines(words):
    L = []
    for s in ctc_seqs:
        L.append({"ids": ids_of(words, s.split("~") if s else [])})
    L.append({"text": "h e l l o | w o r l d"})
    L.append({"text": "a <pad> <pad> b | c"})
    return L
for cleanup in (True, False):
    add("dec-ctc-cleanup%d" % cleanup, tok(wordlevel(ctc_words), {"type": "WhitespaceSplit"}, None,
        {"type": "CTC", "pad_token": "<pad>", "word_delimiter_token": "|", "cleanup": cleanup}, ctc_added), ctc_lines(ctc_words))
add("dec-ctc-empty-tokens", tok(wordlevel(ctc_words), {"type": "WhitespaceSplit"}, None,
    {"type": "CTC", "pad_token": "", "word_delimiter_token": "", "cleanup": True}, ctc_added), ctc_lines(ctc_words)[:6])
add("dec-ctc-legacy", tok(wordlevel(ctc_words), {"type": "WhitespaceSplit"}, None,
    {"pad_token": "<pad>", "word_delimiter_token": "|", "cleanup": True}, ctc_added), ctc_lines(ctc_words)[:6])

# ByteFallback
bf_words = ["[UNK]", "<s>", "</s>"] + ["<0x%02X>" % b for b in range(256)] + ["▁", "▁hello", "world", "a", "<0xzz>", "<0x+1>", "<0x-1>", "<0xé>", "<0X41>", "<0x4a>"]
bf_added = [added(0, "[UNK]"), added(1, "<s>"), added(2, "</s>")]
def bft(*bs):
    return ["<0x%02X>" % b for b in bs]
bf_seqs = [
    ["<s>", "▁hello"] + bft(0xE5, 0x8F, 0xAB) + ["world"],
    bft(0xE5, 0x8F) + ["a"],
    bft(0x61, 0xE5, 0x8F) + ["a"] + bft(0xE5),
    bft(0xF0, 0x9F, 0x98, 0x80) + ["</s>"] + bft(0xF0, 0x9F, 0x98),
    bft(0xC3, 0xA9, 0xFF, 0x41),
    ["<0xzz>", "<0x+1>", "<0x-1>", "<0xé>", "<0X41>", "<0x4a>"] + bft(0xC3) + ["<0x4a>"],
    bft(0xED, 0xA0, 0x80),
    bft(0x00, 0x0A, 0x20),
    ["<s>"] + bft(0xE5) + ["</s>"] + bft(0x8F, 0xAB),
    [],
]
def bf_lines():
    return [{"ids": ids_of(bf_words, s)} for s in bf_seqs]
add("dec-bytefallback", tok(wordlevel(bf_words), None, None, {"type": "ByteFallback"}, bf_added), bf_lines())
add("dec-bytefallback-strip", tok(wordlevel(bf_words), None, None, {"type": "Sequence", "decoders": [
    {"type": "ByteFallback"}, {"type": "Strip", "content": "\ufffd", "start": 1, "stop": 0}, {"type": "Replace", "pattern": {"String": "▁"}, "content": "_"}]}, bf_added), bf_lines())
add("dec-llama-style", tok(wordlevel(bf_words), None, None, {"type": "Sequence", "decoders": [
    {"type": "Replace", "pattern": {"String": "▁"}, "content": " "}, {"type": "ByteFallback"}, {"type": "Fuse"},
    {"type": "Strip", "content": " ", "start": 1, "stop": 0}]}, bf_added), bf_lines())

# ByteLevel
blv = dict(bl_vocab)
bl_words = sorted(blv, key=lambda w: blv[w])
bl_extra = ["日本", "<|end|>", "a b", "Ġ\u3000"]
for w in bl_extra:
    blv[w] = len(blv)
bl_words2 = sorted(blv, key=lambda w: blv[w])
bl_added2 = [added(blv["<|end|>"], "<|end|>"), added(blv["日本"], "日本", special=False), added(blv["a b"], "a b", special=False)]
def blt(bs):
    return [B2U[b] for b in bs]
bl_seqs = [
    ["Ġhello", "Ġworld"], blt(b"\xf0\x9f\x98\x80"), blt(b"\xf0\x9f\x98"), blt(b"\xf0\x9f\x98") + ["x"], blt(b"\xe6\xb8x\xe6"),
    blt(b"\xff\xfe"), blt(b"\xed\xa0\x80"), blt(b"\xc0\xaf"), blt(b"\xf4\x90\x80\x80"), blt(b"\xe0\x80\x80"),
    ["Ġhello", "日本", "<|end|>", "Ġworld"], ["a b", "Ġ\u3000"] + blt(b"\xe6"), blt(b"\xe3\x80") + ["<|end|>"] + blt(b"\x80"),
    blt(b"\x61\xf1\x80\x80\xe1\x80\xc2\x62\x80\x63\x80\xbf\x64"), ["ĠĠ", "Ċ", "ĉ"], [],
]
def bl_lines():
    L = [{"ids": ids_of(bl_words2, s)} for s in bl_seqs]
    L += [{"text": "hello world 😀 日本"}, {"text": " \u3000 a b"}]
    return L
add("dec-bytelevel", tok(bpe(dict(blv), [list(m) for m in bl_merges]), blpre(False), None, BLDEC, bl_added2), bl_lines())
add("dec-bytelevel-seq", tok(bpe(dict(blv), [list(m) for m in bl_merges]), blpre(False), None,
    {"type": "Sequence", "decoders": [BLDEC, {"type": "Strip", "content": "\ufffd", "start": 2, "stop": 0}]}, bl_added2), bl_lines()[:15])

# WordPiece
wpd_words = ["[UNK]", "[CLS]", "[SEP]", "hello", "##world", "@@s", "##s", ".", "?", "!", ",", "'", "s", "m", "t", "do", "not", "n't", "##n't", "'m", "'s", "ve", "re", "I", "'ve", "'re", "##", "a", "##.", " ."]
wpd_added = [added(0, "[UNK]"), added(1, "[CLS]"), added(2, "[SEP]")]
wpd_seqs = [
    "[CLS] hello ##world . [SEP]", "I do not know", "do ##n't", "I ' m here ?", "I 'm , I 's I 've I 're !", "' s ' t",
    "##s hello ##s @@s", "## ##", "hello ##. .", "a~ .~a", "[UNK] ' [UNK] '", "",
]
def wpd_lines(words):
    L = [{"ids": ids_of(words, (s.split("~") if "~" in s else s.split(" ")) if s else [])} for s in wpd_seqs]
    return L
wpd_words += ["know", "here"]
for cleanup in (True, False):
    add("dec-wordpiece-cleanup%d" % cleanup, tok(wordlevel(wpd_words), {"type": "WhitespaceSplit"}, None,
        {"type": "WordPiece", "prefix": "##", "cleanup": cleanup}, wpd_added), wpd_lines(wpd_words))
add("dec-wordpiece-prefix", tok(wordlevel(wpd_words), {"type": "WhitespaceSplit"}, None,
    {"type": "WordPiece", "prefix": "@@", "cleanup": True}, wpd_added), wpd_lines(wpd_words))
add("dec-wordpiece-legacy", tok(wordlevel(wpd_words), {"type": "WhitespaceSplit"}, None,
    {"prefix": "##", "cleanup": True}, wpd_added), wpd_lines(wpd_words))
add("dec-none", tok(wordlevel(wpd_words), {"type": "WhitespaceSplit"}, None, None, wpd_added), wpd_lines(wpd_words))

# BPE decoder
bpe_words = ["[UNK]", "<s>", "hel", "lo</w>", "world</w>", "</w>", "a</w>b", "x"]
bpe_added = [added(0, "[UNK]"), added(1, "<s>")]
bpe_seqs = ["hel lo</w> world</w>", "<s> hel lo</w> <s>", "a</w>b a</w>b", "</w> </w>", "x", ""]
def bpe_lines():
    return [{"ids": ids_of(bpe_words, s.split(" ") if s else [])} for s in bpe_seqs]
add("dec-bpe-suffix", tok(wordlevel(bpe_words), None, None, {"type": "BPEDecoder", "suffix": "</w>"}, bpe_added), bpe_lines())
add("dec-bpe-empty-suffix", tok(wordlevel(bpe_words), None, None, {"type": "BPEDecoder", "suffix": ""}, bpe_added), bpe_lines())
add("dec-bpe-untagged", tok(wordlevel(bpe_words), None, None, {"type": "Unknown", "suffix": "</w>"}, bpe_added), bpe_lines())

# Metaspace
ms_words = ["[UNK]", "<s>", "▁", "▁hello", "▁wor", "ld", "a▁b", "▁▁", "x", "_y"]
ms_added = [added(0, "[UNK]"), added(1, "<s>")]
ms_seqs = ["▁hello ▁wor ld", "<s> ▁hello", "a▁b ▁", "▁▁ x", "x ▁hello", "_y ▁", ""]
def ms_lines():
    return [{"ids": ids_of(ms_words, s.split(" ") if s else [])} for s in ms_seqs]
for scheme in ("always", "first", "never"):
    add("dec-metaspace-" + scheme, tok(wordlevel(ms_words), None, None, {"type": "Metaspace", "replacement": "▁", "prepend_scheme": scheme, "split": True}, ms_added), ms_lines())
add("dec-metaspace-legacy-aps", tok(wordlevel(ms_words), None, None, {"type": "Metaspace", "replacement": "▁", "add_prefix_space": True, "str_rep": "▁"}, ms_added), ms_lines())
add("dec-metaspace-legacy-noaps", tok(wordlevel(ms_words), None, None, {"type": "Metaspace", "replacement": "▁", "add_prefix_space": False, "prepend_scheme": "never"}, ms_added), ms_lines())
add("dec-metaspace-underscore", tok(wordlevel(ms_words), None, None, {"type": "Metaspace", "replacement": "_", "prepend_scheme": {"first": None}}, ms_added), ms_lines())

# Strip / Replace / Fuse
sr_words = ["[UNK]", "<s>", "yay", "ay", "yya", "  a  ", "b", "aab", "baa", "é", "xéx", "a.b", "abab"]
sr_added = [added(0, "[UNK]"), added(1, "<s>")]
sr_seqs = ["yay ay yya", "  a  ~b", "aab baa", "é xéx", "a.b abab", "<s> yay", ""]
def sr_lines():
    return [{"ids": ids_of(sr_words, (s.split("~") if "~" in s else s.split(" ")) if s else [])} for s in sr_seqs]
add("dec-strip", tok(wordlevel(sr_words), None, None, {"type": "Strip", "content": "y", "start": 1, "stop": 2}, sr_added), sr_lines()[:1] + sr_lines()[2:])
add("dec-strip-spaces", tok(wordlevel(sr_words), None, None, {"type": "Sequence", "decoders": [{"type": "Strip", "content": " ", "start": 1, "stop": 1}, {"type": "Fuse"}, {"type": "Strip", "content": "a", "start": 5, "stop": 0}]}, sr_added), sr_lines()[1:2] + sr_lines()[3:])
add("dec-strip-untagged", tok(wordlevel(sr_words), None, None, {"content": "a", "start": 2, "stop": 2}, sr_added), sr_lines()[:1] + sr_lines()[2:5])
add("dec-replace-regex", tok(wordlevel(sr_words), None, None, {"type": "Replace", "pattern": {"Regex": "a*"}, "content": "-"}, sr_added), sr_lines())
add("dec-replace-regex-class", tok(wordlevel(sr_words), None, None, {"type": "Replace", "pattern": {"Regex": "[aé]+|\\.|\\s"}, "content": "<>"}, sr_added), sr_lines())
add("dec-replace-string", tok(wordlevel(sr_words), None, None, {"type": "Replace", "pattern": {"String": "a.b"}, "content": "A"}, sr_added), sr_lines())
add("dec-replace-empty", tok(wordlevel(sr_words), None, None, {"type": "Replace", "pattern": {"String": ""}, "content": "+"}, sr_added), sr_lines())
add("dec-replace-untagged", tok(wordlevel(sr_words), None, None, {"pattern": {"String": "a"}, "content": "b"}, sr_added), sr_lines())
add("dec-fuse", tok(wordlevel(sr_words), None, None, {"type": "Fuse"}, sr_added), sr_lines())
add("dec-sequence-empty", tok(wordlevel(sr_words), None, None, {"type": "Sequence", "decoders": []}, sr_added), sr_lines())
add("dec-sequence-nested", tok(wordlevel(sr_words), None, None, {"type": "Sequence", "decoders": [{"type": "Sequence", "decoders": [{"type": "Fuse"}]}, {"type": "Replace", "pattern": {"Regex": "(?<=a)a"}, "content": "!"}]}, sr_added), sr_lines())

# load errors
bad = {
    "dec-bad-metaspace-legacy": {"type": "Metaspace", "replacement": "▁", "add_prefix_space": False},
    "dec-bad-metaspace-scheme": {"type": "Metaspace", "replacement": "▁", "prepend_scheme": "Always"},
    "dec-bad-strip-content": {"type": "Strip", "content": "ab", "start": 1, "stop": 0},
    "dec-bad-strip-float": {"type": "Strip", "content": "a", "start": 1.0, "stop": 0},
    "dec-bad-unknown": {"type": "Nope"},
    "dec-bad-empty": {},
    "dec-bad-bytelevel-fields": {"type": "ByteLevel"},
    "dec-bad-replace-regex": {"type": "Replace", "pattern": {"Regex": "("}, "content": ""},
    "dec-bad-replace-pattern": {"type": "Replace", "pattern": {"String": "a", "Regex": "b"}, "content": ""},
    "dec-bad-sequence-item": {"type": "Sequence", "decoders": [{"type": "Fuse"}, {"type": "CTC"}]},
    "dec-bad-fuse-untagged": {"fuse": True},
}
for name, d in bad.items():
    add(name, tok(wordlevel(sr_words), None, None, d, sr_added), sr_lines()[:1])

only = sys.argv[1:]
for name, (j, inputs) in files.items():
    if only and not any(name.startswith(o) for o in only):
        continue
    path = os.path.join(OUT, name + '.json')
    with open(path, 'w') as f:
        json.dump(j, f, ensure_ascii=False)
    inp = '\n'.join(json.dumps(x, ensure_ascii=False) for x in inputs) + '\n'
    res = subprocess.run(['node', MKGOLDEN, path], input=inp.encode(), capture_output=True, env=dict(os.environ, REF=REF))
    if res.returncode != 0:
        print(name, 'FAILED', res.stderr.decode()[:300]); continue
    with open(os.path.join(OUT, name + '.jsonl'), 'wb') as f:
        f.write(res.stdout)
    out = res.stdout.decode()
    print(name, 'load_error' if 'load_error' in out.split('\n')[0] else 'ok', 'errors=%d' % out.count('"error"'))
