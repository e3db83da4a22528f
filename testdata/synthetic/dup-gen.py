# dup-gen.py writes the dup-*.json (and top-*.json) tokenizers of this
# directory, hand-made files with duplicate keys in every kind of object of a
# tokenizer.json, and their expected output (via internal/tools/mkgolden.js and
# the reference in $REF, default /work/ref): the reference's verdict (a
# load_error line when it refuses the file) and, when it accepts it, encodings
# that show which of the duplicates it used. The JSON is written by hand (as
# text) since a dict cannot hold duplicate keys. Usage: python3 dup-gen.py
import json, os, subprocess, sys
HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
out = HERE
base = json.load(open(os.path.join(HERE, 'proc-bert.json')))
vocab = dict(base['model']['vocab'])
for i, t in enumerate(["A", "B", "HELLO", "Hello", "x", "X", "ab", "AB", "1", "2", "12", "3", "4", "34", "hel", "##lo", "wor", "##ld", ",", "##,", "he", "##llo"]):
    vocab.setdefault(t, 40 + i)
WP = {"type": "WordPiece", "unk_token": "[UNK]", "continuing_subword_prefix": "##", "max_input_chars_per_word": 100, "vocab": vocab}
WL = {"type": "WordLevel", "vocab": vocab, "unk_token": "[UNK]"}
ADDED = json.dumps(base['added_tokens'])
C = dict(truncation='null', padding='null', added_tokens=ADDED, normalizer='null',
         pre_tokenizer='{"type":"WhitespaceSplit"}', post_processor='{"type":"BertProcessing","sep":["[SEP]",3],"cls":["[CLS]",2]}',
         decoder='{"type":"WordPiece","prefix":"##","cleanup":true}', model=json.dumps(WP))
ORDER = ['truncation', 'padding', 'added_tokens', 'normalizer', 'pre_tokenizer', 'post_processor', 'decoder', 'model']
def doc(**over):
    c = dict(C); c.update(over)
    return '{"version":"1.0",' + ','.join('"%s":%s' % (k, c[k]) for k in ORDER) + '}'
TPL = '{"type":"TemplateProcessing","single":[{"SpecialToken":{"id":"[CLS]","type_id":0}},{"Sequence":{"id":"A","type_id":0}}],"pair":[{"Sequence":{"id":"A","type_id":0}},{"SpecialToken":{"id":"[SEP]","type_id":1}},{"Sequence":{"id":"B","type_id":1}}],"special_tokens":%s}'
SPECIAL = '{"[CLS]":{"id":"[CLS]","ids":[2],"tokens":["[CLS]"]},"[SEP]":{"id":"[SEP]","ids":[3],"tokens":["[SEP]"]}}'
AT = lambda i, c, extra='': '{"id":%d,"content":"%s",%s"single_word":false,"lstrip":false,"rstrip":false,"normalized":false,"special":true}' % (i, c, extra)
cases = {
 # --- accepted: the top level reads every occurrence, the last counts
 'dup-top-components': dict(normalizer='{"type":"NFC"},"normalizer":{"type":"Lowercase"}',
     pre_tokenizer='{"type":"Whitespace"},"pre_tokenizer":{"type":"WhitespaceSplit"}',
     decoder='{"type":"Fuse"},"decoder":{"type":"WordPiece","prefix":"##","cleanup":false}',
     post_processor='null,"post_processor":{"type":"BertProcessing","sep":["[SEP]",3],"cls":["[CLS]",2]}'),
 'dup-top-model': dict(model=json.dumps(WP) + ',"model":' + json.dumps(WL)),
 'dup-top-added-tokens': dict(added_tokens='[' + AT(42, "HELLO") + '],"added_tokens":' + ADDED),
 'dup-top-padding': dict(padding='{"strategy":{"Fixed":12},"direction":"Left","pad_to_multiple_of":null,"pad_id":0,"pad_type_id":0,"pad_token":"[PAD]"},"padding":{"strategy":{"Fixed":9},"direction":"Right","pad_to_multiple_of":null,"pad_id":4,"pad_type_id":1,"pad_token":"[MASK]"}',
     truncation='{"max_length":3,"strategy":"LongestFirst","stride":0,"direction":"Left"},"truncation":{"max_length":8,"strategy":"LongestFirst","stride":0,"direction":"Right"}'),
 'dup-top-version-null': dict(truncation='{"max_length":3,"strategy":"LongestFirst","stride":0},"truncation":null,"version":"1.0"', normalizer='{"type":"Lowercase"},"normalizer":null'),
 # --- accepted: unknown keys of strict structs
 'dup-unknown-keys': dict(added_tokens='[' + AT(0, "[PAD]", '"extra":1,"extra":2,') + ']',
     truncation='{"max_length":5,"strategy":"LongestFirst","stride":0,"x":1,"x":[]}',
     post_processor='{"type":"BertProcessing","type":"Other","foo":1,"foo":2,"sep":["[SEP]",3],"cls":["[CLS]",2]}'),
 # --- accepted: normalizers, read through serde_json::Value (last wins)
 'dup-norm-fields': dict(normalizer='{"type":"Sequence","normalizers":[{"type":"NFD"}],"normalizers":[{"type":"Bert","clean_text":true,"handle_chinese_chars":true,"strip_accents":null,"lowercase":false,"lowercase":true},{"type":"Replace","pattern":{"String":"hello","String":"world"},"content":"x","content":"ab"}]}'),
 'dup-norm-type-outer': dict(normalizer='{"type":"Lowercase","type":"Lowercase","strip_left":true,"strip_right":true}'),
 'dup-norm-type-nested': dict(normalizer='{"type":"Sequence","normalizers":[{"type":"Lowercase","type":"Lowercase","strip_left":true,"strip_right":true}]}'),
 'dup-norm-type-last': dict(normalizer='{"type":"NFC","type":"Lowercase"}'),
 'dup-norm-type-map': dict(normalizer='{"type":{"Lowercase":null,"Lowercase":null},"prepend":"x"}'),
 'dup-norm-legacy-seq': dict(normalizer='{"normalizers":[{"type":"Lowercase"}],"normalizers":[]}'),
 # --- accepted: pre-tokenizers
 'dup-pretok-fields': dict(pre_tokenizer='{"type":"Sequence","pretokenizers":[{"type":"Whitespace"}],"pretokenizers":[{"type":"Digits","individual_digits":true,"individual_digits":false},{"type":"Whitespace","type":"WhitespaceSplit"}]}'),
 'dup-pretok-split': dict(pre_tokenizer='{"type":"Split","type":"Split","pattern":{"String":"l","String":" "},"behavior":{"Isolated":null,"Isolated":null},"invert":true,"invert":false}'),
 # --- accepted: decoders
 'dup-dec-type-outer': dict(decoder='{"type":"WordPiece","type":"Strip","prefix":"##","cleanup":false,"content":"h","start":1,"stop":0}'),
 'dup-dec-type-nested': dict(decoder='{"type":"Sequence","decoders":[{"type":"WordPiece","type":"Strip","prefix":"##","cleanup":false,"content":"h","start":1,"stop":0}]}'),
 'dup-dec-type-map': dict(decoder='{"type":{"ByteLevel":null,"ByteLevel":null},"add_prefix_space":true,"trim_offsets":true}'),
 'dup-dec-fields': dict(decoder='{"type":"Replace","pattern":{"String":"##","String":"l"},"content":"L","content":"_"}'),
 # --- accepted: models
 'dup-model-fields': dict(model=json.dumps(WP).replace('"unk_token": "[UNK]"', '"unk_token": "x", "unk_token": "[UNK]"').replace('"max_input_chars_per_word": 100', '"max_input_chars_per_word": 100, "max_input_chars_per_word": 4, "continuing_subword_prefix": "#", "continuing_subword_prefix": "##"')),
 'dup-model-vocab': dict(model=json.dumps(WL).replace('"hello": 5', '"hello": 5, "hello": 80, "hello": 90').replace('"vocab":', '"vocab": {"x": 1}, "vocab":')),
 'dup-model-legacy': dict(model=json.dumps(WP).replace('"type": "WordPiece", ', '').replace('"unk_token": "[UNK]"', '"unk_token": "x", "unk_token": "[UNK]"')),
 # --- accepted: post-processors (strict structs: dups of unknown fields only)
 'dup-proc-roberta-as-bert': dict(post_processor='{"type":"RobertaProcessing","sep":["[SEP]",3],"cls":["[CLS]",2],"trim_offsets":true,"trim_offsets":true,"add_prefix_space":false}'),
 'dup-proc-template-special': dict(post_processor=TPL % '{"[CLS]":{"id":"[CLS]","ids":[2],"tokens":["[CLS]"]},"[SEP]":{"id":"[SEP]","ids":[3],"tokens":["[SEP]"]},"[CLS]":{"id":"[CLS]","ids":[4,0],"tokens":["[MASK]","[PAD]"]}}'),
 # --- refused
 'dup-refused-added-content': dict(added_tokens='[' + AT(0, "[PAD]").replace('"content":"[PAD]"', '"content":"[PAD]","content":"[PAD]"') + ']'),
 'dup-refused-added-id': dict(added_tokens='[' + AT(0, "[PAD]").replace('"id":0', '"id":0,"id":0') + ']'),
 'dup-refused-added-first': dict(added_tokens='[{"id":0}],"added_tokens":' + ADDED),
 'dup-refused-trunc-field': dict(truncation='{"max_length":5,"max_length":6,"strategy":"LongestFirst","stride":0}'),
 'dup-refused-trunc-direction-map': dict(truncation='{"max_length":5,"strategy":"LongestFirst","stride":0,"direction":{"Left":null,"Left":null}}'),
 'dup-refused-trunc-first': dict(truncation='{"max_length":5},"truncation":null'),
 'dup-refused-pad-field': dict(padding='{"strategy":"BatchLongest","direction":"Left","pad_to_multiple_of":null,"pad_id":0,"pad_id":4,"pad_type_id":0,"pad_token":"[PAD]"}'),
 'dup-refused-pad-strategy-map': dict(padding='{"strategy":{"Fixed":7,"Fixed":9},"direction":"Left","pad_to_multiple_of":null,"pad_id":0,"pad_type_id":0,"pad_token":"[PAD]"}'),
 'dup-refused-version': dict(truncation='null,"version":"2.0"'),
 'dup-refused-top-normalizer-first': dict(normalizer='{"type":"Foo"},"normalizer":null'),
 'dup-refused-top-model-first': dict(model='{"type":"WordLevel","vocab":{},"unk_token":5},"model":' + json.dumps(WL)),
 'dup-refused-top-unknown': dict(truncation='null,"comment":"a","comment":"b"'),
 'dup-refused-norm-type-last': dict(normalizer='{"type":"Lowercase","type":"Foo"}'),
 'dup-refused-norm-precompiled': dict(normalizer='{"type":"Precompiled","type":"Precompiled","precompiled_charsmap":""}'),
 'dup-refused-dec-type-map': dict(decoder='{"type":{"Fuse":null,"Fuse":null}}'),
 'dup-refused-model-type': dict(model=json.dumps(WL).replace('"type": "WordLevel"', '"type": "WordLevel", "type": "WordLevel"')),
 'dup-refused-model-type-map': dict(model=json.dumps(WL).replace('"type": "WordLevel"', '"type": {"WordLevel": null, "WordLevel": null}')),
 'dup-refused-proc-bert-field': dict(post_processor='{"type":"BertProcessing","sep":["[SEP]",3],"cls":["[CLS]",2],"cls":["[CLS]",2]}'),
 'dup-refused-proc-bytelevel-type': dict(post_processor='{"type":"ByteLevel","type":"ByteLevel","add_prefix_space":true,"trim_offsets":true}'),
 'dup-refused-proc-sequence-field': dict(post_processor='{"type":"Sequence","processors":[],"processors":[]}'),
 'dup-refused-proc-template-piece': dict(post_processor=(TPL % SPECIAL).replace('{"Sequence":{"id":"A","type_id":0}}]', '{"Sequence":{"id":"A","type_id":0},"Sequence":{"id":"A","type_id":0}}]', 1)),
 'dup-refused-proc-template-piece-field': dict(post_processor=(TPL % SPECIAL).replace('{"Sequence":{"id":"A","type_id":0}}]', '{"Sequence":{"id":"A","type_id":0,"type_id":0}}]', 1)),
 'dup-refused-proc-template-seq-id': dict(post_processor=(TPL % SPECIAL).replace('{"Sequence":{"id":"A","type_id":0}}]', '{"Sequence":{"id":{"A":null,"A":null},"type_id":0}}]', 1)),
 'dup-refused-proc-template-special-field': dict(post_processor=TPL % '{"[CLS]":{"id":"[CLS]","ids":[2],"ids":[2],"tokens":["[CLS]"]},"[SEP]":{"id":"[SEP]","ids":[3],"tokens":["[SEP]"]}}'),
 'dup-refused-proc-template-special-first': dict(post_processor=TPL % '{"[CLS]":{"id":"[CLS]","ids":[2]},"[SEP]":{"id":"[SEP]","ids":[3],"tokens":["[SEP]"]},"[CLS]":{"id":"[CLS]","ids":[2],"tokens":["[CLS]"]}}'),
 'dup-refused-proc-template-field': dict(post_processor=(TPL % SPECIAL).replace('"special_tokens":', '"single":[],"special_tokens":')),
 # --- not duplicates, but found on the way
 'top-refused-unknown-key': dict(truncation='null,"comment":"made by hand"'),
 'top-refused-added-null': dict(added_tokens='null'),
 'top-enum-map-forms': dict(truncation='{"max_length":9,"strategy":{"OnlyFirst":null},"stride":0,"direction":{"Left":null}}',
     padding='{"strategy":{"BatchLongest":null},"direction":{"Left":null},"pad_to_multiple_of":4,"pad_id":0,"pad_type_id":0,"pad_token":"[PAD]"}',
     model=json.dumps(WL).replace('"type": "WordLevel"', '"type": {"WordLevel": null}')),
}
inputs = [{"text": "Hello world HELLO 12 34", "pair": "A B ab AB x X the plays"},
          {"text": "hello world, hello!", "add_special_tokens": False},
          {"text": "the playing hello", "pair": "hello"},
          {"text": "  Hello  "},
          {"ids": [2, 5, 6, 3, 0, 11, 12, 24, 40, 61, 80, 90]}]
stdin = ''.join(json.dumps(x, ensure_ascii=False) + '\n' for x in inputs)
env = dict(os.environ, REF=os.environ.get('REF', '/work/ref'))
for name, over in cases.items():
    path = os.path.join(out, name + '.json')
    open(path, 'w').write(doc(**over) + '\n')
    res = subprocess.run(['node', os.path.join(ROOT, 'internal', 'tools', 'mkgolden.js'), path],
                         input=stdin.encode(), capture_output=True, env=env, check=True)
    open(os.path.join(out, name + '.jsonl'), 'wb').write(res.stdout)
print(len(cases), 'files')
