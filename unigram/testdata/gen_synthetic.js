#!/usr/bin/env node
// gen_synthetic.js writes the Unigram end-to-end cases
// testdata/synthetic/unigram-*.json (hand-made tokenizer.json files) and
// their expected output unigram-*.jsonl, which internal/tools/mkgolden.js
// takes from the reference.
//
// Usage (from the repository root):
//   REF=/work/ref node unigram/testdata/gen_synthetic.js /work/shared
'use strict'
const path = require('path')
const fs = require('fs')
const os = require('os')
const { execFileSync } = require('child_process')

const root = path.join(__dirname, '..', '..')
const outDir = path.join(root, 'testdata', 'synthetic')
const shared = process.argv[2] || '/work/shared'
const ref = process.env.REF || '/work/ref'
const { Tokenizer } = require(path.join(ref, 'node_modules', 'tokenizers'))

const tokenizer = (fields) => Object.assign({
  version: '1.0', truncation: null, padding: null, added_tokens: [], normalizer: null,
  pre_tokenizer: null, post_processor: null, decoder: null,
}, fields)
const special = (content, id) => ({ id, content, single_word: false, lstrip: false, rstrip: false, normalized: false, special: true })
const byteToken = (b) => '<0x' + b.toString(16).toUpperCase().padStart(2, '0') + '>'
const metaspace = (scheme, split) => ({ type: 'Metaspace', replacement: '▁', prepend_scheme: scheme, split })

const t5 = JSON.parse(fs.readFileSync(path.join(shared, 'tokenizers', 't5-small', 'tokenizer.json'), 'utf8'))
// The first pieces of T5 (the most likely), with the pieces made of dashes,
// whose sums tie within one unit in the last place on long runs of dashes.
const t5Vocab = t5.model.vocab.slice(0, 1500).concat(t5.model.vocab.filter(([p], i) => i >= 1500 && /^▁?-+$/.test(p)))
const t5Special = [special('<pad>', 0), special('</s>', 1), special('<unk>', 2)]
const t5Post = {
  type: 'TemplateProcessing',
  single: [{ Sequence: { id: 'A', type_id: 0 } }, { SpecialToken: { id: '</s>', type_id: 0 } }],
  pair: [{ Sequence: { id: 'A', type_id: 0 } }, { SpecialToken: { id: '</s>', type_id: 0 } },
    { Sequence: { id: 'B', type_id: 0 } }, { SpecialToken: { id: '</s>', type_id: 0 } }],
  special_tokens: { '</s>': { id: '</s>', ids: [1], tokens: ['</s>'] } },
}

// Inputs: hand-made lines, then a sample of the corpus edge cases and of
// its other lines.
function inputs(small) {
  const own = [
    'Hello world!', 'hello   world', 'The quick brown fox jumps over the lazy dog.', 'a', '', ' ', '  leading and trailing  ',
    'héllo wörld façade naïve', 'Straße', 'αβω δя', '日本語のテキスト', '中文 한국어', 'emoji 😀 here 🎉🎉', '😀😀😀',
    'e\u0301 combining', 'x'.repeat(300), '-'.repeat(421), '-- --- ---- -----', 'numbers 123 4567 89.5',
    "don't stop-believing (now)", 'tab\there\nnewline', '\u200bzero\u200dwidth', '▁metaspace▁thing ▁ ▁▁',
    '<unk> <pad> </s> x<unk>y', 'abc' + '東京'.repeat(40), 'ab', 'abab aab', '\u0000\u0001 control', '\uFFFD',
    'Ünïcödé ÀÉÎÕÜ ǅ ﬁ', '🏳️‍🌈 👨‍👩‍👧', 'a😀b😀c', 'xyz東京', 'ABC abc', 'cd', 'abcd cdab', 'ab cd ab',
  ].map((text) => ({ text }))
  const corpus = fs.readFileSync(path.join(shared, 'corpus', 'lines.jsonl'), 'utf8').split('\n').filter((l) => l.trim())
    .map((l) => JSON.parse(l))
  const short = (r) => [...r.text].length <= 300
  const edge = corpus.slice(0, 518).filter((r, i) => i % 6 === 0 && short(r)).map((r) => ({ text: r.text }))
  const other = corpus.slice(518).filter(short).filter((_, i) => i % 80 === 0).map((r) => ({ text: r.text }))
  const pairs = [
    { text: 'hello world', pair: 'the token' }, { text: 'unaffable 😀', pair: 'xyzzy qqqq' },
    { text: 'Hello world!', add_special_tokens: false }, { text: '日本', pair: '' },
  ]
  const decode = [{ ids: [0, 1, 2, 3, 4, 5] }, { ids: [30, 40, 50, 60, 70, 80, 90, 100, 110, 120] }, { ids: [5, 99999, 6] },
    { ids: [] }, { ids: [2, 2, 3, 2] }, { ids: [1500, 1501, 1502, 1503] }]
  return small ? own.concat(pairs, decode) : own.concat(edge, other, pairs, decode)
}

// rawNumber makes JSON.stringify write text as a number, verbatim (see
// stringify).
const rawNumber = (text) => '@@number:' + text + '@@'
const stringify = (v) => JSON.stringify(v).replace(/"@@number:([^@"]*)@@"/g, '$1')

// A tie decided by how the reference reads decimal scores. Its JSON parser
// reads "-2.0122928619384766" as -2.012292861938477 (one unit in the last
// place lower than the nearest double); the scores of "a" and "b" are
// chosen so that their sum is exactly the nearest double: a correctly
// rounding reader sees a tie between "ab" and "a"+"b" ("ab", found first,
// wins), the reference sees "a"+"b" win. The second triple goes the other
// way ("0.18446744073709551616" is read one unit higher, and "c"+"d" sum
// to that: the reference sees a tie that "cd" wins, a correctly rounding
// reader sees "c"+"d" win).
function floatTieVocab() {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'unigram-'))
  const held = (texts) => {
    const vocab = texts.map((t, i) => `["p${i}",${t}]`).join(',')
    const tok = Tokenizer.fromString(`{"model":{"type":"Unigram","vocab":[${vocab}]}}`)
    const file = path.join(tmp, 'saved.json')
    tok.save(file, false)
    return JSON.parse(fs.readFileSync(file, 'utf8')).model.vocab.map((e) => e[1])
  }
  const out = [['<unk>', 0]]
  for (const [text, pre] of [['-2.0122928619384766', 'a'], ['0.18446744073709551616', 'c']]) {
    // The pair sums to the larger of the two readings: with the smaller
    // one, the whole piece loses; with the larger, it ties and wins.
    const target = Math.max(Number(text), held([text])[0])
    if (target === Math.min(Number(text), held([text])[0])) throw new Error(text + ' is read exactly')
    let found = false
    for (const y of [-1, -0.5, -0.25, -1.5, -0.75, -2, -3, -0.125]) {
      const z = target - y
      if (y + z !== target) continue
      const [, hy, hz] = held([text, String(y), String(z)])
      if (hy !== y || hz !== z) continue
      const second = String.fromCharCode(pre.charCodeAt(0) + 1)
      out.push([pre + second, rawNumber(text)], [pre, y], [second, z])
      found = true
      break
    }
    if (!found) throw new Error('no tie found for ' + text)
  }
  fs.rmSync(tmp, { recursive: true })
  return out
}

const floatTie = floatTieVocab()

const cases = {
  // T5's pipeline without its normalizer, on a part of its vocabulary.
  'unigram-t5-metaspace': tokenizer({
    added_tokens: t5Special,
    pre_tokenizer: { type: 'Sequence', pretokenizers: [{ type: 'WhitespaceSplit' }, metaspace('always', true)] },
    post_processor: t5Post,
    decoder: metaspace('always', true),
    model: { type: 'Unigram', unk_id: 2, vocab: t5Vocab, byte_fallback: false },
  }),
  // The same without "type" (inferred as Unigram), Metaspace alone with
  // prepend_scheme "first" and no split: a text is one word.
  'unigram-legacy-first-nosplit': tokenizer({
    added_tokens: t5Special,
    pre_tokenizer: metaspace('first', false),
    decoder: metaspace('first', false),
    model: { unk_id: 2, vocab: t5Vocab.slice(0, 600) },
  }),
  // Byte fallback with all 256 byte pieces, scored low.
  'unigram-byte-fallback': tokenizer({
    added_tokens: t5Special,
    pre_tokenizer: metaspace('always', true),
    decoder: { type: 'Sequence', decoders: [{ type: 'ByteFallback' }, metaspace('always', true)] },
    model: {
      type: 'Unigram', unk_id: 2, byte_fallback: true,
      vocab: t5Vocab.slice(0, 800).concat(Array.from({ length: 256 }, (_, b) => [byteToken(b), -20 - b / 64])),
    },
  }),
  // Byte fallback with some byte pieces missing: unknown text whose bytes
  // are not all there stays unknown.
  'unigram-byte-fallback-partial': tokenizer({
    pre_tokenizer: { type: 'WhitespaceSplit' },
    decoder: { type: 'ByteFallback' },
    model: {
      type: 'Unigram', unk_id: 0, byte_fallback: true,
      vocab: [['<unk>', 0], ['a', -1], ['b', -1.5], ['ab', -2], ['▁', -3]].concat(
        Array.from({ length: 256 }, (_, b) => b).filter((b) => b < 0xE6 || b > 0xE9).map((b) => [byteToken(b), -8])),
    },
  }),
  // Byte fallback without an unknown piece: unknown characters fail before
  // any fallback.
  'unigram-byte-fallback-no-unk': tokenizer({
    pre_tokenizer: { type: 'WhitespaceSplit' },
    model: {
      type: 'Unigram', byte_fallback: true,
      vocab: t5Vocab.slice(3, 400).concat(Array.from({ length: 256 }, (_, b) => [byteToken(b), -20])),
    },
  }),
  // Byte fallback enabled but no byte piece at all.
  'unigram-byte-fallback-none': tokenizer({
    pre_tokenizer: { type: 'WhitespaceSplit' },
    model: { type: 'Unigram', unk_id: 2, byte_fallback: true, vocab: t5Vocab.slice(0, 600) },
  }),
  // Ties that depend on how the reference reads decimals, and exact ties of
  // small numbers, on whole texts (no pre-tokenizer).
  'unigram-ties': tokenizer({
    model: {
      type: 'Unigram', unk_id: 0,
      vocab: floatTie.concat([['x', -1], ['y', -1], ['xy', -2], ['yx', -2], ['xyx', -3], ['東', -1], ['京', -1], ['東京', -2],
        ['😀', -0.5], ['😀😀', -1], [' ', -1], ['a b', -2.5]]),
    },
  }),
  // Unknown pieces: the unknown id is an ordinary piece ("<unk>" text
  // fuses with unknown characters), a run of unknown characters that is a
  // token, all scores high (two unknown characters beat one piece).
  'unigram-unk-fuse': tokenizer({
    pre_tokenizer: { type: 'WhitespaceSplit' },
    model: {
      type: 'Unigram', unk_id: 1,
      vocab: [['a', 30], ['<unk>', 31], ['b', 32], ['xy', 30], ['ab', 35], ['東京', 30], ['ü', 33], ['a', 34]],
    },
  }),
  // No unknown piece: words fail only when an unknown character would be on
  // the best path.
  'unigram-no-unk': tokenizer({
    pre_tokenizer: { type: 'WhitespaceSplit' },
    model: { type: 'Unigram', unk_id: null, vocab: [['ab', 0], ['a', 0], ['hello', -1], ['world', -1], ['h', -5], ['e', -5], ['l', -5], ['o', -5]] },
  }),
}

// Files the reference refuses to load.
const head = '{"version":"1.0","truncation":null,"padding":null,"added_tokens":[],"normalizer":null,"pre_tokenizer":null,"post_processor":null,"decoder":null,"model":'
const bad = {
  'unigram-refused-unk-out-of-range': '{"type":"Unigram","unk_id":3,"vocab":[["<unk>",0],["a",-1],["b",-2]]}',
  'unigram-refused-empty-with-unk': '{"type":"Unigram","unk_id":0,"vocab":[]}',
  'unigram-refused-missing-vocab': '{"type":"Unigram","unk_id":0}',
  'unigram-refused-negative-unk': '{"type":"Unigram","unk_id":-1,"vocab":[["a",0]]}',
  'unigram-refused-float-unk': '{"type":"Unigram","unk_id":0.0,"vocab":[["a",0]]}',
  'unigram-refused-short-piece': '{"type":"Unigram","unk_id":0,"vocab":[["a",0],["b"]]}',
  'unigram-refused-long-piece': '{"type":"Unigram","unk_id":0,"vocab":[["a",0,0]]}',
  'unigram-refused-string-score': '{"type":"Unigram","unk_id":0,"vocab":[["a","0"]]}',
  'unigram-refused-null-score': '{"type":"Unigram","unk_id":0,"vocab":[["a",null]]}',
  'unigram-refused-score-range': '{"type":"Unigram","unk_id":0,"vocab":[["a",0],["b",-1e309]]}',
  'unigram-refused-byte-fallback-null': '{"type":"Unigram","unk_id":0,"vocab":[["a",0]],"byte_fallback":null}',
  'unigram-refused-vocab-map': '{"type":"Unigram","unk_id":0,"vocab":{"a":0}}',
  'unigram-refused-legacy-no-vocab': '{"unk_id":0,"byte_fallback":false}',
  'unigram-refused-legacy-null-fallback': '{"vocab":[["a",0]],"byte_fallback":null}',
}

// The cases named here get the full input set; the others only the
// hand-made lines.
const fullInputs = new Set(['unigram-t5-metaspace', 'unigram-byte-fallback'])
const lines = (small) => inputs(small).map((r) => JSON.stringify(r)).join('\n') + '\n'
const mkgolden = path.join(root, 'internal', 'tools', 'mkgolden.js')
const run = (name) => {
  const file = path.join(outDir, name + '.json')
  const out = execFileSync('node', [mkgolden, file], { input: lines(!fullInputs.has(name)), env: Object.assign({}, process.env, { REF: ref }), maxBuffer: 1 << 28 })
  fs.writeFileSync(path.join(outDir, name + '.jsonl'), out)
}
for (const [name, tok] of Object.entries(cases)) {
  fs.writeFileSync(path.join(outDir, name + '.json'), stringify(tok) + '\n')
  run(name)
}
for (const [name, model] of Object.entries(bad)) {
  fs.writeFileSync(path.join(outDir, name + '.json'), head + model + '}\n')
  run(name)
}
