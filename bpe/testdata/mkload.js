#!/usr/bin/env node
// mkload.js records whether the reference loads each BPE model of
// load_cases.tsv (lines "NAME<TAB>MODEL_JSON"), for the tests of package bpe.
//
// Usage: REF=/path/to/ref node mkload.js < load_cases.tsv > load_cases.json
//
// Each model text is put, unchanged, as the "model" of a tokenizer.json with
// nothing else, loaded with Tokenizer.fromFile (the Rust parser; the
// binding's fromString goes through JavaScript's JSON, which changes
// numbers). The output is a JSON array of {"name", "model", "ok", "error"}.
'use strict'

const fs = require('fs')
const os = require('os')
const path = require('path')
const ref = process.env.REF || path.join(__dirname, '../../../ref')
const { Tokenizer } = require(path.join(ref, 'node_modules', 'tokenizers'))

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mkload-'))
const out = []
for (const line of fs.readFileSync(0, 'utf8').split('\n')) {
  if (line.trim() === '') continue
  const tab = line.indexOf('\t')
  const name = line.slice(0, tab)
  const model = line.slice(tab + 1)
  const file = path.join(dir, 'tokenizer.json')
  fs.writeFileSync(file, wrapModel(model))
  const row = { name, model, ok: true }
  try {
    Tokenizer.fromFile(file)
  } catch (e) {
    row.ok = false
    row.error = String(e && e.message ? e.message : e)
  }
  out.push(row)
}
fs.rmSync(dir, { recursive: true })
process.stdout.write('[\n' + out.map((r) => JSON.stringify(r)).join(',\n') + '\n]\n')

// wrapModel must match wrapModel in load_test.go.
function wrapModel(model) {
  return '{"version":"1.0","truncation":null,"padding":null,"added_tokens":[],"normalizer":null,"pre_tokenizer":null,"post_processor":null,"decoder":null,"model":' + model + '}'
}
