#!/usr/bin/env node
// mksynthetic.js writes the synthetic end-to-end cases of the
// pre-tokenizers no real tokenizer.json uses (../../testdata/synthetic/
// pretok-*.json) and their expected output, through
// ../../internal/tools/mkgolden.js.
//
// Each case is a WordLevel model with an unknown token, so that every piece
// the pre-tokenizer makes becomes one token with its offsets; the
// vocabulary holds some of the pieces the reference makes of the inputs, so
// that ids vary too. Cases named pretok-refused-* must fail to load.
//
// Usage (from this directory): REF=/work/ref node mksynthetic.js
'use strict'

const path = require('path')
const fs = require('fs')
const { execFileSync } = require('child_process')
const ref = process.env.REF || '/work/ref'
const { Tokenizer } = require(path.join(ref, 'node_modules', 'tokenizers'))

const outDir = path.join(__dirname, '../../testdata/synthetic')

const texts = [
  '', '   ', 'Hello, world!', '  leading and  trailing  ', 'tab\tseparated\nline two\r\n',
  "don't stop-the-music... (now)!!", 'the-final--countdown', '12 345 6789 3.14 ٣٤٥ ⅷ ²', 'abc123def 4five6',
  '日本語のテキストとカタカナー。漢字', 'Ελληνικά and English, русский', 'emoji 😀👍🏽 end', 'café naïve e\u0301 combining',
  'ſtraße STRASSE', 'wide　space\u00a0nbsp', '▁already▁metaspace', '<s>hello</s>', 'start <s> middle <mask> end', 'MiXeD CaSe WoRdS',
]
const pairs = [['Hello, world!', 'How are you?'], ['<s> first', 'second <mask>']]

function inputs() {
  const lines = texts.map((text) => ({ text }))
  for (const [text, pair] of pairs) lines.push({ text, pair })
  lines.push({ text: 'Hello, world!', add_special_tokens: false })
  return lines.map((l) => JSON.stringify(l)).join('\n') + '\n'
}

const added = [
  { id: 0, content: '[UNK]', single_word: false, lstrip: false, rstrip: false, normalized: false, special: true },
  { id: 1, content: '<s>', single_word: false, lstrip: false, rstrip: false, normalized: false, special: true },
  { id: 2, content: '</s>', single_word: false, lstrip: false, rstrip: false, normalized: false, special: true },
  { id: 3, content: '<mask>', single_word: false, lstrip: false, rstrip: false, normalized: true, special: false },
]

function tokenizerJSON(pre, vocab, normalizer) {
  return {
    version: '1.0', truncation: null, padding: null, added_tokens: added, normalizer: normalizer || null,
    pre_tokenizer: pre, post_processor: null, decoder: null,
    model: { type: 'WordLevel', vocab, unk_token: '[UNK]' },
  }
}

// vocabFor puts in the vocabulary every other piece the reference makes of
// the texts.
function vocabFor(pre, normalizer) {
  const vocab = { '[UNK]': 0, '<s>': 1, '</s>': 2, '<mask>': 3 }
  let p
  try {
    p = Tokenizer.fromString(JSON.stringify(tokenizerJSON(pre, vocab, normalizer))).getPreTokenizer()
  } catch (e) {
    return vocab
  }
  let k = 0
  for (const t of texts) {
    for (const [piece] of p.preTokenizeString(t)) {
      if (!(piece in vocab) && k++ % 2 === 0) vocab[piece] = Object.keys(vocab).length
    }
  }
  return vocab
}

const split = (pattern, behavior, invert) => ({ type: 'Split', pattern, behavior, invert })
const cases = {
  'pretok-chardelimiter': { type: 'CharDelimiterSplit', delimiter: '-' },
  'pretok-chardelimiter-space': { type: 'CharDelimiterSplit', delimiter: ' ' },
  'pretok-unicodescripts': { type: 'UnicodeScripts' },
  'pretok-fixedlength': { type: 'FixedLength', length: 3 },
  'pretok-fixedlength-default': { type: 'FixedLength' },
  'pretok-punctuation': { type: 'Punctuation' },
  'pretok-punctuation-removed': { type: 'Punctuation', behavior: 'Removed' },
  'pretok-punctuation-previous': { type: 'Punctuation', behavior: 'MergedWithPrevious' },
  'pretok-punctuation-next': { type: 'Punctuation', behavior: 'MergedWithNext' },
  'pretok-punctuation-contiguous': { type: 'Punctuation', behavior: 'Contiguous' },
  'pretok-digits': { type: 'Digits', individual_digits: false },
  'pretok-digits-individual': { type: 'Digits', individual_digits: true },
  'pretok-metaspace-never': { type: 'Metaspace', replacement: '▁', prepend_scheme: 'never', split: true },
  'pretok-metaspace-never-legacy': { type: 'Metaspace', replacement: '▁', add_prefix_space: false, prepend_scheme: 'never' },
  'pretok-metaspace-first-split': { type: 'Metaspace', replacement: '▁', prepend_scheme: 'first', split: true },
  'pretok-metaspace-always-nosplit': { type: 'Metaspace', replacement: '_', prepend_scheme: 'always', split: false },
  'pretok-metaspace-legacy': { type: 'Metaspace', replacement: '▁', str_rep: '▁', add_prefix_space: true },
  'pretok-bytelevel-prefix': { type: 'ByteLevel', add_prefix_space: true, trim_offsets: true },
  'pretok-bytelevel-prefix-noregex': { type: 'ByteLevel', add_prefix_space: true, trim_offsets: false, use_regex: false },
  'pretok-whitespace': { type: 'Whitespace' },
  'pretok-whitespacesplit': { type: 'WhitespaceSplit' },
  'pretok-bert': { type: 'BertPreTokenizer' },
  'pretok-split-removed': split({ Regex: '\\s+|[,.!?]' }, 'Removed', false),
  'pretok-split-isolated': split({ Regex: '\\s+|[,.!?]' }, 'Isolated', false),
  'pretok-split-previous': split({ Regex: '\\s+|[,.!?]' }, 'MergedWithPrevious', false),
  'pretok-split-next': split({ Regex: '\\s+|[,.!?]' }, 'MergedWithNext', false),
  'pretok-split-contiguous': split({ Regex: '\\s|[,.!?-]' }, 'Contiguous', false),
  'pretok-split-removed-invert': split({ Regex: '\\p{L}+|\\p{N}' }, 'Removed', true),
  'pretok-split-isolated-invert': split({ Regex: '\\p{L}+|\\p{N}' }, 'Isolated', true),
  'pretok-split-previous-invert': split({ Regex: '\\p{L}+' }, 'MergedWithPrevious', true),
  'pretok-split-next-invert': split({ Regex: '\\p{L}+' }, 'MergedWithNext', true),
  'pretok-split-contiguous-invert': split({ Regex: '\\p{L}' }, 'Contiguous', true),
  'pretok-split-string': split({ String: '-' }, 'MergedWithNext', false),
  'pretok-split-string-invert': split({ String: ' ' }, 'Contiguous', true),
  'pretok-split-string-empty': split({ String: '' }, 'Isolated', false),
  'pretok-split-empty-matches': split({ Regex: '\\p{Lu}*' }, 'MergedWithNext', false),
  'pretok-split-case-insensitive': split({ Regex: "(?i:'s|'t|'re|'ve|'m|'ll|'d)|(?i)straße|[\\p{L}]+" }, 'Isolated', false),
  'pretok-split-enum-map': { type: 'Split', pattern: { String: ' ' }, behavior: { MergedWithPrevious: null }, invert: false },
  'pretok-type-map': { type: { Whitespace: null } },
  'pretok-sequence': { type: 'Sequence', pretokenizers: [{ type: 'Digits', individual_digits: true }, { type: 'Punctuation', behavior: 'Contiguous' }, { type: 'UnicodeScripts' }, { type: 'Metaspace', replacement: '▁', prepend_scheme: 'first', split: true }, { type: 'FixedLength', length: 4 }] },
  'pretok-sequence-empty': { type: 'Sequence', pretokenizers: [] },
  'pretok-refused-delimiter-name': { type: 'Delimiter', delimiter: '-' },
  'pretok-refused-delimiter-long': { type: 'CharDelimiterSplit', delimiter: '--' },
  'pretok-refused-metaspace-aps': { type: 'Metaspace', replacement: '▁', add_prefix_space: false },
  'pretok-refused-metaspace-scheme': { type: 'Metaspace', replacement: '▁', prepend_scheme: 'First' },
  'pretok-refused-metaspace-scheme-null': { type: 'Metaspace', replacement: '▁', prepend_scheme: null },
  'pretok-refused-metaspace-replacement': { type: 'Metaspace', replacement: '▁▁' },
  'pretok-refused-split-no-invert': { type: 'Split', pattern: { String: ' ' }, behavior: 'Isolated' },
  'pretok-refused-split-pattern': { type: 'Split', pattern: ' ', behavior: 'Isolated', invert: false },
  'pretok-refused-split-regex': split({ Regex: '(' }, 'Isolated', false),
  'pretok-refused-split-two-keys': split({ Regex: 'a', String: 'a' }, 'Isolated', false),
  'pretok-refused-bytelevel-no-trim': { type: 'ByteLevel', add_prefix_space: true },
  'pretok-refused-digits-missing': { type: 'Digits' },
  'pretok-refused-fixedlength-float': { type: 'FixedLength', length: 2.5 },
  'pretok-refused-unknown': { type: 'Foo' },
  'pretok-refused-no-type': { add_prefix_space: true, trim_offsets: true },
  'pretok-refused-sequence-item': { type: 'Sequence', pretokenizers: [{ type: 'Whitespace' }, { type: 'Punctuation', behavior: 'isolated' }] },
}

const input = inputs()
const normalizers = { 'pretok-bytelevel-prefix': { type: 'NFC' } }
for (const [name, pre] of Object.entries(cases)) {
  const file = path.join(outDir, name + '.json')
  const tj = tokenizerJSON(pre, vocabFor(pre, normalizers[name]), normalizers[name])
  fs.writeFileSync(file, JSON.stringify(tj) + '\n')
  const golden = execFileSync('node', [path.join(__dirname, '../../internal/tools/mkgolden.js'), file], { input, env: Object.assign({}, process.env, { REF: ref }) })
  fs.writeFileSync(path.join(outDir, name + '.jsonl'), golden)
  const refused = golden.toString().startsWith('{"load_error"')
  if (refused !== name.startsWith('pretok-refused-')) throw new Error(`${name}: load_error=${refused}`)
}
