#!/usr/bin/env node
// synthetic.js writes the end-to-end cases of the normalizers,
// testdata/synthetic/norm-*.json with their expected output .jsonl, made
// by internal/tools/mkgolden.js. Each tokenizer has only a normalizer and a
// BPE model without merges, whose vocabulary holds printable ASCII and a
// few other characters: every normalized character becomes one token (an
// unknown one, "[UNK]", when it is not in the vocabulary) whose offsets are
// the character's alignment.
//
// Usage (from the repository root): REF=/work/ref node normalizers/testdata/gen/synthetic.js
'use strict'
const path = require('path')
const fs = require('fs')
const { execFileSync } = require('child_process')

const root = path.join(__dirname, '..', '..', '..')
const outDir = path.join(root, 'testdata', 'synthetic')
const mkgolden = path.join(root, 'internal', 'tools', 'mkgolden.js')

const vocab = { '[UNK]': 0 }
for (let c = 0x20; c < 0x7f; c++) vocab[String.fromCharCode(c)] = Object.keys(vocab).length
for (const c of ['▁', 'Ġ', 'é', 'è', 'ü', 'ß', 'ı', '\u0301', '\u0308', '\u0307', '中', '文', 'ﬁ', '가', '\u1100', '\u1161', '\u11a8']) {
  vocab[c] = Object.keys(vocab).length
}

const core = [
  'Hello World', '  leading and trailing  ', '', ' ', 'a\tb\nc\r\nd',
  'Café crème brûlée', 'Cafe\u0301 cre\u0300me', 'e\u0301\u0316 a\u0316\u0301', 'ﬁ ① Ｈｅｌｌｏ ½',
  '가각힣 \u1100\u1161\u11a8', 'İstanbul ΣΑΣ ẞ', 'Ậ ǅ ẛ\u0323', '中文 mixed 日本語 한국어',
  '\u0000nul\ufffd \u200b zero\u00adwidth \ufeff', 'x\u0085y\u00a0z\u3000w', '😀 👍🏽 👨‍👩‍👧',
  'Cụ thể, bạn sẽ…', 'ำน\u0e49ำ3ลำ', 'مرحبا بالعالم', 'Z\u0351\u036b\u0343\u036a\u0302A\u036b\u0357\u0334',
]

const cases = [
  ['norm-bert-uncased', { type: 'BertNormalizer', clean_text: true, handle_chinese_chars: true, strip_accents: null, lowercase: true }],
  ['norm-bert-cased', { type: 'BertNormalizer', clean_text: true, handle_chinese_chars: true, strip_accents: null, lowercase: false }],
  ['norm-bert-strip-only', { type: 'Bert', clean_text: false, handle_chinese_chars: false, strip_accents: true, lowercase: false }],
  ['norm-bert-keep-accents', { type: 'Bert', clean_text: true, handle_chinese_chars: false, strip_accents: false, lowercase: true }],
  ['norm-nfc', { type: 'NFC' }],
  ['norm-nfd', { type: 'NFD' }],
  ['norm-nfkc', { type: 'NFKC' }],
  ['norm-nfkd', { type: 'NFKD' }],
  ['norm-lowercase', { type: 'Lowercase' }],
  ['norm-strip-accents', { type: 'Sequence', normalizers: [{ type: 'NFKD' }, { type: 'StripAccents' }, { type: 'Lowercase' }] }],
  ['norm-nmt-nfkc', { type: 'Sequence', normalizers: [{ type: 'Nmt' }, { type: 'NFKC' }] }],
  ['norm-strip', { type: 'Sequence', normalizers: [{ type: 'Strip', strip_left: true, strip_right: false }, { type: 'Strip', strip_left: false, strip_right: true }] }],
  ['norm-llama', { type: 'Sequence', normalizers: [{ type: 'Prepend', prepend: '▁' }, { type: 'Replace', pattern: { String: ' ' }, content: '▁' }] }],
  ['norm-replace', { type: 'Sequence', normalizers: [{ type: 'Replace', pattern: { Regex: ' {2,}' }, content: ' ' }, { type: 'Replace', pattern: { String: 'e' }, content: '' }, { type: 'Replace', pattern: { String: '' }, content: '|' }] }],
  ['norm-bytelevel', { type: 'ByteLevel' }],
  ['norm-legacy', { normalizers: [{ clean_text: true, handle_chinese_chars: true, lowercase: true }, { strip_left: true, strip_right: true }] }],
  ['norm-bad-bert-missing', { type: 'Bert', clean_text: true, lowercase: true }],
  ['norm-bad-unknown', { type: 'Sequence', normalizers: [{ type: 'NFC' }, { type: 'Unknown' }] }],
  ['norm-bad-replace', { type: 'Replace', pattern: { Regex: '(' }, content: '' }],
]

for (const [name, normalizer] of cases) {
  const tok = {
    version: '1.0', truncation: null, padding: null, added_tokens: [],
    normalizer, pre_tokenizer: null, post_processor: null, decoder: null,
    model: { type: 'BPE', dropout: null, unk_token: '[UNK]', continuing_subword_prefix: null, end_of_word_suffix: null, fuse_unk: false, byte_fallback: false, ignore_merges: false, vocab, merges: [] },
  }
  const file = path.join(outDir, name + '.json')
  fs.writeFileSync(file, JSON.stringify(tok) + '\n')
  const inputs = core.map((text) => JSON.stringify({ text, add_special_tokens: false })).join('\n') + '\n'
  const out = execFileSync('node', [mkgolden, file], { input: inputs, env: process.env })
  fs.writeFileSync(path.join(outDir, name + '.jsonl'), out)
}
