#!/usr/bin/env node
// mkgolden.js writes the expected output of the reference implementation
// (Hugging Face tokenizers, through its Node binding) for a tokenizer.json
// and a list of inputs, in the format of ../shared/golden: each output line
// is the input object with the reference's fields added.
//
// Usage: REF=/path/to/ref/with/node_modules node internal/tools/mkgolden.js TOKENIZER_JSON < inputs.jsonl > golden.jsonl
//
// An input line holds "text" (with optional "pair" and "add_special_tokens",
// default true), or "ids" (with optional "skip_special_tokens") to decode.
// If loading the tokenizer fails, one line {"load_error": "..."} is written.
'use strict'

const path = require('path')
const fs = require('fs')
const ref = process.env.REF || path.join(__dirname, '../../../ref')
const { Tokenizer } = require(path.join(ref, 'node_modules', 'tokenizers'))

async function main() {
  const file = process.argv[2]
  let tok
  try {
    tok = Tokenizer.fromFile(file)
  } catch (e) {
    process.stdout.write(JSON.stringify({ load_error: String(e && e.message ? e.message : e) }) + '\n')
    return
  }
  const lines = fs.readFileSync(0, 'utf8').split('\n').filter((l) => l.trim() !== '')
  for (const line of lines) {
    const req = JSON.parse(line)
    const row = Object.assign({}, req)
    try {
      if (req.text === undefined && Array.isArray(req.ids)) {
        row.decoded = await tok.decode(req.ids, true)
        row.decoded_raw = await tok.decode(req.ids, false)
      } else {
        const pair = req.pair === undefined ? null : req.pair
        const add = req.add_special_tokens === undefined ? true : Boolean(req.add_special_tokens)
        const enc = await tok.encode(req.text, pair, { addSpecialTokens: add })
        const ids = enc.getIds()
        Object.assign(row, {
          ids,
          tokens: enc.getTokens(),
          offsets: enc.getOffsets(),
          type_ids: enc.getTypeIds(),
          attention_mask: enc.getAttentionMask(),
          special_tokens_mask: enc.getSpecialTokensMask(),
          word_ids: enc.getWordIds().map((w) => (w === undefined ? null : w)),
          sequence_ids: enc.getSequenceIds().map((s) => (s === undefined ? null : s)),
          decoded: await tok.decode(ids, true),
          decoded_raw: await tok.decode(ids, false),
        })
      }
    } catch (e) {
      row.error = String(e && e.message ? e.message : e)
    }
    process.stdout.write(JSON.stringify(row) + '\n')
  }
}

main().catch((e) => {
  process.stderr.write(String(e && e.stack ? e.stack : e) + '\n')
  process.exit(1)
})
