#!/usr/bin/env node
// gen_synthetic.js writes the WordPiece/WordLevel end-to-end cases
// testdata/synthetic/wp-*.json (hand-made tokenizer.json files) and their
// expected output wp-*.jsonl, which internal/tools/mkgolden.js takes from
// the reference.
//
// Usage (from the repository root):
//   REF=/work/ref node wordpiece/testdata/gen_synthetic.js /work/shared
'use strict'
const path = require('path')
const fs = require('fs')
const { execFileSync } = require('child_process')

const root = path.join(__dirname, '..', '..')
const outDir = path.join(root, 'testdata', 'synthetic')
const shared = process.argv[2] || '/work/shared'
const ref = process.env.REF || '/work/ref'

const tokenizer = (fields) => Object.assign({
  version: '1.0', truncation: null, padding: null, added_tokens: [], normalizer: null,
  pre_tokenizer: null, post_processor: null, decoder: null,
}, fields)
const ids = (list, first = 0) => Object.fromEntries(list.map((t, i) => [t, first + i]))
const special = (content, id) => ({ id, content, single_word: false, lstrip: false, rstrip: false, normalized: false, special: true })

const letters = 'abcdefghijklmnopqrstuvwxyz'.split('')
const digits = '0123456789'.split('')
const punct = '.,!?;:\'"()-'.split('')
const words = ['the', 'and', 'to', 'of', 'in', 'is', 'it', 'that', 'was', 'he', 'for', 'on', 'are', 'with', 'as', 'his',
  'they', 'be', 'at', 'one', 'have', 'this', 'from', 'hello', 'world', 'token', 'un', 'do', 'go', 'new', 'play', 'read',
  'think', 'work', 'day', 'time', 'man', 'said', 'she', 'her', 'you', 'not', 'but', 'what', 'all', 'were', 'we', 'when']
const suffixes = ['ing', 'ed', 'er', 'ers', 'able', 'izer', 'ly', 'ness', 'tion', 's', 'es', 'est', 'ful', 'less', 'ment', 'ize', 'en', 'al', 'th', 'ch', 're', 'st']
const nonAscii = ['é', 'è', 'ü', 'ö', 'ß', 'ñ', 'ç', 'α', 'β', 'ω', 'д', 'я', '日', '本', '語', 'の', '中', '文', '한', '국']

// wpVocab is a small WordPiece vocabulary with continuation prefix p.
function wpVocab(p, unk) {
  const cont = (l) => l.map((x) => p + x)
  const list = [].concat(unk ? [unk] : [], letters, cont(letters), digits, cont(digits), punct, cont(punct), words,
    cont(suffixes), nonAscii, cont(nonAscii), cont(['the', 'and', 'ow']))
  return ids([...new Set(list)])
}

// Inputs: hand-made lines, then a sample of the corpus edge cases and of
// its other lines.
function inputs() {
  const own = [
    'Hello world!', 'hello   world', 'unaffable tokenizers', 'The playing players played playfully.',
    'readable rereadable unreadableness', 'abcdefghij', 'abcdefgh', 'abcdefghi', 'a', '', ' ', '  leading and trailing  ',
    'héllo wörld façade naïve', 'HELLO World', 'Straße', 'αβω δя', '日本語のテキスト', '中文 한국어', 'emoji 😀 here 🎉🎉',
    'e\u0301 combining', 'x'.repeat(99), 'y'.repeat(100), 'z'.repeat(101), 'é'.repeat(101), 'numbers 123 4567 89.5',
    "don't stop-believing (now)", 'tab\there\nnewline', '\u200bzero\u200dwidth', 'word##piece ##hash', 'the@@at @@ sign',
    'mixedCASE thethethe andand', 'qqqq xyzzy', '▁metaspace▁thing',
  ].map((text) => ({ text }))
  const corpus = fs.readFileSync(path.join(shared, 'corpus', 'lines.jsonl'), 'utf8').split('\n').filter((l) => l.trim())
    .map((l) => JSON.parse(l))
  const short = (r) => [...r.text].length <= 300
  const edge = corpus.slice(0, 518).filter((r, i) => i % 6 === 0 && short(r)).map((r) => ({ text: r.text }))
  const other = corpus.slice(518).filter(short).filter((_, i) => i % 80 === 0).map((r) => ({ text: r.text }))
  const pairs = [
    { text: 'hello world', pair: 'the token' }, { text: 'unaffable', pair: 'xyzzy qqqq' },
    { text: 'Hello world!', add_special_tokens: false },
  ]
  const decode = [{ ids: [0, 1, 2, 3, 4, 5] }, { ids: [30, 40, 50, 60, 70, 80, 90, 100, 110, 120] }, { ids: [5, 99999, 6] }, { ids: [] }]
  return own.concat(edge, other, pairs, decode)
}

const cases = {
  // A custom prefix, a small word limit, a multi-character unknown token,
  // a WordPiece decoder with the same prefix.
  'wp-custom-prefix': tokenizer({
    added_tokens: [special('<unk>', 0)],
    normalizer: { type: 'Lowercase' },
    pre_tokenizer: { type: 'Whitespace' },
    decoder: { type: 'WordPiece', prefix: '@@', cleanup: true },
    model: { type: 'WordPiece', unk_token: '<unk>', continuing_subword_prefix: '@@', max_input_chars_per_word: 8, vocab: wpVocab('@@', '<unk>') },
  }),
  // BERT-like pipeline with a cut BERT vocabulary and max 4 characters.
  'wp-small-max': (() => {
    const bert = JSON.parse(fs.readFileSync(path.join(shared, 'tokenizers', 'bert-base-uncased', 'tokenizer.json'), 'utf8'))
    const vocab = Object.fromEntries(Object.entries(bert.model.vocab).filter(([, id]) => id < 2500))
    return tokenizer({
      added_tokens: bert.added_tokens,
      normalizer: bert.normalizer,
      pre_tokenizer: bert.pre_tokenizer,
      post_processor: bert.post_processor,
      decoder: bert.decoder,
      model: { type: 'WordPiece', unk_token: '[UNK]', continuing_subword_prefix: '##', max_input_chars_per_word: 4, vocab },
    })
  })(),
  // An empty prefix: continuing pieces are ordinary tokens.
  'wp-empty-prefix': tokenizer({
    pre_tokenizer: { type: 'WhitespaceSplit' },
    model: { type: 'WordPiece', unk_token: '[UNK]', continuing_subword_prefix: '', max_input_chars_per_word: 100,
      vocab: ids(['[UNK]', ...letters, ...digits, ...punct, 'th', 'he', 'the', 'll', 'hell', 'hello', 'wor', 'ld', 'in', 'ing', ...nonAscii]) },
  }),
  // A multi-byte prefix, and no pre-tokenizer: the whole text is one word.
  'wp-nopretok': tokenizer({
    model: { type: 'WordPiece', unk_token: '[UNK]', continuing_subword_prefix: '▁', max_input_chars_per_word: 30,
      vocab: wpVocab('▁', '[UNK]') },
  }),
  // The unknown token is not in the vocabulary: unknown words fail.
  'wp-no-unk': tokenizer({
    pre_tokenizer: { type: 'Whitespace' },
    model: { type: 'WordPiece', unk_token: '[UNK]', continuing_subword_prefix: '##', max_input_chars_per_word: 100, vocab: wpVocab('##', null) },
  }),
  // Legacy model without "type": inferred as WordPiece.
  'wp-legacy': tokenizer({
    normalizer: { type: 'BertNormalizer', clean_text: true, handle_chinese_chars: true, strip_accents: null, lowercase: true },
    pre_tokenizer: { type: 'BertPreTokenizer' },
    decoder: { type: 'WordPiece', prefix: '##', cleanup: false },
    model: { unk_token: '[UNK]', continuing_subword_prefix: '##', max_input_chars_per_word: 100, unused_field: [1, 2], vocab: wpVocab('##', '[UNK]') },
  }),
  'wp-wordlevel': tokenizer({
    added_tokens: [special('[UNK]', 0)],
    normalizer: { type: 'Lowercase' },
    pre_tokenizer: { type: 'Whitespace' },
    model: { type: 'WordLevel', unk_token: '[UNK]', vocab: ids(['[UNK]', ...words, ...punct, ...letters, ...nonAscii, 'héllo', 'straße', '😀']) },
  }),
  // No unknown token in the vocabulary: unknown words fail.
  'wp-wordlevel-no-unk': tokenizer({
    pre_tokenizer: { type: 'WhitespaceSplit' },
    model: { type: 'WordLevel', unk_token: '<unk>', vocab: ids([...words, 'Hello', 'world!']) },
  }),
  // Legacy model without "type" whose WordPiece fields are incomplete:
  // inferred as WordLevel. No pre-tokenizer: the whole text is one word.
  'wp-wordlevel-legacy': tokenizer({
    model: { unk_token: '<unk>', continuing_subword_prefix: '##', vocab: ids(['<unk>', 'hello world', 'Hello world!', 'a', ' ', '']) },
  }),
}

// Files the reference refuses to load.
const bad = {
  'wp-bad-missing-max': '{"version":"1.0","truncation":null,"padding":null,"added_tokens":[],"normalizer":null,"pre_tokenizer":null,"post_processor":null,"decoder":null,"model":{"type":"WordPiece","unk_token":"[UNK]","continuing_subword_prefix":"##","vocab":{"[UNK]":0,"a":1}}}',
  'wp-bad-float-id': '{"version":"1.0","truncation":null,"padding":null,"added_tokens":[],"normalizer":null,"pre_tokenizer":null,"post_processor":null,"decoder":null,"model":{"type":"WordLevel","unk_token":"[UNK]","vocab":{"[UNK]":0,"a":1.0}}}',
  'wp-bad-legacy': '{"version":"1.0","truncation":null,"padding":null,"added_tokens":[],"normalizer":null,"pre_tokenizer":null,"post_processor":null,"decoder":null,"model":{"continuing_subword_prefix":"##","max_input_chars_per_word":100,"vocab":{"[UNK]":0,"a":1}}}',
}

const lines = inputs().map((r) => JSON.stringify(r)).join('\n') + '\n'
const mkgolden = path.join(root, 'internal', 'tools', 'mkgolden.js')
const run = (name) => {
  const file = path.join(outDir, name + '.json')
  const out = execFileSync('node', [mkgolden, file], { input: lines, env: Object.assign({}, process.env, { REF: ref }), maxBuffer: 1 << 28 })
  fs.writeFileSync(path.join(outDir, name + '.jsonl'), out)
}
for (const [name, tok] of Object.entries(cases)) {
  fs.writeFileSync(path.join(outDir, name + '.json'), JSON.stringify(tok) + '\n')
  run(name)
}
for (const [name, text] of Object.entries(bad)) {
  fs.writeFileSync(path.join(outDir, name + '.json'), text + '\n')
  run(name)
}
