#!/usr/bin/env node
// ref.js prints the pieces the reference's pre-tokenizer gives for inputs,
// to read next to what a failing test printed.
//
// Usage: REF=/work/ref node ref.js CONFIG_NAME_OR_JSON [LINE_INDEX...]
// With line indexes, the inputs are those lines of the corpus's lines.jsonl;
// without, JSON strings are read one per line on stdin.
'use strict'

const path = require('path')
const fs = require('fs')
const ref = process.env.REF || '/work/ref'
const corpus = process.env.CORPUS || '/work/shared/corpus'
const { Tokenizer } = require(path.join(ref, 'node_modules', 'tokenizers'))

let config
const arg = process.argv[2]
if (arg.trim().startsWith('{')) config = JSON.parse(arg)
else config = JSON.parse(fs.readFileSync(path.join(__dirname, 'configs.json'), 'utf8')).find((c) => c.name === arg).config
const j = {
  version: '1.0', truncation: null, padding: null, added_tokens: [], normalizer: null,
  pre_tokenizer: config, post_processor: null, decoder: null,
  model: { type: 'WordLevel', vocab: { '[UNK]': 0 }, unk_token: '[UNK]' },
}
const p = Tokenizer.fromString(JSON.stringify(j)).getPreTokenizer()
let inputs
if (process.argv.length > 3) {
  const lines = fs.readFileSync(path.join(corpus, 'lines.jsonl'), 'utf8').split('\n').filter((l) => l.trim() !== '')
  inputs = process.argv.slice(3).map((i) => JSON.parse(lines[Number(i)]).text)
} else {
  inputs = fs.readFileSync(0, 'utf8').split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l))
}
for (const s of inputs) process.stdout.write(JSON.stringify(p.preTokenizeString(s)) + '\n')
