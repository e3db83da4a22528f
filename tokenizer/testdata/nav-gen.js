#!/usr/bin/env node
// nav-gen.js writes nav.jsonl: what the reference (its Node binding, in $REF,
// default /work/ref) answers to the navigation methods of Encoding
// (tokenToSequence, tokenToChars, tokenToWord, charToToken, charToWord,
// wordToTokens, wordToChars) for real tokenizers, on single and pair inputs,
// with and without special tokens, padded left and right, and truncated (the
// encoding kept; overflowing parts are not recorded: this library defines
// them its own way). Offsets are in characters (the binding encodes with
// encode_char_offsets).
//
// Each line: {"tok", "text", "pair" (or null), "special", "pad" ([length,
// "left"|"right"] or null), "trunc" ([max_length, stride] or null), "enc"}
// where enc holds:
//   ids, offsets, words, seqs, nseq: the encoding itself;
//   t2s[i] = tokenToSequence(i) for i in 0..len+1;
//   t2c[i] = tokenToChars(i), t2w[i] = tokenToWord(i) for i in 0..len;
//   c2t[s][p] = charToToken(p, s), c2w[s][p] = charToWord(p, s) for
//     s in 0..2, p in 0..chars+1 (chars: the longer of text and pair);
//   w2t[s][w] = wordToTokens(w, s), w2c[s][w] = wordToChars(w, s) for
//     s in 0..2, w in 0..maxWord+2.
// null stands for None.
//
// Usage: node nav-gen.js > nav.jsonl (tokenizers are looked up in
// ../../testdata/tokenizers, then in $SHARED/tokenizers, default /work/shared).
'use strict'
const path = require('path')
const fs = require('fs')
const ref = process.env.REF || '/work/ref'
const shared = process.env.SHARED || '/work/shared'
const { Tokenizer } = require(path.join(ref, 'node_modules', 'tokenizers'))

function findTokenizer(name) {
  for (const d of [path.join(__dirname, '..', '..', 'testdata', 'tokenizers'), path.join(shared, 'tokenizers')]) {
    const p = path.join(d, name, 'tokenizer.json')
    if (fs.existsSync(p)) return p
  }
  throw new Error('tokenizer not found: ' + name)
}

const names = ['bert-base-uncased', 'gpt2', 'roberta-base', 'llama3', 'llama3.1', 'llama2', 'wordlevel-wiki']

const singles = [
  'Hello, world!',
  'héllo wörld 😀 日本語 ok',
  '',
  '  leading and   trailing  ',
  "don't stop-believing, 123.45",
  '[CLS] a [SEP] b <s> c </s> <|endoftext|> d <|begin_of_text|>e',
]
const pairs = [
  ['Hello, world!', 'How are you?'],
  ['', 'pair only'],
  ['text only', ''],
  ['héllo 😀', '日本 語 déjà vu'],
  ['a b c d e f g h', 'i j k'],
]

function nul(x) { return x === undefined ? null : x }

function nav(e, nchars) {
  const n = e.getLength()
  const words = e.getWordIds().map(nul)
  const r = {
    ids: e.getIds(),
    offsets: e.getOffsets(),
    words,
    seqs: e.getSequenceIds().map(nul),
    nseq: e.getNSequences(),
    t2s: [], t2c: [], t2w: [], c2t: [], c2w: [], w2t: [], w2c: [],
  }
  for (let i = 0; i <= n + 1; i++) r.t2s.push(nul(e.tokenToSequence(i)))
  for (let i = 0; i <= n; i++) {
    r.t2c.push(nul(e.tokenToChars(i)))
    r.t2w.push(nul(e.tokenToWord(i)))
  }
  let maxWord = -1
  for (const w of words) if (w !== null && w > maxWord) maxWord = w
  for (let s = 0; s <= 2; s++) {
    const ct = [], cw = [], wt = [], wc = []
    for (let p = 0; p <= nchars + 1; p++) {
      ct.push(nul(e.charToToken(p, s)))
      cw.push(nul(e.charToWord(p, s)))
    }
    for (let w = 0; w <= maxWord + 2; w++) {
      wt.push(nul(e.wordToTokens(w, s)))
      wc.push(nul(e.wordToChars(w, s)))
    }
    r.c2t.push(ct); r.c2w.push(cw); r.w2t.push(wt); r.w2c.push(wc)
  }
  return r
}

async function main() {
  for (const name of names) {
    const tok = Tokenizer.fromFile(findTokenizer(name))
    const cases = []
    for (const t of singles) {
      cases.push({ text: t, pair: null, special: true, pad: null, trunc: null })
      cases.push({ text: t, pair: null, special: false, pad: null, trunc: null })
    }
    for (const [a, b] of pairs) {
      cases.push({ text: a, pair: b, special: true, pad: null, trunc: null })
      cases.push({ text: a, pair: b, special: false, pad: null, trunc: null })
    }
    cases.push({ text: singles[0], pair: null, special: true, pad: 'left', trunc: null })
    cases.push({ text: singles[1], pair: null, special: true, pad: 'right', trunc: null })
    cases.push({ text: singles[2], pair: null, special: true, pad: 'left', trunc: null })
    cases.push({ text: pairs[0][0], pair: pairs[0][1], special: true, pad: 'left', trunc: null })
    cases.push({ text: pairs[3][0], pair: pairs[3][1], special: true, pad: 'right', trunc: null })
    cases.push({ text: pairs[4][0], pair: pairs[4][1], special: false, pad: 'left', trunc: null })
    cases.push({ text: pairs[4][0], pair: pairs[4][1], special: true, pad: null, trunc: [10, 1] })
    cases.push({ text: singles[4], pair: null, special: true, pad: null, trunc: [6, 1] })
    for (const c of cases) {
      if (c.trunc) tok.setTruncation(c.trunc[0], { stride: c.trunc[1] })
      else tok.disableTruncation()
      const e = await tok.encode(c.text, c.pair, { addSpecialTokens: c.special })
      const nchars = Math.max(Array.from(c.text).length, c.pair === null ? 0 : Array.from(c.pair).length)
      let pad = null
      if (c.pad) {
        pad = [e.getLength() + 3, c.pad]
        e.pad(pad[0], { direction: c.pad, padId: 0, padToken: '[PAD]' })
      }
      const enc = nav(e, nchars)
      process.stdout.write(JSON.stringify({ tok: name, text: c.text, pair: c.pair, special: c.special, pad, trunc: c.trunc, enc }) + '\n')
    }
  }
}
main().catch((e) => { console.error(e); process.exit(1) })
