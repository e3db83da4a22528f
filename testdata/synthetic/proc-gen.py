# proc-gen.py writes the proc-*.json tokenizers of this directory and their
# expected output (via internal/tools/mkgolden.js and the reference in $REF,
# default /work/ref). Usage: python3 proc-gen.py [NAME_PREFIX...]
import json, os, subprocess, sys

OUT = os.path.dirname(os.path.abspath(__file__))
MKGOLDEN = os.path.join(OUT, '..', '..', 'internal', 'tools', 'mkgolden.js')
REF = os.environ.get('REF', '/work/ref')
def bytes_to_unicode():
    bs = list(range(ord('!'), ord('~')+1)) + list(range(0xA1, 0xAC+1)) + list(range(0xAE, 0xFF+1))
    cs = bs[:]
    n = 0
    for b in range(256):
        if b not in bs:
            bs.append(b); cs.append(256+n); n += 1
    return {b: chr(c) for b, c in zip(bs, cs)}
B2U = bytes_to_unicode()
def bl(s):  # text -> byte-level string
    return ''.join(B2U[b] for b in s.encode('utf-8'))

def added(id_, content, special=True, normalized=False, lstrip=False, rstrip=False):
    return {"id": id_, "content": content, "single_word": False, "lstrip": lstrip, "rstrip": rstrip, "normalized": normalized, "special": special}

def tok(model, pre=None, post=None, dec=None, added_tokens=(), norm=None, trunc=None, pad=None):
    return {"version": "1.0", "truncation": trunc, "padding": pad, "added_tokens": list(added_tokens),
            "normalizer": norm, "pre_tokenizer": pre, "post_processor": post, "decoder": dec, "model": model}

def bpe(vocab, merges, **kw):
    m = {"type": "BPE", "dropout": None, "unk_token": None, "continuing_subword_prefix": None,
         "end_of_word_suffix": None, "fuse_unk": False, "byte_fallback": False, "ignore_merges": False,
         "vocab": vocab, "merges": merges}
    m.update(kw)
    return m

# ---------- WordPiece base for Bert/Template
wp_words = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "hello", "world", "the", "a", "b", "c", "##s", "##ing", "play", ".", ",", "!", "?", "'", "s", "t", "do", "not", "n", "##'", "##t", "é", "日", "本", "<s>", "</s>", "<pad>", "<unk>", "<mask>", "un", "##aff", "##able"]
wp_vocab = {w: i for i, w in enumerate(wp_words)}
def wordpiece():
    return {"type": "WordPiece", "unk_token": "[UNK]", "continuing_subword_prefix": "##", "max_input_chars_per_word": 100, "vocab": wp_vocab}
bert_added = [added(0, "[PAD]"), added(1, "[UNK]"), added(2, "[CLS]"), added(3, "[SEP]"), added(4, "[MASK]")]
WS = {"type": "WhitespaceSplit"}
WPDEC = {"type": "WordPiece", "prefix": "##", "cleanup": True}

def wp_inputs():
    L = []
    for t in ["hello world", "the plays , hello !", "", " ", "unaffable é 日本", "[CLS] hello [SEP] world [MASK]", "hello   \t world\n", "xyz"]:
        for add in (True, False):
            L.append({"text": t, "add_special_tokens": add})
    for t, p in [("hello world", "the play"), ("", "hello"), ("hello", ""), ("", ""), ("a b c", "do not"), ("[SEP]", "[CLS] a"), ("hello", "plays playing .")]:
        for add in (True, False):
            L.append({"text": t, "pair": p, "add_special_tokens": add})
    return L

# ---------- raw-space BPE (no pre-tokenizer): tokens holding real whitespace
raw_chars = list("abcdehlorw.") + [" ", "\u3000", "\u00a0", "\t", "\n", "é", "😀"]
raw_vocab = {c: i for i, c in enumerate(raw_chars)}
raw_merges = []
def addm(a, b):
    raw_merges.append([a, b]); raw_vocab.setdefault(a+b, len(raw_vocab))
for a, b in [("h","e"),("he","l"),("hel","l"),("hell","o"),("w","o"),("wo","r"),("wor","l"),("worl","d"),
             (" ","hello"),("world"," "),(" "," "),("  "," "),("\u3000","hello"),("world","\u3000"),("\u00a0","\u00a0"),
             ("\t","world"),("world","\n"),(" ","é"),("é"," "),(" ","😀"),("  ","world"),("a"," "),(" ","b")]:
    addm(a, b)
def raw_bpe():
    return bpe(dict(raw_vocab), [list(m) for m in raw_merges])
raw_inputs_txt = [" hello", "hello world ", " hello  world ", "   ", " ", "", "\u3000hello", "world\u3000", "\u00a0\u00a0hello",
                  "\tworld\n", " é ", " 😀", "a  b", "  world", "hello\u3000\u3000world", "a b", " a ", "  hello   "]
def raw_inputs():
    L = []
    for t in raw_inputs_txt:
        for add in (True, False):
            L.append({"text": t, "add_special_tokens": add})
    for t, p in [(" hello", "world "), ("  world", " a "), ("", " hello"), (" ", " "), ("\u3000hello", "\tworld\n")]:
        for add in (True, False):
            L.append({"text": t, "pair": p, "add_special_tokens": add})
    return L
raw_added = [added(len(raw_vocab)+0, "<s>"), added(len(raw_vocab)+1, "</s>")]
S_ID, E_ID = len(raw_vocab), len(raw_vocab)+1

# ---------- byte-level BPE
bl_vocab = {B2U[b]: i for i, b in enumerate(sorted(B2U))}
bl_merges = []
def addbl(a, b):
    bl_merges.append([a, b]); bl_vocab.setdefault(a+b, len(bl_vocab))
for a, b in [("h","e"),("he","l"),("hel","l"),("hell","o"),("Ġ","hello"),("w","o"),("wo","r"),("wor","l"),("worl","d"),("Ġ","world"),
             ("Ġ","Ġ"),("ĠĠ","Ġ"),("o","Ġ"),("d","Ġ"),("Ċ","Ċ"),("Ġ","Ċ"),("ã","Ģ"),("ãĢ","Ģ"),("Ã","©"),("Ġ","Ã©")]:
    addbl(a, b)
def bl_bpe():
    return bpe(dict(bl_vocab), [list(m) for m in bl_merges])
BL_S, BL_E, BL_P = len(bl_vocab), len(bl_vocab)+1, len(bl_vocab)+2
bl_added = [added(BL_S, "<s>"), added(BL_E, "</s>"), added(BL_P, "<pad>")]
bl_texts = ["hello world", " hello world", "hello  world  ", "   hello", "\n\nhello\n", "é hello", "hello\u3000world", "", " ", "  ", "hello <s> world", " 😀 ", "a\u00a0 b"]
def bl_inputs():
    L = []
    for t in bl_texts:
        for add in (True, False):
            L.append({"text": t, "add_special_tokens": add})
    for t, p in [("hello world", " hello"), (" hello ", "world  "), ("", " "), ("  x", "y  ")]:
        for add in (True, False):
            L.append({"text": t, "pair": p, "add_special_tokens": add})
    return L
def blpre(aps, regex=True):
    return {"type": "ByteLevel", "add_prefix_space": aps, "trim_offsets": True, "use_regex": regex}
BLDEC = {"type": "ByteLevel", "add_prefix_space": True, "trim_offsets": True, "use_regex": True}

def template(single, pair, specials):
    def piece(p):
        name, _, ty = p.partition(':')
        ty = int(ty or 0)
        if name in ("$A", "$B"):
            return {"Sequence": {"id": name[1], "type_id": ty}}
        return {"SpecialToken": {"id": name, "type_id": ty}}
    return {"type": "TemplateProcessing", "single": [piece(p) for p in single.split()], "pair": [piece(p) for p in pair.split()],
            "special_tokens": specials}
def st(key, ids, tokens, id_=None):
    return {"id": id_ if id_ is not None else key, "ids": ids, "tokens": tokens}

def main():
    pass

files = {}
# Bert
files["proc-bert"] = (tok(wordpiece(), WS, {"type": "BertProcessing", "sep": ["[SEP]", 3], "cls": ["[CLS]", 2]}, WPDEC, bert_added), wp_inputs())
files["proc-bert-notype"] = (tok(wordpiece(), WS, {"sep": ["[SEP]", 3], "cls": ["[CLS]", 2]}, WPDEC, bert_added), wp_inputs()[:6])
files["proc-bad-bert-float-id"] = (tok(wordpiece(), WS, {"type": "BertProcessing", "sep": ["[SEP]", 3.0], "cls": ["[CLS]", 2e0]}, WPDEC, bert_added), wp_inputs()[:6])
files["proc-bert-trunc"] = (tok(wordpiece(), WS, {"type": "BertProcessing", "sep": ["[SEP]", 3], "cls": ["[CLS]", 2]}, WPDEC, bert_added,
                               trunc={"direction": "Right", "max_length": 6, "strategy": "LongestFirst", "stride": 0}), wp_inputs())
files["proc-bert-as-roberta"] = (tok(wordpiece(), WS, {"type": "BertProcessing", "sep": ["[SEP]", 3], "cls": ["[CLS]", 2], "trim_offsets": False, "add_prefix_space": False}, WPDEC, bert_added), wp_inputs())
files["proc-roberta-null-trim-is-bert"] = (tok(wordpiece(), WS, {"type": "RobertaProcessing", "sep": ["[SEP]", 3], "cls": ["[CLS]", 2], "trim_offsets": None, "add_prefix_space": True}, WPDEC, bert_added), wp_inputs()[16:24])
# Roberta on raw spaces
for trim in (True, False):
    for aps in (True, False):
        name = "proc-roberta-raw-trim%d-aps%d" % (trim, aps)
        files[name] = (tok(raw_bpe(), None, {"type": "RobertaProcessing", "sep": ["</s>", E_ID], "cls": ["<s>", S_ID], "trim_offsets": trim, "add_prefix_space": aps}, None, raw_added), raw_inputs())
# ByteLevel post-processor on raw spaces
for trim in (True, False):
    for aps in (True, False):
        name = "proc-bytelevel-raw-trim%d-aps%d" % (trim, aps)
        files[name] = (tok(raw_bpe(), None, {"type": "ByteLevel", "add_prefix_space": aps, "trim_offsets": trim, "use_regex": True}, None, raw_added), raw_inputs())
# Roberta / ByteLevel on byte-level BPE
for pre_aps in (False, True):
    for trim in (True, False):
        for aps in (True, False):
            name = "proc-roberta-bl-pre%d-trim%d-aps%d" % (pre_aps, trim, aps)
            files[name] = (tok(bl_bpe(), blpre(pre_aps), {"type": "RobertaProcessing", "sep": ["</s>", BL_E], "cls": ["<s>", BL_S], "trim_offsets": trim, "add_prefix_space": aps}, BLDEC, bl_added), bl_inputs())
    for aps in (True, False):
        name = "proc-bytelevel-bl-pre%d-aps%d" % (pre_aps, aps)
        files[name] = (tok(bl_bpe(), blpre(pre_aps), {"type": "ByteLevel", "add_prefix_space": aps, "trim_offsets": True}, BLDEC, bl_added), bl_inputs())
files["proc-bytelevel-bl-noregex"] = (tok(bl_bpe(), blpre(False, False), {"type": "ByteLevel", "add_prefix_space": False, "trim_offsets": True}, BLDEC, bl_added), bl_inputs())
files["proc-roberta-bl-noregex"] = (tok(bl_bpe(), blpre(True, False), {"type": "RobertaProcessing", "sep": ["</s>", BL_E], "cls": ["<s>", BL_S], "trim_offsets": True, "add_prefix_space": True}, BLDEC, bl_added), bl_inputs())
# Template
multi = {"[CLS]": st("[CLS]", [2], ["[CLS]"]), "[SEP]": st("[SEP]", [3], ["[SEP]"]),
         "<pre>": st("<pre>", [29, 8, 30], ["<s>", "a", "</s>"]), "K": st("other-name", [31, 32], ["<pad>", "<unk>"]), "E": st("E", [], [])}
files["proc-template-multi"] = (tok(wordpiece(), WS, template("<pre>:7 $A:3 [SEP]:4 E", "[CLS] $A:0 [SEP]:0 K:5 $B:1 <pre>:2 [SEP]:4294967295", multi), WPDEC, bert_added), wp_inputs())
files["proc-template-repeat"] = (tok(wordpiece(), WS, template("$A:1 [SEP] $A:2", "$B:1 [SEP] $A:0 [SEP]:2 $B:3", multi), WPDEC, bert_added), wp_inputs())
files["proc-template-no-sequence"] = (tok(wordpiece(), WS, template("[CLS] [SEP]", "K", multi), WPDEC, bert_added), wp_inputs()[:4] + wp_inputs()[16:20])
files["proc-template-only-a"] = (tok(wordpiece(), WS, template("$B:0", "[CLS] $A:1 [SEP]", multi), WPDEC, bert_added), [x for x in wp_inputs() if "pair" in x])
files["proc-template-bert"] = (tok(wordpiece(), WS, template("[CLS] $A [SEP]", "[CLS] $A [SEP] $B:1 [SEP]:1", multi), WPDEC, bert_added,
                                  trunc={"direction": "Left", "max_length": 9, "strategy": "OnlyFirst", "stride": 1}), wp_inputs())
seqform = {"type": "TemplateProcessing", "single": [{"SpecialToken": ["K", 1]}, {"Sequence": ["A", 2]}, {"Sequence": {"id": {"A": None}, "type_id": 3, "extra": 1}}],
           "pair": [{"Sequence": {"id": "B", "type_id": 1}}, {"Sequence": {"id": "A", "type_id": 0}}], "special_tokens": {"K": ["K", [31, 32], ["<pad>", "<unk>"]]}}
files["proc-template-serde-forms"] = (tok(wordpiece(), WS, seqform, WPDEC, bert_added), wp_inputs())
# Sequence
files["proc-sequence-bl-template"] = (tok(bl_bpe(), blpre(False), {"type": "Sequence", "processors": [
    {"type": "ByteLevel", "add_prefix_space": True, "trim_offsets": True, "use_regex": True},
    template("<s> $A </s>", "<s> $A </s> </s> $B:1 </s>:1", {"<s>": st("<s>", [BL_S], ["<s>"]), "</s>": st("</s>", [BL_E], ["</s>"])})]}, BLDEC, bl_added), bl_inputs())
files["proc-sequence-template-bytelevel"] = (tok(bl_bpe(), blpre(False), {"type": "Sequence", "processors": [
    template("<s> $A </s>", "<s> $A </s> $B:1 </s>:1", {"<s>": st("<s>", [BL_S], ["<s>"]), "</s>": st("</s>", [BL_E], ["</s>"])}),
    {"type": "ByteLevel", "add_prefix_space": False, "trim_offsets": True}]}, BLDEC, bl_added), bl_inputs())
files["proc-sequence-template-bert"] = (tok(wordpiece(), WS, {"type": "Sequence", "processors": [
    template("[CLS] $A", "$A [SEP] $B:1", multi), {"type": "BertProcessing", "sep": ["[SEP]", 3], "cls": ["[CLS]", 2]}]}, WPDEC, bert_added), wp_inputs())
files["proc-sequence-roberta-bert"] = (tok(raw_bpe(), None, {"type": "Sequence", "processors": [
    {"type": "RobertaProcessing", "sep": ["</s>", E_ID], "cls": ["<s>", S_ID], "trim_offsets": True, "add_prefix_space": False},
    {"type": {"Sequence": None}, "processors": [{"type": "BertProcessing", "sep": ["</s>", E_ID], "cls": ["<s>", S_ID]}]}]}, None, raw_added), raw_inputs())
files["proc-sequence-empty"] = (tok(wordpiece(), WS, {"type": "Sequence", "processors": []}, WPDEC, bert_added), wp_inputs()[:4] + wp_inputs()[16:20])
files["proc-sequence-raw-bytelevel-template"] = (tok(raw_bpe(), None, {"type": "Sequence", "processors": [
    {"type": "ByteLevel", "add_prefix_space": False, "trim_offsets": True},
    template("<s> $A </s>", "<s>:1 $A:2 </s> $B:3 </s>:4", {"<s>": st("<s>", [S_ID], ["<s>"]), "</s>": st("</s>", [E_ID], ["</s>"])})]}, None, raw_added), raw_inputs())
# load errors
files["proc-bad-template-string"] = (tok(wordpiece(), WS, {"type": "TemplateProcessing", "single": "[CLS] $A [SEP]", "pair": "[CLS] $A [SEP] $B:1 [SEP]:1", "special_tokens": multi}, WPDEC, bert_added), wp_inputs()[:2])
files["proc-bad-template-no-special"] = (tok(wordpiece(), WS, {"type": "TemplateProcessing", "single": [], "pair": []}, WPDEC, bert_added), wp_inputs()[:2])
files["proc-bad-template-piece"] = (tok(wordpiece(), WS, {"type": "TemplateProcessing", "single": [{"Sequence": {"id": "C", "type_id": 0}}], "pair": [], "special_tokens": {}}, WPDEC, bert_added), wp_inputs()[:2])
files["proc-bad-template-typeid"] = (tok(wordpiece(), WS, {"type": "TemplateProcessing", "single": [{"Sequence": {"id": "A", "type_id": 1.5}}], "pair": [], "special_tokens": {}}, WPDEC, bert_added), wp_inputs()[:2])
files["proc-bad-bytelevel-missing"] = (tok(wordpiece(), WS, {"type": "ByteLevel", "add_prefix_space": True}, WPDEC, bert_added), wp_inputs()[:2])
files["proc-bad-roberta-partial"] = (tok(wordpiece(), WS, {"type": "RobertaProcessing", "sep": ["</s>", 2]}, WPDEC, bert_added), wp_inputs()[:2])
files["proc-bad-bert-tuple"] = (tok(wordpiece(), WS, {"type": "BertProcessing", "sep": ["[SEP]", 3, 4], "cls": ["[CLS]", 2]}, WPDEC, bert_added), wp_inputs()[:2])
files["proc-bad-bert-negative"] = (tok(wordpiece(), WS, {"type": "BertProcessing", "sep": ["[SEP]", -3], "cls": ["[CLS]", 2]}, WPDEC, bert_added), wp_inputs()[:2])
files["proc-bad-unknown-type"] = (tok(wordpiece(), WS, {"type": "Nope"}, WPDEC, bert_added), wp_inputs()[:2])
files["proc-bad-sequence-item"] = (tok(wordpiece(), WS, {"type": "Sequence", "processors": [{"type": "ByteLevel"}]}, WPDEC, bert_added), wp_inputs()[:2])
files["proc-bad-sequence-notype"] = (tok(wordpiece(), WS, {"processors": []}, WPDEC, bert_added), wp_inputs()[:2])

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
        print(name, 'FAILED', res.stderr.decode()[:500]); continue
    with open(os.path.join(OUT, name + '.jsonl'), 'wb') as f:
        f.write(res.stdout)
    first = res.stdout.decode().split('\n')[0]
    nerr = res.stdout.decode().count('"error"')
    print(name, 'load_error' if 'load_error' in first else 'ok', 'errors=%d' % nerr)
