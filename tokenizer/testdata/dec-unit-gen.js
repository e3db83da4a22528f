#!/usr/bin/env node
// dec-unit-gen.js writes dec-unit.json: for each entry [decoder, tokens...]
// of dec-unit-cases.json, what the reference (its Node binding, in $REF,
// default /work/ref) gives: the load error, or Decoder.decode(tokens).
// The decoder JSON is spliced as text, so that numbers keep their form
// (1.0 stays a float). Usage: node dec-unit-gen.js > dec-unit.json
'use strict'
const path = require('path')
const fs = require('fs')
const ref = process.env.REF || '/work/ref'
const { Tokenizer } = require(path.join(ref, 'node_modules', 'tokenizers'))

// The raw text of each top-level element of the cases array's entries.
const text = fs.readFileSync(path.join(__dirname, 'dec-unit-cases.json'), 'utf8')
function splitTop(s) {
  // Returns the raw texts of the elements of the JSON array s.
  const out = []
  let depth = 0, start = -1, inStr = false
  for (let i = 0; i < s.length; i++) {
    const c = s[i]
    if (inStr) {
      if (c === '\\') i++
      else if (c === '"') inStr = false
      continue
    }
    if (c === '"') { inStr = true; if (depth === 1 && start < 0) start = i; continue }
    if (c === '[' || c === '{') { if (depth === 1 && start < 0) start = i; depth++; continue }
    if (c === ']' || c === '}') { depth--; if (depth === 0 && start >= 0) { out.push(s.slice(start, i).trim()); start = -1 } continue }
    if (c === ',' && depth === 1) { if (start >= 0) out.push(s.slice(start, i).trim()); start = -1; continue }
    if (depth === 1 && start < 0 && !/\s/.test(c)) start = i
  }
  return out
}
const out = []
for (const entry of splitTop(text)) {
  const parts = splitTop(entry)
  const dec = parts[0]
  const j = '{"version":"1.0","truncation":null,"padding":null,"added_tokens":[],"normalizer":null,' +
    '"pre_tokenizer":null,"post_processor":null,"decoder":' + dec +
    ',"model":{"type":"WordLevel","vocab":{"[UNK]":0,"a":1},"unk_token":"[UNK]"}}'
  let tok
  try {
    tok = Tokenizer.fromString(j)
  } catch (e) {
    out.push('{"dec":' + dec + ',"load_error":' + JSON.stringify(e.message.replace(/ at line \d+ column \d+$/, '')) + '}')
    continue
  }
  const d = tok.getDecoder()
  for (const toks of parts.slice(1).map((p) => JSON.parse(p))) {
    out.push('{"dec":' + dec + ',"tokens":' + JSON.stringify(toks) + ',"want":' + JSON.stringify(d.decode(toks)) + '}')
  }
}
process.stdout.write('[\n' + out.join(',\n') + '\n]\n')
