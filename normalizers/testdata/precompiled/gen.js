#!/usr/bin/env node
// gen.js asks the reference what the Precompiled normalizer does, with the
// charsmap of t5-small and those of maps.json (see precompiled_maps_test.go),
// and writes the answers for precompiled_ref_test.go:
//
//   - ref.jsonl.gz: normalized text and alignment of every charsmap over the
//     corpus edge cases, the hand-picked texts below and random strings of
//     hard characters (in full), the other lines of corpus/lines.jsonl (as
//     hashes), and the corpus text files in blocks of 100 lines (as hashes,
//     t5 and probe only). The first line lists the charsmaps, the texts in
//     full, the number of corpus lines and the blocks; then each answer:
//     {"m": charsmap, "t": text, "n": normalized, "o": offsets (see
//     encodeOffsets)}, {"m", "l": corpus line, "h": hash (see hashOf)} or
//     {"m", "b": block, "h"}.
//   - graphemes.txt.gz (with -graphemes): what the probe charsmap, which
//     turns every cluster shorter than 6 bytes into one "X", shows of the
//     reference's grapheme clusters around every code point (see probes).
//
// The alignment is read from encodings, as in ../gen/golden.js: the
// pre-tokenizer isolates every normalized character and a WordLevel model
// makes each an unknown token whose offsets are the character's span (in
// characters, as the binding gives them).
//
// Usage (from this directory):
//
//	REF=/work/ref node gen.js /work/shared | gzip -9n > ref.jsonl.gz
//	REF=/work/ref node gen.js /work/shared -graphemes | gzip -9n > graphemes.txt.gz
'use strict'
const path = require('path')
const fs = require('fs')
const crypto = require('crypto')
const ref = process.env.REF || '/work/ref'
const t = require(path.join(ref, 'node_modules', 'tokenizers'))

const shared = process.argv[2]
const t5 = JSON.parse(fs.readFileSync(path.join(shared, 'tokenizers', 't5-small', 'tokenizer.json'), 'utf8'))
const charsmaps = { t5: t5.normalizer.precompiled_charsmap, ...JSON.parse(fs.readFileSync(path.join(__dirname, 'maps.json'), 'utf8')) }
const mapNames = ['t5', 'probe', 'crafted', 'removals']

function tokenizerOf(charsmap) {
  return t.Tokenizer.fromString(JSON.stringify({
    version: '1.0',
    normalizer: { type: 'Precompiled', precompiled_charsmap: charsmap },
    pre_tokenizer: { type: 'Split', pattern: { Regex: '[\\s\\S]' }, behavior: 'Isolated', invert: false },
    model: { type: 'WordLevel', vocab: { '[UNK]': 0 }, unk_token: '[UNK]' },
  }))
}

async function normalize(tok, s) {
  const n = tok.getNormalizer().normalizeString(s)
  const enc = await tok.encode(s, null, { addSpecialTokens: false })
  const offsets = enc.getOffsets()
  if (offsets.length !== Array.from(n).length) throw new Error(`${offsets.length} tokens for ${Array.from(n).length} characters`)
  return { n, offsets }
}

function hashOf(norm, offsets) {
  const h = crypto.createHash('sha256')
  h.update(norm + '\n' + offsets.map((o) => o[0] + ',' + o[1]).join(';'))
  return h.digest('hex').slice(0, 8)
}

// encodeOffsets: '.' for [prevEnd, prevEnd+1], '=' for the same span as the
// previous character, else "start,end;" (as ../gen/golden.js).
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

// Hand-picked texts: clusters of every kind, keys that prefix others, the
// cases of removals and expansions next to each other and at the ends.
const extra = [
  '\x01abc', 'a\x01bc', 'ab\x01\x01c', '\x01\x02\x03x', '\x01', '\x01\x01', 'x', 'xx', 'xxabc', 'xyx', 'yx', 'yxx', ' x y', 'ww', 'www', 'wwx',
  'ª\u0300x', 'A\u0300x', 'ﬁ\u0301', 'ﬁ\u0301\u0301', '\u00a0x', 'x\u200b', '\u200bx', '\u200b\u200b', 'a\r\nb', '\r\n', '\r\r\n\n', '\n\r',
  '①\x01', '\u3000\x01', '\u3000\u0301', '\u3000\u0301\u0301', 'e\u0301', 'e\u0301\u0302', 'e\u0301\u0302\u0303', 'e\u0302\u0301',
  'o\u0308', 'u\u0308', 'u\u0308\u0308', 'ab', 'abc', 'a\u0300', 'a\u0300\u0300', 'z\u0301', 'z\u0301z\u0301', 'Qz\u0301', 'yz\u0301', 'klmnop', 'kl', 'k\u0301l',
  '😀', '😀\u0301', '👍', '👍🏽', '👍🏽👍', 'x👍🏽', '👨‍👩‍👧', '👨‍👩‍👧‍👦', '❤\ufe0f', '❤\u200d🔥', '©\u200d©', '©\u200d', '©\u200dx', '©\u0301\u200d©x', '©\u0903\u200d©\u0300',
  '🇦🇨🇦', '🇦🇨🇦🇨', 'x🇦🇨', '🇦\u0301', '🇦🇨\u0301',
  '\u0600a', '\u0600\u0600a', '\u0600', '\u0600\r', '\u0600\u0301', '\u0d4ek', 'a\u0903', 'क\u0903', 'क्ष', 'क्\u093cष\u0300', 'क\u093c्ष', 'क्क्क', 'ा', 'क\u200dक',
  '가', '가\u0301', '\u1100\u1161\u11a8', '\u1100\u1100\u1161', '\u1100\u0301', '\u11a8\u11a8', '각\u11a8', '가\u1161', '\u1161\u11a8\u0300',
  'i\u0307\u0301', '\u0130', '\u0130\u0301', 'T\u0302\u0303', 'T\u0303\u0302', '\x02\x03', '\x02', '\x7f', '\x7f\u0301', '\u0085', '\u0085\u0301',
  '\u0308', '\u0308\u0308', 'a\u0308', '\u0300abc', ' \u0300', '\u200d', '\u200d\u200d', 'ä', 'äa', 'ää', 'ü', 'üx', 'xü', 'ñ', 'ñ\u0303', 'é', 'é\u0301', 'é\u0301x',
  '中', '中文', '\u2003\u20dd', '\u2003\u20dd\u20dd', '\U0001F3FB', 'a\U0001F3FB', '\U0001F3FBa', 'x\u0301', 'x\u0301x', '\u0301', '\u0301\u0301a', 'q\u0301', 'yq\u0301',
  '\u0000', 'a\u0000b', '\u0000\u0301', '\ufeffx', '\u00ad', 'a\u00ad', '\u00ad\u0301', '\ue000\u0301', '\udb40\udc20', 'x\udb40\udc20', '\udb40\udc01\u0301',
  'Hello, World! Ünïcödé — ‘quotes’ “double” … ½ ™ ℃ ㎏ ｶﾞ ｶﾞｷﾞ', 'ｶﾞ', 'ｶ\uff9e', 'ｶ\uff9e\uff9e', '\uff9e', 'ﾊﾟ',
]

// Random strings of characters that matter: ASCII, controls, combining
// marks, ZWJ, emoji and modifiers, regional indicators, Hangul jamo and
// syllables, prepend and spacing marks, Indic consonants, linkers and
// extenders, and the keys of the charsmaps.
const alphabet = Array.from('abexyzmkloqutiAQTw \r\n\t\x00\x01\x02\x03\x7f' +
  '\u0300\u0301\u0302\u0303\u0307\u0308\u20dd\u093c\u200d\u200c\ufe0f\u0903\u0d4e\u0600' +
  '👍😀🏽❤©🇦🇨\u1100\u1161\u11a8가각\u0915\u094d\u0937ﬁäéüñ①中\u3000\u00a0\u2003\u0130ª\u0085\u200b\ufeff\u00ad\uff76\uff9e') // ｶ ﾞ
  .concat(['\udb40\udc20', '\udb40\udc01'])

function mulberry32(a) {
  return function () {
    a |= 0; a = (a + 0x6D2B79F5) | 0
    let r = Math.imul(a ^ (a >>> 15), 1 | a)
    r = (r + Math.imul(r ^ (r >>> 7), 61 | r)) ^ r
    return ((r ^ (r >>> 14)) >>> 0) / 4294967296
  }
}

function randomTexts(n) {
  const rnd = mulberry32(6642460)
  const out = []
  for (let i = 0; i < n; i++) {
    const len = 1 + Math.floor(rnd() * 10)
    let s = ''
    for (let j = 0; j < len; j++) s += alphabet[Math.floor(rnd() * alphabet.length)]
    out.push(s)
  }
  return out
}

// probes are the texts around a code point c whose clusters the probe
// charsmap shows (clusters of 6 bytes and more show as their characters):
// whether c extends a cluster (GB9, GB9a), whether it is a Prepend (GB9b),
// a control (GB4, GB5, seen after a Prepend), Extended_Pictographic (GB11),
// a Hangul jamo or syllable (GB6-GB8), an InCB consonant, linker or extender
// (GB9c), an Extend within an emoji sequence (GB11), or an LF after CR.
function probes(c) {
  return [
    'a' + c, c + 'a', '\u0600' + c, '©\u200d' + c,
    '\u1100' + c + '\u0300', '\u1161' + c + '\u0300', '\u11a8' + c + '\u0300', '가' + c + '\u0300', '각' + c + '\u0300',
    'क्' + c + '\u0300', 'क' + c + 'क\u0300', 'क्' + c + 'क\u0300', '©' + c + '\u200d©\u0300', '\r' + c, c + '\u0300',
  ]
}

async function graphemes() {
  // Per code point, the sizes in characters of the units of each probe,
  // "|" between probes; runs of code points with the same answer are
  // written "first last answer" (hex).
  const tok = tokenizerOf(charsmaps.probe)
  const sep = '\u0000\u0000'
  let runStart = -1
  let runSig = null
  let prevCp = -1
  const flush = () => {
    if (runSig !== null) process.stdout.write(runStart.toString(16) + ' ' + prevCp.toString(16) + ' ' + runSig + '\n')
  }
  const batch = 256
  for (let lo = 0; lo <= 0x10ffff; lo += batch) {
    const cps = []
    for (let cp = lo; cp < lo + batch && cp <= 0x10ffff; cp++) {
      if (cp >= 0xd800 && cp <= 0xdfff) continue
      cps.push(cp)
    }
    if (cps.length === 0) continue
    // One text per batch: the probes, separated by NULs (which nothing
    // joins, and the charsmap leaves alone).
    const parts = []
    const bounds = []
    let pos = 0
    for (const cp of cps) {
      for (const p of probes(String.fromCodePoint(cp))) {
        const n = Array.from(p).length
        bounds.push([pos, pos + n])
        parts.push(p)
        pos += n + 2
      }
    }
    const text = parts.join(sep)
    const enc = await tok.encode(text, null, { addSpecialTokens: false })
    const offsets = enc.getOffsets()
    let k = 0
    const nProbes = bounds.length / cps.length
    for (let i = 0; i < cps.length; i++) {
      const sig = []
      for (let j = 0; j < nProbes; j++) {
        const [s, e] = bounds[i * nProbes + j]
        while (k < offsets.length && offsets[k][0] < s) k++
        const sizes = []
        while (k < offsets.length && offsets[k][1] <= e) {
          sizes.push(offsets[k][1] - offsets[k][0])
          k++
        }
        sig.push(sizes.join(''))
      }
      const s = sig.join('|')
      const cp = cps[i]
      if (s !== runSig || cp !== prevCp + 1) {
        flush()
        runStart = cp
        runSig = s
      }
      prevCp = cp
    }
  }
  flush()
}

async function main() {
  if (process.argv.includes('-graphemes')) return graphemes()
  const corpus = fs.readFileSync(path.join(shared, 'corpus', 'lines.jsonl'), 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l).text)
  const texts = corpus.slice(0, 518).concat(extra, randomTexts(3000))
  const files = ['en.txt', 'multilingual.txt', 'code.txt']
  const blocks = []
  const blockTexts = []
  for (const f of files) {
    const lines = fs.readFileSync(path.join(shared, 'corpus', f), 'utf8').split('\n')
    for (let i = 0; i < lines.length; i += 100) {
      blocks.push({ f, i, n: Math.min(100, lines.length - i) })
      blockTexts.push(lines.slice(i, i + 100).join('\n'))
    }
  }
  console.log(JSON.stringify({ maps: mapNames, texts, lines: corpus.length, blocks }))
  const toks = mapNames.map((m) => tokenizerOf(charsmaps[m]))
  for (let i = 0; i < texts.length; i++) {
    for (let m = 0; m < mapNames.length; m++) {
      const { n, offsets } = await normalize(toks[m], texts[i])
      console.log(JSON.stringify({ m, t: i, n, o: encodeOffsets(offsets) }))
    }
  }
  for (let l = 518; l < corpus.length; l++) {
    for (let m = 0; m < mapNames.length; m++) {
      const { n, offsets } = await normalize(toks[m], corpus[l])
      console.log(JSON.stringify({ m, l, h: hashOf(n, offsets) }))
    }
  }
  for (let b = 0; b < blocks.length; b++) {
    for (const m of [0, 1]) {
      const { n, offsets } = await normalize(toks[m], blockTexts[b])
      console.log(JSON.stringify({ m, b, h: hashOf(n, offsets) }))
    }
  }
}

main().catch((e) => {
  console.error(e)
  process.exit(1)
})
