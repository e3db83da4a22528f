#!/usr/bin/env node
// gen_cases.js writes cases.json: what the reference (tokenizers 0.23.2
// through its Node binding) gives for each word of small WordPiece and
// WordLevel models. The model is the only stage of the tokenizer, so a
// word is exactly what the model sees. Offsets are converted to bytes.
//
// Usage: REF=/work/ref node gen_cases.js > cases.json
'use strict'
const path = require('path')
const ref = process.env.REF || '/work/ref'
const { Tokenizer } = require(path.join(ref, 'node_modules', 'tokenizers'))

const wp = (vocab, opts = {}) => Object.assign({
  type: 'WordPiece', unk_token: '[UNK]', continuing_subword_prefix: '##', max_input_chars_per_word: 100,
}, opts, { vocab: Object.fromEntries(vocab.map((t, i) => [t, i])) })
const wl = (vocab, unk) => ({ type: 'WordLevel', unk_token: unk, vocab: Object.fromEntries(vocab.map((t, i) => [t, i])) })

const cases = [
  { name: 'greedy', model: wp(['[UNK]', 'un', '##aff', '##able', 'a', '##a', 'ab', '##b', 'abc', '##bc', '##c', 'b', 'c', '##cd', 'aff']),
    words: ['unaffable', 'ab', 'abc', 'abcabc', 'abd', 'ba', 'cab', 'a', 'aaa', 'abcd', 'x', 'xa', 'ax', 'affable', 'un', 'bbbb', 'abca'] },
  { name: 'nonascii', model: wp(['[UNK]', 'é', '##é', 'e', '##\u0301', '日本', '##語', '日', '😀', '##😀', 'ü', '##ß', 'Ω', '##ω', '##日本語']),
    words: ['éé', 'ééé', '日本語', '日本', '語', '日語', '😀😀😀', 'e\u0301', 'e\u0301\u0301', 'üß', 'Ωω', 'ωΩ', '日日本語', '日本日本語', 'é😀'] },
  { name: 'max3', model: wp(['[UNK]', 'a', '##a', 'é', '##é', 'abcd', '😀', '##😀'], { max_input_chars_per_word: 3 }),
    words: ['a', 'aaa', 'aaaa', 'ééé', 'éééé', 'abcd', '😀😀😀', '😀😀😀😀', 'aé😀'] },
  { name: 'max0', model: wp(['[UNK]', 'a'], { max_input_chars_per_word: 0 }), words: ['a', 'b'] },
  { name: 'prefix-at', model: wp(['<unk>', 'a', '@@b', '@@c', 'ab', '##b', 'c'], { continuing_subword_prefix: '@@', unk_token: '<unk>' }),
    words: ['ab', 'abc', 'ac', 'abb', 'c', 'cb', 'a@@b', 'b'] },
  { name: 'prefix-hashes', model: wp(['[UNK]', 'a', '##', '##b', '####', '####b', '#', '###', '##a', 'b']),
    words: ['a##b', '##', '#', '###', 'a#', 'a###b', '####', 'a####', 'ab', 'a##', 'b##b'] },
  { name: 'prefix-multibyte', model: wp(['[UNK]', 'a', '▁b', '▁▁', '▁c', 'b', '##b', '▁', '▁▁b'], { continuing_subword_prefix: '▁' }),
    words: ['ab', 'abc', 'ac', 'a▁', 'a▁b', 'bb', '▁', '▁b', 'a▁▁b'] },
  { name: 'prefix-empty', model: wp(['[UNK]', 'a', 'b', 'ab', 'abc', 'c', '##c'], { continuing_subword_prefix: '' }),
    words: ['abc', 'abcab', 'ba', 'x', 'ax', 'cc', 'a##c'] },
  { name: 'prefix-absent', model: wp(['[UNK]', 'a', 'ab'], { continuing_subword_prefix: '%%' }),
    words: ['a', 'ab', 'aa', 'abab'] },
  { name: 'no-unk', model: wp(['a', '##a', 'ab'], { max_input_chars_per_word: 4 }),
    words: ['a', 'aa', 'ab', 'ax', 'aaaaa', 'x'] },
  { name: 'unk-custom', model: wp(['a', '##a', 'ab', '<oov>', '[UNK]'], { unk_token: '<oov>' }),
    words: ['a', 'ax', 'b'] },
  { name: 'dup-ids', model: Object.assign(wp(['[UNK]']), { vocab: { '[UNK]': 0, x: 1, a: 1, '##a': 2, '##x': 2, b: 0 } }),
    words: ['xa', 'a', 'x', 'ax', 'b', 'c', 'bx'] },
  { name: 'spaces', model: wp(['[UNK]', 'a', '## ', '##b', ' ', '##  ']),
    words: ['a b', ' ', '  ', 'a  b', 'a', ' a', '\t'] },
  { name: 'wordlevel', model: wl(['<unk>', 'a', 'hello world', 'é', '日本', '😀', ' '], '<unk>'),
    words: ['a', 'b', 'hello world', 'hello', 'é', 'e\u0301', '日本', '日', '😀', ' ', 'ab'] },
  { name: 'wordlevel-no-unk', model: wl(['a', 'b'], '<unk>'), words: ['a', 'b', 'c', '<unk>'] },
  { name: 'wordlevel-dup-ids', model: { type: 'WordLevel', unk_token: 'u', vocab: { u: 0, x: 1, y: 1 } }, words: ['x', 'y', 'z'] },
]

function charToByte(word) {
  const out = [0]
  let b = 0
  for (const ch of word) { b += Buffer.byteLength(ch, 'utf8'); out.push(b) }
  return out
}

async function main() {
  for (const c of cases) {
    const j = JSON.stringify({ version: '1.0', truncation: null, padding: null, added_tokens: [], normalizer: null,
      pre_tokenizer: null, post_processor: null, decoder: null, model: c.model })
    const tok = Tokenizer.fromString(j)
    c.expected = []
    for (const w of c.words) {
      try {
        const e = await tok.encode(w, null, { addSpecialTokens: false })
        const m = charToByte(w)
        c.expected.push({ tokens: e.getTokens(), ids: e.getIds(), offsets: e.getOffsets().map(([s, e]) => [m[s], m[e]]) })
      } catch (err) {
        c.expected.push({ error: String(err.message || err) })
      }
    }
  }
  process.stdout.write(JSON.stringify(cases, null, 1) + '\n')
}
main()
