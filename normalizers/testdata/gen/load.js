#!/usr/bin/env node
// load.js asks the reference whether it loads each normalizer of
// load_cases.txt (one JSON value a line) and what the loaded normalizer
// makes of a sample text. Output: one JSON line per case,
// [case, {"ok": normalized sample} | {"err": message}].
//
// Usage: REF=/work/ref node load.js < load_cases.txt > ../load_ref.jsonl
'use strict'
const path = require('path')
const fs = require('fs')
const ref = process.env.REF || '/work/ref'
const t = require(path.join(ref, 'node_modules', 'tokenizers'))

const sample = ' ABC Äé\u00a0中\u0000ﬁ '
const cases = fs.readFileSync(0, 'utf8').split('\n').filter((l) => l.trim())
for (const c of cases) {
  let out
  try {
    const tk = t.Tokenizer.fromString('{"version":"1.0","normalizer":' + c + ',"model":{"type":"WordLevel","vocab":{"[UNK]":0},"unk_token":"[UNK]"}}')
    out = { ok: tk.getNormalizer().normalizeString(sample) }
  } catch (e) {
    out = { err: String(e.message || e).replace(/ at line \d+ column \d+$/, '') }
  }
  console.log(JSON.stringify([c, out]))
}
