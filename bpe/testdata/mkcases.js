#!/usr/bin/env node
// mkcases.js writes the reference's tokenization of single words by small
// BPE models, for the unit tests of package bpe.
//
// Usage: REF=/path/to/ref node mkcases.js < cases.in.json > cases.json
//
// The input is a JSON array of {"name", "model", "words"}: model is the
// "model" object of a tokenizer.json; each word is encoded by a tokenizer with
// no normalizer, pre-tokenizer or post-processor, so that the whole text is
// one word. The output adds "load_error" to a case the reference refuses, or
// "results": for each word {"ids", "tokens", "offsets"} (offsets in code
// points) or {"error"}.
'use strict'

const fs = require('fs')
const os = require('os')
const path = require('path')
const ref = process.env.REF || path.join(__dirname, '../../../ref')
const { Tokenizer } = require(path.join(ref, 'node_modules', 'tokenizers'))

async function main() {
  const cases = JSON.parse(fs.readFileSync(0, 'utf8'))
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mkcases-'))
  const out = []
  for (const c of cases) {
    const doc = {
      version: '1.0', truncation: null, padding: null, added_tokens: [],
      normalizer: null, pre_tokenizer: null, post_processor: null, decoder: null,
      model: c.model,
    }
    const file = path.join(dir, 'tokenizer.json')
    fs.writeFileSync(file, JSON.stringify(doc))
    const row = { name: c.name, model: c.model, words: c.words }
    let tok
    try {
      // fromFile, not fromString: the Node binding's fromString goes
      // through JavaScript's JSON, which changes numbers.
      tok = Tokenizer.fromFile(file)
    } catch (e) {
      row.load_error = String(e && e.message ? e.message : e)
      out.push(row)
      continue
    }
    row.results = []
    for (const w of c.words) {
      try {
        const enc = await tok.encode(w, null, { addSpecialTokens: false })
        row.results.push({ ids: enc.getIds(), tokens: enc.getTokens(), offsets: enc.getOffsets() })
      } catch (e) {
        row.results.push({ error: String(e && e.message ? e.message : e) })
      }
    }
    out.push(row)
  }
  fs.rmSync(dir, { recursive: true })
  process.stdout.write('[\n' + out.map((r) => JSON.stringify(r)).join(',\n') + '\n]\n')
}

main().catch((e) => {
  process.stderr.write(String(e && e.stack ? e.stack : e) + '\n')
  process.exit(1)
})
