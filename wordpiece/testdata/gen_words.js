#!/usr/bin/env node
// gen_words.js writes NAME-words.jsonl.gz: the words that the normalizer and
// pre-tokenizer of a real tokenizer make of the corpus (plus a few long
// ones), each with what the reference's model alone gives for it:
// {"w": word, "tokens": [...], "ids": [...], "offsets": [[start, end], ...]}
// with byte offsets. The test reads the vocabulary from the real file.
//
// Usage: REF=/work/ref node gen_words.js /work/shared NAME [MAXWORDS]
'use strict'
const path = require('path')
const fs = require('fs')
const zlib = require('zlib')
const ref = process.env.REF || '/work/ref'
const { Tokenizer } = require(path.join(ref, 'node_modules', 'tokenizers'))

async function main() {
  const [shared, name, maxArg] = process.argv.slice(2)
  const maxWords = Number(maxArg || 3000)
  const file = path.join(shared, 'tokenizers', name, 'tokenizer.json')
  const full = Tokenizer.fromFile(file)
  const norm = full.getNormalizer()
  const pre = full.getPreTokenizer()
  const json = JSON.parse(fs.readFileSync(file, 'utf8'))
  const modelOnly = Tokenizer.fromString(JSON.stringify({
    version: '1.0', truncation: null, padding: null, added_tokens: [], normalizer: null,
    pre_tokenizer: null, post_processor: null, decoder: null, model: json.model,
  }))

  const words = new Set()
  const add = (w) => { if (w !== '' && words.size < maxWords) words.add(w) }
  // Long words around the default limit of 100 characters.
  for (const n of [99, 100, 101, 250]) {
    add('a'.repeat(n))
    add('é'.repeat(n))
    add('un' + 'able'.repeat(Math.floor((n - 2) / 4)) + 'x'.repeat((n - 2) % 4))
  }
  const texts = fs.readFileSync(path.join(shared, 'corpus', 'lines.jsonl'), 'utf8')
    .split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l).text)
  // Every edge case, then the other lines in a fixed stride, so the
  // sample spans languages.
  const order = texts.slice(0, 518).concat(texts.slice(518).filter((_, i) => i % 3 === 0))
  for (const text of order) {
    const s = norm ? norm.normalizeString(text) : text
    for (const [w] of pre.preTokenizeString(s)) add(w)
  }

  const out = []
  for (const w of words) {
    const e = await modelOnly.encode(w, null, { addSpecialTokens: false })
    const m = [0]
    let b = 0
    for (const ch of w) { b += Buffer.byteLength(ch, 'utf8'); m.push(b) }
    out.push(JSON.stringify({ w, tokens: e.getTokens(), ids: e.getIds(), offsets: e.getOffsets().map(([s, t]) => [m[s], m[t]]) }))
  }
  fs.writeFileSync(path.join(__dirname, name + '-words.jsonl.gz'), zlib.gzipSync(out.join('\n') + '\n', { level: 9 }))
}
main()
