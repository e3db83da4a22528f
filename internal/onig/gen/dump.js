#!/usr/bin/env node
// dump.js asks the reference implementation (Hugging Face tokenizers,
// through its Node binding) which code points belong to each character
// class its pre-tokenizers and regular expressions use, and prints them as
// JSON ranges. gen.go turns the output into Go tables.
//
// Usage: REF=/path/to/ref node dump.js | gzip -9 > classes.json.gz
//
// Every class is measured through the reference's behaviour, never copied
// from its source: the Unicode versions of its dependencies differ from Go's
// (Oniguruma and the regex crate use Unicode 16, Rust's char methods 17, the
// unicode_categories crate an older one).
'use strict'

const path = require('path')
const ref = process.env.REF || path.join(__dirname, '../../../../ref')
const { Tokenizer } = require(path.join(ref, 'node_modules', 'tokenizers'))

function preTokenizer(pre) {
  const j = {
    version: '1.0', truncation: null, padding: null, added_tokens: [], normalizer: null,
    pre_tokenizer: pre, post_processor: null, decoder: null,
    model: { type: 'WordLevel', vocab: { '[UNK]': 0 }, unk_token: '[UNK]' },
  }
  return Tokenizer.fromString(JSON.stringify(j)).getPreTokenizer()
}

// All code points a string can hold (no surrogates).
const cps = []
for (let c = 0; c <= 0x10ffff; c++) if (c < 0xd800 || c > 0xdfff) cps.push(c)

function str(list) {
  const parts = []
  for (let i = 0; i < list.length; i += 4096) parts.push(String.fromCodePoint(...list.slice(i, i + 4096)))
  return parts.join('')
}
const all = str(cps)

// ranges turns a membership array over cps into [first, last] ranges.
function ranges(member) {
  const out = []
  for (let i = 0; i < cps.length; i++) {
    if (!member[i]) continue
    const last = out[out.length - 1]
    if (last && (last[1] === cps[i] - 1 || (last[1] === 0xd7ff && cps[i] === 0xe000))) last[1] = cps[i]
    else out.push([cps[i], cps[i]])
  }
  return out
}

// removed gives the code points a pre-tokenizer that removes its
// delimiters drops from the string of all code points.
function removed(pre) {
  const mem = new Array(cps.length).fill(true)
  for (const [, [a, b]] of preTokenizer(pre).preTokenizeString(all)) for (let i = a; i < b; i++) mem[i] = false
  return mem
}

// alternating reads a Contiguous split of the string of all code points,
// whose pieces alternate between members and non-members (U+0000 is not a
// member of the classes it is used for).
function alternating(pre) {
  const mem = new Array(cps.length).fill(false)
  let k = 0
  for (const [, [a, b]] of preTokenizer(pre).preTokenizeString(all)) {
    if (k % 2 === 1) for (let i = a; i < b; i++) mem[i] = true
    k++
  }
  return mem
}

const regex = (re) => ({ type: 'Split', pattern: { Regex: re }, behavior: 'Removed', invert: false })

const out = { onig: {}, fold: {} }

// Oniguruma's general categories, as the Split pre-tokenizer's regexes see them.
for (const cat of ['Cc', 'Cf', 'Cn', 'Co', 'Ll', 'Lm', 'Lo', 'Lt', 'Lu', 'Mc', 'Me', 'Mn', 'Nd', 'Nl', 'No',
  'Pc', 'Pd', 'Pe', 'Pf', 'Pi', 'Po', 'Ps', 'Sc', 'Sk', 'Sm', 'So', 'Zl', 'Zp', 'Zs']) {
  out.onig[cat] = ranges(removed(regex(`\\p{${cat}}`)))
}
// Oniguruma's shorthand classes.
out.onig.space = ranges(removed(regex('\\s')))
out.onig.word = ranges(removed(regex('\\w')))
out.onig.digit = ranges(removed(regex('\\d')))
// Oniguruma's POSIX brackets.
out.posix = {}
for (const name of ['alnum', 'alpha', 'ascii', 'blank', 'cntrl', 'digit', 'graph', 'lower', 'print', 'punct', 'space', 'upper', 'xdigit', 'word']) {
  out.posix[name] = ranges(removed(regex(`[[:${name}:]]`)))
}
// Oniguruma's case-insensitive matching of each ASCII letter.
for (let c = 0x61; c <= 0x7a; c++) {
  const l = String.fromCharCode(c)
  out.fold[l] = ranges(removed(regex(`(?i:${l})`)))
}

// Oniguruma's multi-character case folds (ß matches "ss" case-insensitively):
// JavaScript's case mappings propose, the reference decides.
out.multi_folds = []
{
  const both = (re, text) => preTokenizer(regex(re)).preTokenizeString(text).length === 0
  for (const c of cps) {
    const s = String.fromCodePoint(c)
    const f = s.toLowerCase().toUpperCase().toLowerCase()
    if ([...f].length < 2) continue
    const hex = (t) => [...t].map((x) => `\\x{${x.codePointAt(0).toString(16)}}`).join('')
    if (both(`(?i:${hex(s)})`, f) && both(`(?i:${hex(f)})`, s)) out.multi_folds.push({ r: c, fold: f })
  }
}

// Rust's char::is_whitespace (WhitespaceSplit removes it).
out.rust_whitespace = ranges(removed({ type: 'WhitespaceSplit' }))
// Rust's char::is_numeric (Digits).
out.rust_numeric = ranges(alternating({ type: 'Digits', individual_digits: false }))
// The punctuation of BertPreTokenizer and Punctuation.
out.bert_punct = ranges(alternating({ type: 'Punctuation', behavior: 'Contiguous' }))

// The regex crate's \w and \s, as the Whitespace pre-tokenizer uses them:
// for each code point c, "a" c " " gives "ac" if c is \w, nothing for c if
// it is \s, and "a", "c" otherwise.
{
  const parts = []
  for (const c of cps) parts.push('a' + String.fromCodePoint(c) + ' ')
  const word = new Array(cps.length).fill(false)
  const seen = new Array(cps.length).fill(false)
  for (const [, [a, b]] of preTokenizer({ type: 'Whitespace' }).preTokenizeString(parts.join(''))) {
    for (let k = a; k < b; k++) {
      if (k % 3 !== 1) continue
      const i = (k - 1) / 3
      seen[i] = true
      if (a === k - 1 && b === k + 1) word[i] = true
    }
  }
  out.regex_word = ranges(word)
  out.regex_space = ranges(seen.map((s) => !s))
}

// The scripts of UnicodeScripts. Only which code points share a script
// matters, and which have none ("Any", which never starts a piece).
{
  const p = preTokenizer({ type: 'UnicodeScripts' })
  // c + "日": Any gives just "日"; Han gives one piece; others two.
  const isAny = cps.map((c) => {
    const r = p.preTokenizeString(String.fromCodePoint(c) + '日')
    return r.length === 1 && r[0][1][0] === 1
  })
  const named = cps.filter((c, i) => !isAny[i])
  // Runs of one script in the string of all code points that have one.
  const runs = p.preTokenizeString(str(named)).map(([, [a, b]]) => [named[a], named[b - 1], a, b])
  // Group the runs by script, comparing a representative of each.
  const groups = [] // representative code point of each script
  const scripts = []
  for (const [first, last, a, b] of runs) {
    let g = groups.findIndex((rep) => p.preTokenizeString(String.fromCodePoint(rep, first)).length === 1)
    if (g < 0) {
      groups.push(first)
      g = groups.length - 1
    }
    // The run may span code points that have no script: emit sub-ranges.
    let start = a
    for (let i = a + 1; i <= b; i++) {
      if (i === b || named[i] !== named[i - 1] + 1) {
        scripts.push([named[start], named[i - 1], g + 1])
        start = i
      }
    }
  }
  out.scripts = scripts
  out.script_representatives = groups
}

process.stdout.write(JSON.stringify(out) + '\n')
