#!/usr/bin/env node
// Writes ../../testdata/synthetic/wp-fast-*.json, tokenizers of the shapes
// the WordPiece fast path takes (BertNormalizer or none; BertPreTokenizer,
// Whitespace or WhitespaceSplit; WordPiece, WordLevel or BPE), with
// normalized added tokens and characters that canonical reordering moves,
// and, through internal/tools/mkgolden.js, the reference's output on random
// texts made of every kind of character the fast path tells apart.
//   REF=/work/ref node wp-fast-gen.js   (run from tokenizer/testdata)
'use strict'
const fs = require('fs')
const os = require('os')
const path = require('path')
const { execFileSync } = require('child_process')

const out = path.join(__dirname, '..', '..', 'testdata', 'synthetic')
const mkgolden = path.join(__dirname, '..', '..', 'internal', 'tools', 'mkgolden.js')

function vocab(prefix, unk) {
  const v = {}
  const add = (s) => { if (!(s in v)) v[s] = Object.keys(v).length }
  if (unk) add('[UNK]')
  for (let c = 0x21; c < 0x7f; c++) {
    add(String.fromCharCode(c))
    add(prefix + String.fromCharCode(c))
  }
  for (const w of ['hello', 'world', 'the', 'un', 'able', 'hel', 'wor', 'ld', 'ing', 'é', 'e\u0301', 'ü', 'ß', 'ı', 'i\u0307', '中', '文', '가',
    'ᄀ', 'ᅡ', 'ᆨ', 'ﬁ', 'Ω', 'ω', 'д', 'Д', '·', '\u0301', '😀', 'a\u0345', '\u{1d165}', '\u{1d165}\u{1d16d}', '\u{1d16d}\u{1d165}']) {
    add(w)
    add(prefix + w)
  }
  for (const w of ['ll', 'llo', 'able']) add(prefix + w)
  return v
}

const wordPiece = (prefix, unk, max) => ({ type: 'WordPiece', unk_token: '[UNK]', continuing_subword_prefix: prefix, max_input_chars_per_word: max, vocab: vocab(prefix, unk) })
const wordLevel = (unk) => ({ type: 'WordLevel', unk_token: '[UNK]', vocab: vocab('##', unk) })
function bpe() {
  const v = vocab('##', true)
  const merges = [['h', 'e'], ['l', 'l'], ['he', 'll'], ['hell', 'o'], ['w', 'o'], ['wo', 'r'], ['e', '\u0301']]
  for (const [a, b] of merges) if (!(a + b in v)) v[a + b] = Object.keys(v).length
  return { type: 'BPE', dropout: null, unk_token: '[UNK]', continuing_subword_prefix: null, end_of_word_suffix: null, fuse_unk: true, byte_fallback: false, ignore_merges: false, vocab: v, merges }
}
const bert = (clean, chinese, strip, lower) => ({ type: 'BertNormalizer', clean_text: clean, handle_chinese_chars: chinese, strip_accents: strip, lowercase: lower })
const added = (id, content, o = {}) => ({ id, content, single_word: false, lstrip: false, rstrip: false, normalized: false, special: false, ...o })
const special = [added(0, '[CLS]', { special: true }), added(1, '[UNK]', { special: true })]
const normalizedAdded = special.concat([
  added(2, 'hello world', { normalized: true }),
  added(3, 'Éa', { normalized: true, lstrip: true, rstrip: true }),
  added(4, '中', { normalized: true, single_word: true }),
  added(5, 'xy', { normalized: true, single_word: true }),
])

const cases = {
  'wp-fast-bert-normadded': { normalizer: bert(true, true, null, true), pre: { type: 'BertPreTokenizer' }, model: wordPiece('##', true, 100), added: normalizedAdded },
  'wp-fast-bert-cased-max8': { normalizer: bert(true, true, null, false), pre: { type: 'BertPreTokenizer' }, model: wordPiece('##', true, 8), added: special },
  'wp-fast-bert-strip-nounk': { normalizer: bert(false, false, true, false), pre: { type: 'BertPreTokenizer' }, model: wordPiece('', false, 100), added: special },
  'wp-fast-nonorm-bert': { normalizer: null, pre: { type: 'BertPreTokenizer' }, model: wordPiece('##', true, 100), added: special },
  'wp-fast-whitespace-wordlevel': { normalizer: bert(true, true, true, false), pre: { type: 'Whitespace' }, model: wordLevel(true), added: normalizedAdded },
  'wp-fast-whitespacesplit-bpe': { normalizer: bert(true, false, null, true), pre: { type: 'WhitespaceSplit' }, model: bpe(), added: special },
}

const alphabet = [
  'a', 'b', 'e', 'h', 'l', 'o', 'w', 'r', 'd', 'x', 'y', 'Z', 'H', 'E', 'L', '0', '9',
  'hello', 'world', 'Hello', 'WORLD', 'the', 'unable', 'helloworld', 'hel', 'ing',
  ' ', ' ', ' ', '  ', '\t', '\n', '\r', '\v', '\f', '\u00a0', '\u2003', '\u3000', '\u2028', '\u0085', '\u1680',
  '\x00', '\x01', '\x1f', '\x7f', '\u200b', '\u200d', '\ufeff', '\u00ad', '\ue000', '\u{e0001}', '\u{f0000}',
  '.', ',', '!', '?', "'", '"', '#', '##', '$', '-', '_', '[', ']', '`', '~', '^', '|', '\\', '¿', '«', '»', '—', '“', '”', '·', '\u0387', '\u037e', '、', '。', '！',
  '\u0301', '\u0316', '\u0345', '\u0308', '\u0f73', '\u0f71', '\u{1d165}', '\u{1d16d}', '\u302e', '\u0e49', '\u093c', '\u0903',
  'é', 'É', 'e\u0301', 'ü', 'ß', 'ẞ', 'İ', 'ı', 'ǅ', 'ﬁ', 'Å', 'Å', 'ᾂ', 'Ω', 'ω', 'Д', 'д', '\u0929', '\u0958',
  '中', '文', '\uf900', '\u{20000}', '\u{2b820}', '가', '각', '\u1100\u1161\u11a8', 'ア', 'が', '\u3099',
  '😀', '👍🏽', '🇫🇷', '\ufffd',
  '[CLS]', '[UNK]', '[cls]', 'hello world', 'Hello World', 'Éa', 'éa', 'ÉA', ' Éa ', 'xy', ' xy ', 'axy',
]

// A small deterministic generator (mulberry32).
let seed = 12345
function rand() {
  seed |= 0
  seed = (seed + 0x6d2b79f5) | 0
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'wp-fast-'))
for (const [name, c] of Object.entries(cases)) {
  const tj = {
    version: '1.0', truncation: null, padding: null, added_tokens: c.added,
    normalizer: c.normalizer, pre_tokenizer: c.pre, post_processor: null, decoder: null, model: c.model,
  }
  const file = path.join(out, name + '.json')
  fs.writeFileSync(file, JSON.stringify(tj))
  const lines = []
  for (let i = 0; i < 150; i++) {
    let s = ''
    const n = 1 + Math.floor(rand() * 24)
    for (let j = 0; j < n; j++) s += alphabet[Math.floor(rand() * alphabet.length)]
    lines.push(JSON.stringify({ text: s, add_special_tokens: false }))
  }
  lines.push(JSON.stringify({ text: 'a'.repeat(101) + ' ' + 'é'.repeat(9) + ' Hello, World!', add_special_tokens: false }))
  const inputs = path.join(tmp, name + '.in.jsonl')
  fs.writeFileSync(inputs, lines.join('\n') + '\n')
  const golden = execFileSync('node', [mkgolden, file], { input: fs.readFileSync(inputs), maxBuffer: 1 << 28 })
  fs.writeFileSync(path.join(out, name + '.jsonl'), golden)
}
fs.rmSync(tmp, { recursive: true })
