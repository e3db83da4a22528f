#!/usr/bin/env node
// golden.js asks the reference what each normalizer configuration of
// configs.json does to a list of texts, alignment included, and writes the
// answers for normalizers_test.go.
//
// The alignment is read from encodings: each configuration is put in a
// tokenizer whose pre-tokenizer isolates every character and whose
// WordLevel model turns each into an unknown token, so that the offsets of
// the tokens are the original span of each normalized character (in
// characters, as the binding gives them).
//
// Output (gzipped JSON lines): first {"configs": [...], "texts": [...]}, then
// per text and configuration {"c": config index, "t": text index, and either
// "n": normalized text and "o": the offsets (see encodeOffsets), or, for
// texts marked hash-only, "h": a hash of both (see hashOf)}.
//
// Usage: REF=/work/ref node golden.js CORPUS_LINES_JSONL | gzip -9n > ../normalize_ref.jsonl.gz
'use strict'
const path = require('path')
const fs = require('fs')
const crypto = require('crypto')
const ref = process.env.REF || '/work/ref'
const t = require(path.join(ref, 'node_modules', 'tokenizers'))

const configs = JSON.parse(fs.readFileSync(path.join(__dirname, 'configs.json'), 'utf8'))
const corpus = fs.readFileSync(process.argv[2], 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l).text)

// Texts: the 518 edge lines of the corpus and the extra ones in full, every
// third of the other corpus lines as hashes.
const texts = []
for (const s of corpus.slice(0, 518)) texts.push({ s, h: false })
for (const s of require('./extra.js')) texts.push({ s, h: false })
corpus.slice(518).forEach((s, i) => { if (i % 3 === 0) texts.push({ s, h: true }) })

function hashOf(norm, offsets) {
  const h = crypto.createHash('sha256')
  h.update(norm + '\n' + offsets.map((o) => o[0] + ',' + o[1]).join(';'))
  return h.digest('hex').slice(0, 8)
}

// encodeOffsets writes offsets compactly: '.' for [prevEnd, prevEnd+1], '='
// for the same span as the previous character, else "start,end;".
function encodeOffsets(offsets) {
  let out = ''
  let prev = [0, 0]
  for (const o of offsets) {
    if (o[0] === prev[1] && o[1] === prev[1] + 1) out += '.'
    else if (o[0] === prev[0] && o[1] === prev[1]) out += '='
    else out += o[0] + ',' + o[1] + ';'
    prev = o
  }
  return out
}

async function main() {
  const out = [JSON.stringify({ configs, texts: texts.map((x) => (x.h ? { s: x.s, h: true } : { s: x.s })) })]
  // Rows are grouped by text, so that gzip sees the similar outputs of the
  // configurations together.
  const rows = texts.map(() => [])
  for (let c = 0; c < configs.length; c++) {
    const tok = t.Tokenizer.fromString(JSON.stringify({
      version: '1.0',
      normalizer: configs[c],
      pre_tokenizer: { type: 'Split', pattern: { Regex: '[\\s\\S]' }, behavior: 'Isolated', invert: false },
      model: { type: 'WordLevel', vocab: { '[UNK]': 0 }, unk_token: '[UNK]' },
    }))
    const norm = tok.getNormalizer()
    for (let i = 0; i < texts.length; i++) {
      const s = texts[i].s
      const n = norm.normalizeString(s)
      const enc = await tok.encode(s, null, { addSpecialTokens: false })
      const offsets = enc.getOffsets()
      if (offsets.length !== Array.from(n).length) throw new Error(`config ${c} text ${i}: ${offsets.length} tokens for ${Array.from(n).length} characters`)
      const row = { c, t: i }
      if (texts[i].h) {
        row.h = hashOf(n, offsets)
      } else {
        row.n = n
        row.o = encodeOffsets(offsets)
      }
      rows[i].push(JSON.stringify(row))
    }
  }
  for (const r of rows) out.push(...r)
  process.stdout.write(out.join('\n') + '\n')
}
main().catch((e) => { process.stderr.write(String(e.stack || e) + '\n'); process.exit(1) })
