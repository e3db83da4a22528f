#!/usr/bin/env node
// mkregex.js writes the reference's results for the regular expression
// cases of regex_cases.json: for each [pattern, text], the pieces of a
// Split pre-tokenizer with every behavior, plain and inverted, or the error
// if the reference refuses the pattern. A third element of a case limits
// the behaviors. Cases for every multi-character case folding the reference
// knows (../../internal/onig/gen/classes.json.gz) are added.
//
// Usage (from this directory): REF=/work/ref node mkregex.js > regex_golden.json
'use strict'

const path = require('path')
const fs = require('fs')
const ref = process.env.REF || '/work/ref'
const { Tokenizer } = require(path.join(ref, 'node_modules', 'tokenizers'))

function preTokenizer(pre) {
  const j = {
    version: '1.0', truncation: null, padding: null, added_tokens: [], normalizer: null,
    pre_tokenizer: pre, post_processor: null, decoder: null,
    model: { type: 'WordLevel', vocab: { '[UNK]': 0 }, unk_token: '[UNK]' },
  }
  return Tokenizer.fromString(JSON.stringify(j)).getPreTokenizer()
}

const behaviors = ['Removed', 'Isolated', 'MergedWithPrevious', 'MergedWithNext', 'Contiguous']
const cases = JSON.parse(fs.readFileSync(path.join(__dirname, 'regex_cases.json'), 'utf8'))
{
  const zlib = require('zlib')
  const classes = JSON.parse(zlib.gunzipSync(fs.readFileSync(path.join(__dirname, '../../internal/onig/gen/classes.json.gz'))))
  const hex = (t) => [...t].map((x) => `\\x{${x.codePointAt(0).toString(16)}}`).join('')
  for (const { r, fold } of classes.multi_folds) {
    const c = String.fromCodePoint(r)
    cases.push([`(?i:${hex(c)})`, `${fold} ${c} ${fold.toUpperCase()} ${c.toUpperCase()}x`, ['Removed']])
    cases.push([`(?i:${fold})`, `${c} ${fold} ${c.toUpperCase()}`, ['Removed']])
  }
}
const out = []
for (const [pattern, text, only] of cases) {
  const row = { pattern, text }
  try {
    row.results = {}
    for (const invert of [false, true]) {
      for (const behavior of only || behaviors) {
        if (only && invert) continue
        const p = preTokenizer({ type: 'Split', pattern: { Regex: pattern }, behavior, invert })
        row.results[behavior + (invert ? '-invert' : '')] = p.preTokenizeString(text)
      }
    }
  } catch (e) {
    delete row.results
    row.error = String(e && e.message ? e.message : e)
  }
  out.push(row)
}
process.stdout.write('[\n' + out.map((r) => JSON.stringify(r)).join(',\n') + '\n]\n')
