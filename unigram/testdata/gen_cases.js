#!/usr/bin/env node
// gen_cases.js writes cases.json (gzip it): random small Unigram models and words,
// with what the reference (Hugging Face tokenizers 0.23.2 through its Node
// binding) makes of them. Each model is loaded alone (no normalizer, no
// pre-tokenizer), so a text is one word.
//
// The scores stored are those the reference holds after loading (read back
// from its saved file): its JSON parser is not correctly rounded, so a
// score written as "-2.0122928619384766" is held as -2.012292861938477.
//
// Usage: REF=/path/to/ref node gen_cases.js | gzip -9 > cases.json.gz
'use strict'

const path = require('path')
const fs = require('fs')
const os = require('os')
const ref = process.env.REF || '/work/ref'
const { Tokenizer } = require(path.join(ref, 'node_modules', 'tokenizers'))

// A deterministic generator (mulberry32), so the file is reproducible.
let seed = 20260601
function rand() {
  seed |= 0
  seed = (seed + 0x6d2b79f5) | 0
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296
}
const pick = (a) => a[Math.floor(rand() * a.length)]
const int = (n) => Math.floor(rand() * n)

const alphabet = ['a', 'b', 'c', 'd', 'é', '東', '😀', ' ']
const extra = ['x', 'ü', '\u0301', '京']
// Scores written as text: small numbers make exact ties; the long ones are
// real T5 scores, some of which the reference reads 1 ulp off.
const scoreTexts = ['0', '-1', '-2', '-3', '-0.5', '-1.5', '-2.5', '1', '2', '-0',
  '-2.0122928619384766', '-3.9598512649536133', '-7.4370903968811035',
  '-7.4974141120910645', '-3.8403830528259277', '-4.5', '-6', '-10', '-11', '-12.5']
const bigScores = ['30', '35', '40', '50', '31.5']

function randWord(maxLen, chars) {
  let s = ''
  const n = 1 + int(maxLen)
  for (let i = 0; i < n; i++) s += pick(chars)
  return s
}

function byteToken(b) {
  return '<0x' + b.toString(16).toUpperCase().padStart(2, '0') + '>'
}

function makeModel(k) {
  const big = k % 7 === 3 // all scores high: two unknowns may beat one piece
  const entries = []
  const n = 2 + int(14)
  for (let i = 0; i < n; i++) {
    entries.push([randWord(4, alphabet), pick(big ? bigScores : scoreTexts)])
  }
  // Duplicates: the last one wins.
  if (rand() < 0.3) entries.push([entries[int(entries.length)][0], pick(scoreTexts)])
  // Single characters, so that most words have a segmentation.
  for (const c of alphabet) if (rand() < 0.6) entries.push([c, pick(big ? bigScores : scoreTexts)])
  let unk = null
  const r = rand()
  if (r < 0.5) {
    entries.splice(int(entries.length + 1), 0, ['<unk>', pick(scoreTexts)])
    unk = entries.findIndex((e) => e[0] === '<unk>')
  } else if (r < 0.75) {
    unk = int(entries.length) // a real piece as the unknown piece
  }
  let byteFallback = false
  if (rand() < 0.35) {
    byteFallback = true
    const all = rand() < 0.5
    for (let b = 0; b < 256; b++) {
      if (all || rand() < 0.8) entries.push([byteToken(b), pick(scoreTexts)])
    }
  } else if (rand() < 0.1) {
    byteFallback = true // but no byte pieces
  }
  // A multi-character unknown run that is itself a token.
  if (rand() < 0.2) entries.push([randWord(2, extra), pick(big ? bigScores : scoreTexts)])
  return { entries, unk, byteFallback }
}

function modelJSON(m) {
  const vocab = '[' + m.entries.map((e) => '[' + JSON.stringify(e[0]) + ',' + e[1] + ']').join(',') + ']'
  const unk = m.unk === null ? '' : `"unk_id":${m.unk},`
  return `{"version":"1.0","truncation":null,"padding":null,"added_tokens":[],"normalizer":null,"pre_tokenizer":null,"post_processor":null,"decoder":null,"model":{"type":"Unigram",${unk}"vocab":${vocab},"byte_fallback":${m.byteFallback}}}`
}

function byteOffsets(text, offs) {
  const chars = Array.from(text)
  const pos = [0]
  for (const c of chars) pos.push(pos[pos.length - 1] + Buffer.byteLength(c))
  return offs.map(([s, e]) => [pos[s], pos[e]])
}

async function main() {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'unigram-'))
  const out = []
  for (let k = 0; k < 250; k++) {
    const m = makeModel(k)
    const tok = Tokenizer.fromString(modelJSON(m))
    const saved = path.join(tmp, 'saved.json')
    tok.save(saved, false)
    const vocab = JSON.parse(fs.readFileSync(saved, 'utf8')).model.vocab
    const words = []
    for (let i = 0; i < 12; i++) words.push(randWord(10, rand() < 0.3 ? alphabet.concat(extra) : alphabet))
    words.push('')
    const tests = []
    for (const w of words) {
      try {
        const enc = await tok.encode(w, null, { addSpecialTokens: false })
        tests.push({ w, ids: enc.getIds(), tokens: enc.getTokens(), offsets: byteOffsets(w, enc.getOffsets()) })
      } catch (e) {
        tests.push({ w, error: String(e.message || e) })
      }
    }
    out.push({ vocab, unk_id: m.unk, byte_fallback: m.byteFallback, tests })
  }
  fs.rmSync(tmp, { recursive: true })
  process.stdout.write(JSON.stringify(out) + '\n')
}

main().catch((e) => {
  process.stderr.write(String(e.stack || e) + '\n')
  process.exit(1)
})
