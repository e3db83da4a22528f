#!/usr/bin/env node
// synthetic.js writes the end-to-end cases of the Precompiled normalizer,
// testdata/synthetic/norm-precompiled-*.json with their expected output
// .jsonl, made by internal/tools/mkgolden.js. Each tokenizer has only a
// normalizer and a BPE model without merges whose vocabulary holds every
// character the reference's normalizer produces on the inputs: every
// normalized character becomes one token whose offsets are its alignment.
//
// There are no cases of charsmaps the reference refuses: it aborts the
// process on them (a panic in its deserialization) instead of returning an
// error; the tests of the tokenizer package check that we refuse them.
//
// Usage (from the repository root):
//
//	REF=/work/ref node normalizers/testdata/precompiled/synthetic.js /work/shared
'use strict'
const path = require('path')
const fs = require('fs')
const { execFileSync } = require('child_process')
const ref = process.env.REF || '/work/ref'
const t = require(path.join(ref, 'node_modules', 'tokenizers'))

const root = path.join(__dirname, '..', '..', '..')
const outDir = path.join(root, 'testdata', 'synthetic')
const mkgolden = path.join(root, 'internal', 'tools', 'mkgolden.js')
const shared = process.argv[2]

const t5 = JSON.parse(fs.readFileSync(path.join(shared, 'tokenizers', 't5-small', 'tokenizer.json'), 'utf8')).normalizer
const maps = JSON.parse(fs.readFileSync(path.join(__dirname, 'maps.json'), 'utf8'))
const pc = (name) => ({ type: 'Precompiled', precompiled_charsmap: maps[name] })

const inputs = [
  'Hello World', '  leading and trailing  ', '', ' ', 'a\tb\nc\r\nd', '\r\n\r\n', '\n', 'line\r\n',
  'Café crème brûlée', 'Cafe\u0301 cre\u0300me', 'e\u0301\u0316 a\u0316\u0301', 'ﬁ ① Ｈｅｌｌｏ ½ ™ ℃ ㎏',
  'ﬁ\u0301 ª\u0300 A\u0300 ａ\u0300', '가각힣 \u1100\u1161\u11a8', 'İstanbul ΣΑΣ ẞ', 'Ậ ǅ ẛ\u0323', '中文 mixed 日本語 한국어',
  '\u0000nul\ufffd \u200b zero\u00adwidth \ufeff', 'x\u0085y\u00a0z\u3000w', '😀 👍🏽 👨‍👩‍👧 ❤\ufe0f 🇫🇷🇩🇪',
  'Cụ thể, bạn sẽ…', 'ำน\u0e49ำ3ลำ', 'مرحبا بالعالم', 'Z\u0351\u036b\u0343\u036a\u0302A\u036b\u0357\u0334',
  '\x01abc', 'a\x01bc', 'ab\x01\x01c', '\x01\x02\x03', '①\x01', '\u3000\x01', '\u3000\u0301 x',
  'ｶﾞｷﾞｸﾞ ﾊﾟ', 'क्ष क्\u093cष हिन्दी', '\u0600a ©\u200d© ©\u200dx', 'xxabc yx yyx x y ww www q\u0301',
  'e\u0301\u0302 o\u0308 u\u0308 z\u0301 Q klmnop kl 中 가 é ü ñ ä',
]

function vocabFor(normalizer) {
  const tok = t.Tokenizer.fromString(JSON.stringify({
    version: '1.0', normalizer, model: { type: 'WordLevel', vocab: { '[UNK]': 0 }, unk_token: '[UNK]' },
  }))
  const vocab = { '[UNK]': 0 }
  for (const s of inputs) {
    for (const c of tok.getNormalizer().normalizeString(s)) {
      if (!(c in vocab)) vocab[c] = Object.keys(vocab).length
    }
  }
  return vocab
}

const cases = [
  ['norm-precompiled-t5', t5],
  ['norm-precompiled-crafted', pc('crafted')],
  ['norm-precompiled-removals', pc('removals')],
  // Precompiled after a normalizer that inserts a character aligned to
  // nothing, so that its transformation covers part of the text only.
  ['norm-precompiled-seq-prepend', { type: 'Sequence', normalizers: [{ type: 'Prepend', prepend: '▁' }, pc('removals'), { type: 'Replace', pattern: { String: ' ' }, content: '▁' }] }],
  ['norm-precompiled-seq-nfd', { type: 'Sequence', normalizers: [{ type: 'NFD' }, pc('crafted'), { type: 'Lowercase' }] }],
]

const inputFile = path.join(outDir, '.norm-precompiled-inputs.jsonl')
fs.writeFileSync(inputFile, inputs.map((s) => JSON.stringify({ text: s, add_special_tokens: false })).join('\n') + '\n')
for (const [name, normalizer] of cases) {
  const vocab = vocabFor(normalizer)
  const tok = {
    version: '1.0', truncation: null, padding: null, added_tokens: [],
    normalizer, pre_tokenizer: null, post_processor: null, decoder: null,
    model: { type: 'BPE', dropout: null, unk_token: '[UNK]', continuing_subword_prefix: null, end_of_word_suffix: null, fuse_unk: false, byte_fallback: false, ignore_merges: false, vocab, merges: [] },
  }
  const jsonFile = path.join(outDir, name + '.json')
  fs.writeFileSync(jsonFile, JSON.stringify(tok, null, 1) + '\n')
  const out = execFileSync('node', [mkgolden, jsonFile], { input: fs.readFileSync(inputFile), env: { ...process.env, REF: ref }, maxBuffer: 1 << 28 })
  fs.writeFileSync(path.join(outDir, name + '.jsonl'), out)
}
fs.unlinkSync(inputFile)
