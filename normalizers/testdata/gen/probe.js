#!/usr/bin/env node
// probe.js asks the reference (Hugging Face tokenizers through its Node
// binding) what each normalizer does to every single code point, and prints
// the answers in a compact text form that unicode_test.go reads:
//
//	map NAME                 a mapping follows: "CP OUT" lines for every
//	                         code point whose output differs from its input
//	                         (CP and the output's code points in hex, "-"
//	                         for an empty output)
//	set NAME                 a set follows: "LO HI" lines (hex, inclusive)
//
// Usage: REF=/work/ref node probe.js | gzip -9 > ../unicode_ref.txt.gz
'use strict'
const path = require('path')
const ref = process.env.REF || '/work/ref'
const t = require(path.join(ref, 'node_modules', 'tokenizers'))

const hex = (cp) => cp.toString(16).toUpperCase()
const cps = (s) => Array.from(s).map((c) => hex(c.codePointAt(0))).join(' ') || '-'
const out = []

function* all() {
  for (let cp = 0; cp <= 0x10ffff; cp++) {
    if (cp >= 0xd800 && cp <= 0xdfff) continue
    yield cp
  }
}

// Hangul syllables decompose algorithmically: the test checks a sample of
// them in sequences instead of listing all 11172 here.
const hangul = (cp) => cp >= 0xac00 && cp <= 0xd7a3

function mapping(name, n) {
  out.push('map ' + name)
  for (const cp of all()) {
    if (hangul(cp)) continue
    const s = String.fromCodePoint(cp)
    const r = n.normalizeString(s)
    if (r !== s) out.push(hex(cp) + ' ' + cps(r))
  }
}

function set(name, pred) {
  out.push('set ' + name)
  let lo = -1
  let prev = -2
  for (const cp of all()) {
    if (pred(cp)) {
      if (cp !== prev + 1) {
        if (lo >= 0) out.push(hex(lo) + ' ' + hex(prev))
        lo = cp
      }
      prev = cp
    }
  }
  if (lo >= 0) out.push(hex(lo) + ' ' + hex(prev))
}

const one = (n, want) => (cp) => n.normalizeString(String.fromCodePoint(cp)) === want(cp)

mapping('nfd', t.nfdNormalizer())
mapping('nfkd', t.nfkdNormalizer())
mapping('nfc', t.nfcNormalizer())
mapping('nfkc', t.nfkcNormalizer())
mapping('lowercase', t.lowercase())
mapping('nmt', t.nmt())

// BertNormalizer's clean_text: removed characters, and characters turned
// into a space.
const clean = t.bertNormalizer({ cleanText: true, handleChineseChars: false, stripAccents: false, lowercase: false })
set('bert_removed', one(clean, () => ''))
set('bert_space', (cp) => cp !== 0x20 && clean.normalizeString(String.fromCodePoint(cp)) === ' ')
// handle_chinese_chars: characters surrounded by spaces.
const chinese = t.bertNormalizer({ cleanText: false, handleChineseChars: true, stripAccents: false, lowercase: false })
set('bert_chinese', one(chinese, (cp) => ' ' + String.fromCodePoint(cp) + ' '))
// strip_accents: NFD then removal of nonspacing marks. Only code points
// that NFD leaves alone tell which are removed.
const nfd = t.nfdNormalizer()
const accents = t.bertNormalizer({ cleanText: false, handleChineseChars: false, stripAccents: true, lowercase: false })
set('bert_nonspacing', (cp) => {
  const s = String.fromCodePoint(cp)
  return nfd.normalizeString(s) === s && accents.normalizeString(s) === ''
})
// StripAccents: removed code points.
set('combining_mark', one(t.stripAccentsNormalizer(), () => ''))
// Strip: whitespace.
set('whitespace', one(t.stripNormalizer(true, true), () => ''))

process.stdout.write(out.join('\n') + '\n')
