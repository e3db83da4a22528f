#!/usr/bin/env node
// tiktoken.js writes the ids OpenAI's tiktoken gives (through its official
// WASM binding, the npm package `tiktoken`) for a list of texts: the expected
// output of package tiktoken's tests.
//
// Usage:
//
//	TIKTOKEN=DIR node internal/tools/tiktoken.js [--lines|--whole] ENCODING... < input > golden.jsonl
//
// DIR is a directory where `npm install tiktoken` was run (without TIKTOKEN,
// Node's usual lookup finds the package). ENCODING names tiktoken encodings
// (cl100k_base, o200k_base, r50k_base, p50k_base, p50k_edit).
//
// The input is JSON lines, each an object with a "text" string (and
// optionally a "pair" string; other keys are kept), or, with --lines, plain
// text of which each line (without its "\n") is a text, or, with --whole,
// plain text that is one text. Each output line is the input object with:
//
//	"ids":      {ENCODING: encode(text, allowed_special="all"), ...}:
//	            special tokens in the text give their ids (as package
//	            tiktoken's Encoding does);
//	"ordinary": {ENCODING: encode_ordinary(text), ...}: special tokens are
//	            plain text (as EncodingOrdinary does); only the encodings
//	            whose ids differ from "ids" are listed;
//
// and "pair_ids" and "pair_ordinary" the same for the pair (tiktoken has no
// pairs: the pair is encoded on its own).
//
// The whole-corpus goldens the tests read from ../tiktoken-golden (or
// $TIKTOKEN_GOLDEN) are made by:
//
//	E="cl100k_base o200k_base r50k_base p50k_base p50k_edit"
//	for f in en multilingual code; do
//	  node internal/tools/tiktoken.js --lines $E < ../shared/corpus/$f.txt | gzip > ../tiktoken-golden/$f.lines.jsonl.gz
//	  node internal/tools/tiktoken.js --whole $E < ../shared/corpus/$f.txt | gzip > ../tiktoken-golden/$f.whole.jsonl.gz
//	done
//	for f in lines pairs; do
//	  node internal/tools/tiktoken.js $E < ../shared/corpus/$f.jsonl | gzip > ../tiktoken-golden/$f.jsonl.gz
//	done
'use strict'

const fs = require('fs')
const path = require('path')

function load() {
  const dir = process.env.TIKTOKEN
  return require(dir ? path.join(dir, 'node_modules', 'tiktoken') : 'tiktoken')
}

function same(a, b) {
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false
  return true
}

function main() {
  const args = process.argv.slice(2)
  let mode = 'jsonl'
  if (args[0] === '--lines' || args[0] === '--whole') mode = args.shift().slice(2)
  if (args.length === 0) {
    process.stderr.write('usage: node tiktoken.js [--lines|--whole] ENCODING... < input > golden.jsonl\n')
    process.exit(2)
  }
  const tiktoken = load()
  const encs = args.map((name) => [name, tiktoken.get_encoding(name)])
  const input = fs.readFileSync(0, 'utf8')
  let rows
  if (mode === 'whole') rows = [{ text: input }]
  else if (mode === 'lines') rows = input.split('\n').map((text) => ({ text }))
  else rows = input.split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l))
  if (mode === 'lines' && input.endsWith('\n')) rows.pop()

  const encode = (text) => {
    const ids = {}
    const ordinary = {}
    for (const [name, enc] of encs) {
      const a = Array.from(enc.encode(text, 'all'))
      const b = Array.from(enc.encode_ordinary(text))
      ids[name] = a
      if (!same(a, b)) ordinary[name] = b
    }
    return [ids, ordinary]
  }
  const out = []
  for (const row of rows) {
    if (typeof row.text !== 'string') throw new Error('"text" must be a string')
    ;[row.ids, row.ordinary] = encode(row.text)
    if (typeof row.pair === 'string') [row.pair_ids, row.pair_ordinary] = encode(row.pair)
    out.push(JSON.stringify(row) + '\n')
    if (out.length >= 1000) {
      fs.writeSync(1, out.join(''))
      out.length = 0
    }
  }
  fs.writeSync(1, out.join(''))
  for (const [, enc] of encs) enc.free()
}

main()
