#!/usr/bin/env node
// mkgolden.js writes the expected output of the reference implementation's
// pre-tokenizers (Hugging Face tokenizers, through its Node binding) for the
// pre-tokenizer configurations of configs.json over the shared corpus.
//
// Usage (from this directory):
//   REF=/work/ref CORPUS=/work/shared/corpus node mkgolden.js | gzip -9 > golden.json.gz
//
// For each configuration, "lines" holds a hash of the pieces of every line
// of lines.jsonl (4 hex digits each, in order) and "blocks" (for the ones
// marked "big") a hash for every block of 100 lines of en.txt,
// multilingual.txt and code.txt. The hash is the start of the SHA-256 of
// the pieces, each written as its normalized text, a NUL, its start and end
// offsets (in characters of the input, as preTokenizeString gives them)
// separated by a comma, and a newline. "edge_inputs" holds the first lines
// of lines.jsonl (the hand-made edge cases), so that they can be tested
// without the corpus. "extra_inputs" are made of the code points at the
// edges of every character class the reference uses (gathered by
// ../../internal/onig/gen/dump.js), each in a few contexts, plus some
// hand-picked strings; "extra" holds their hashes. ref.js prints the
// pieces of one input.
'use strict'

const path = require('path')
const fs = require('fs')
const crypto = require('crypto')
const ref = process.env.REF || '/work/ref'
const corpus = process.env.CORPUS || '/work/shared/corpus'
const { Tokenizer } = require(path.join(ref, 'node_modules', 'tokenizers'))

const EDGE = 518
const BLOCK = 100

function preTokenizer(pre) {
  const j = {
    version: '1.0', truncation: null, padding: null, added_tokens: [], normalizer: null,
    pre_tokenizer: pre, post_processor: null, decoder: null,
    model: { type: 'WordLevel', vocab: { '[UNK]': 0 }, unk_token: '[UNK]' },
  }
  return Tokenizer.fromString(JSON.stringify(j)).getPreTokenizer()
}

function hash(pieces) {
  const h = crypto.createHash('sha256')
  for (const [s, [a, b]] of pieces) h.update(s + '\u0000' + a + ',' + b + '\n', 'utf8')
  return h.digest('hex').slice(0, 4)
}

function blocks() {
  const out = []
  for (const f of ['en.txt', 'multilingual.txt', 'code.txt']) {
    const lines = fs.readFileSync(path.join(corpus, f), 'utf8').split(/(?<=\n)/)
    for (let i = 0; i < lines.length; i += BLOCK) out.push(lines.slice(i, i + BLOCK).join(''))
  }
  return out
}

// extraInputs puts the code points at the edges of every class in
// contexts that exercise the patterns.
function extraInputs() {
  const zlib = require('zlib')
  const classes = JSON.parse(zlib.gunzipSync(fs.readFileSync(path.join(__dirname, '../../internal/onig/gen/classes.json.gz'))))
  const all = []
  const add = (rs) => { for (const r of rs) all.push(r[0], r[1]) }
  for (const rs of Object.values(classes.onig)) add(rs)
  for (const rs of Object.values(classes.fold)) add(rs)
  for (const k of ['rust_whitespace', 'rust_numeric', 'bert_punct', 'regex_word', 'regex_space', 'scripts']) add(classes[k])
  const cps = new Set()
  for (const c of all) for (const d of [c - 1, c, c + 1]) if (d >= 0 && d <= 0x10ffff && (d < 0xd800 || d > 0xdfff)) cps.add(d)
  const sorted = [...cps].sort((a, b) => a - b)
  const contexts = [(c) => c, (c) => ' ' + c, (c) => 'a' + c, (c) => c + 'a', (c) => "'" + c, (c) => '1' + c + '1', (c) => c + c, (c) => ' ' + c + ' ', (c) => '\n' + c, (c) => '.' + c]
  const out = []
  for (let i = 0; i < sorted.length; i += 40) {
    out.push(sorted.slice(i, i + 40).map((c, k) => contexts[(i / 40 + k) % contexts.length](String.fromCodePoint(c))).join(''))
  }
  out.push("'s 'S 'ſ 'ſt 'K 'k 'ﬆ 'LL 'Ll 'lL 'RE 'rE 'VE 'D 'M 'T", 'ſtraße STRASSE Kelvin K 212A', "don't I'M we'RE", 'a\n\nb\r\n\r\nc \n d  \n\n', 'ー日本語のテキストとカタカナー', '  leading', 'trailing  ', '\u3000\u00a0\u2028x\u0085y')
  return out
}

const configs = JSON.parse(fs.readFileSync(path.join(__dirname, 'configs.json'), 'utf8'))
const lines = fs.readFileSync(path.join(corpus, 'lines.jsonl'), 'utf8').split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l).text)
const big = blocks()
const extra = extraInputs()
const out = { edge_inputs: lines.slice(0, EDGE), extra_inputs: extra, configs: [] }
for (const c of configs) {
  const p = preTokenizer(c.config)
  const r = { name: c.name, config: c.config, lines: '' }
  lines.forEach((s) => {
    const pieces = p.preTokenizeString(s)
    r.lines += hash(pieces)
  })
  r.extra = extra.map((s) => hash(p.preTokenizeString(s))).join('')
  if (c.big) r.blocks = big.map((s) => hash(p.preTokenizeString(s))).join('')
  out.configs.push(r)
}
process.stdout.write(JSON.stringify(out) + '\n')
