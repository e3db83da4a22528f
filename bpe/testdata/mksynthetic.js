// mksynthetic.js writes the synthetic BPE tokenizers of ../../testdata/synthetic
// (bpe-*.json); their expected output comes from the reference:
//
//   node mksynthetic.js ../../testdata/synthetic
//   for f in ../../testdata/synthetic/bpe-*.json; do
//     REF=/work/ref node ../../internal/tools/mkgolden.js $f < synthetic_inputs.jsonl > ${f%.json}.jsonl
//   done
'use strict'
const fs = require('fs')
const out = process.argv[2]
function doc(model, pre = { type: 'Whitespace' }, extra = {}) {
  return Object.assign({ version: '1.0', truncation: null, padding: null, added_tokens: [],
    normalizer: null, pre_tokenizer: pre, post_processor: null, decoder: null, model }, extra)
}
// A small vocabulary: letters, some merges, with ids in insertion order.
function build(chars, merges, opts = {}) {
  const prefix = opts.prefix || ''
  const suffix = opts.suffix || ''
  const vocab = {}
  const add = (t) => { if (!(t in vocab)) vocab[t] = Object.keys(vocab).length }
  for (const t of opts.first || []) add(t)
  for (const c of chars) {
    add(c)
    if (prefix) add(prefix + c)
    if (suffix) { add(c + suffix); if (prefix) add(prefix + c + suffix) }
  }
  const ms = []
  for (const [a, b] of merges) {
    add(a); add(b)
    add(a + b.slice(prefix.length))
    ms.push(opts.pairs ? [a, b] : a + ' ' + b)
  }
  for (const t of opts.extra || []) add(t)
  return { vocab, merges: ms }
}
const letters = 'abcdehilnorstuw'.split('')
const baseMerges = [['h', 'e'], ['l', 'l'], ['he', 'll'], ['o', 'w'], ['l', 'ow'], ['t', 'h'], ['th', 'e'], ['e', 'r'], ['a', 'n'], ['i', 'n'], ['an', 'd'], ['s', 't'], ['w', 'o'], ['wo', 'r'], ['wor', 'l'], ['worl', 'd'], ['hell', 'o']]
const files = {}

// dropout 0 and null are exact, with ignore_merges on.
{
  const { vocab, merges } = build(letters, baseMerges, { first: ['<unk>'], extra: ['hel', 'wd'] })
  for (const [name, d] of [['bpe-dropout-zero', 0], ['bpe-dropout-null', null]]) {
    files[name] = doc({ type: 'BPE', dropout: d, unk_token: '<unk>', continuing_subword_prefix: null, end_of_word_suffix: null, fuse_unk: false, byte_fallback: false, ignore_merges: true, vocab, merges })
  }
  // dropout 1: no merge at all, and ignore_merges does not apply.
  files['bpe-dropout-one'] = doc({ type: 'BPE', dropout: 1, unk_token: '<unk>', fuse_unk: true, ignore_merges: true, vocab, merges })
  // unknown characters: not fused, fused, dropped (no unk), unk missing.
  files['bpe-unk'] = doc({ type: 'BPE', unk_token: '<unk>', vocab, merges })
  files['bpe-fuse-unk'] = doc({ type: 'BPE', unk_token: '<unk>', fuse_unk: true, byte_fallback: false, vocab, merges })
  files['bpe-no-unk'] = doc({ type: 'BPE', vocab, merges })
  const v2 = Object.assign({}, vocab); delete v2['<unk>']
  files['bpe-unk-missing'] = doc({ type: 'BPE', unk_token: '<unk>', fuse_unk: true, vocab: v2, merges })
  // whole text as one word (no pre-tokenizer), with the space in the vocabulary.
  // legacy layout without "type", merges as pairs.
  const { vocab: vp, merges: mp } = build(letters, baseMerges, { first: ['<unk>'], pairs: true })
  const v3 = Object.assign({}, vp); v3[' '] = 1000; v3['hello '] = 1001; v3[' w'] = 1002
  files['bpe-no-pretok'] = doc({ type: 'BPE', unk_token: '<unk>', fuse_unk: true, vocab: v3, merges: mp.concat([['hello', ' '], [' ', 'w']]) }, null)
  files['bpe-legacy-pairs'] = doc({ unk_token: '<unk>', vocab: vp, merges: mp })
}
// byte fallback: all byte tokens, some missing, none.
{
  const bytes = []
  for (let b = 0; b < 256; b++) bytes.push('<0x' + b.toString(16).toUpperCase().padStart(2, '0') + '>')
  const { vocab, merges } = build(letters, baseMerges, { first: ['<unk>'].concat(bytes) })
  files['bpe-byte-fallback'] = doc({ type: 'BPE', unk_token: '<unk>', fuse_unk: true, byte_fallback: true, vocab, merges })
  const some = {}
  for (const [k, v] of Object.entries(vocab)) {
    // keep the bytes of é (C3 A9) and of ASCII, drop the rest
    if (k.startsWith('<0x') && !['<0xC3>', '<0xA9>'].includes(k) && parseInt(k.slice(3, 5), 16) >= 0x80) continue
    some[k] = v
  }
  files['bpe-byte-fallback-missing'] = doc({ type: 'BPE', unk_token: '<unk>', fuse_unk: false, byte_fallback: true, vocab: some, merges })
  files['bpe-byte-fallback-missing-fuse'] = doc({ type: 'BPE', unk_token: '<unk>', fuse_unk: true, byte_fallback: true, vocab: some, merges })
  files['bpe-byte-fallback-no-unk'] = doc({ type: 'BPE', byte_fallback: true, vocab: some, merges })
}
// continuing_subword_prefix and end_of_word_suffix.
{
  const pm = [['h', '##e'], ['##l', '##l'], ['he', '##ll'], ['##o', '##w'], ['##l', '##ow'], ['t', '##h'], ['th', '##e'], ['w', '##o'], ['wo', '##r'], ['a', '##n'], ['an', '##d'], ['hell', '##o']]
  const { vocab, merges } = build(letters, pm, { prefix: '##', first: ['<unk>'] })
  files['bpe-prefix'] = doc({ type: 'BPE', unk_token: '<unk>', continuing_subword_prefix: '##', vocab, merges })
  files['bpe-prefix-ignore-merges'] = doc({ type: 'BPE', unk_token: '<unk>', continuing_subword_prefix: '##', ignore_merges: true, vocab: Object.assign({ 'hello': 5000, 'wo': 5001 }, vocab), merges })
  const bytes = {}
  for (let b = 0; b < 256; b++) bytes['<0x' + b.toString(16).toUpperCase().padStart(2, '0') + '>'] = 6000 + b
  files['bpe-prefix-byte-fallback'] = doc({ type: 'BPE', unk_token: '<unk>', continuing_subword_prefix: '##', byte_fallback: true, vocab: Object.assign(bytes, vocab), merges })
  const sm = [['h', 'e'], ['l', 'l'], ['he', 'll'], ['o', 'w</w>'], ['l', 'ow</w>'], ['t', 'h'], ['th', 'e</w>'], ['a', 'n'], ['an', 'd</w>'], ['hell', 'o</w>'], ['w', 'o'], ['wo', 'r']]
  const s = build(letters, sm, { suffix: '</w>', first: ['<unk>'] })
  files['bpe-suffix'] = doc({ type: 'BPE', unk_token: '<unk>', end_of_word_suffix: '</w>', vocab: s.vocab, merges: s.merges })
  files['bpe-suffix-ignore-merges'] = doc({ type: 'BPE', unk_token: '<unk>', end_of_word_suffix: '</w>', ignore_merges: true, vocab: Object.assign({ hello: 5000, the: 5001 }, s.vocab), merges: s.merges })
  const psm = [['h', '##e'], ['he', '##l'], ['hel', '##l'], ['hell', '##o</w>'], ['t', '##h'], ['th', '##e</w>']]
  const ps = build(letters, psm, { prefix: '##', suffix: '</w>', first: ['<unk>'] })
  files['bpe-prefix-suffix'] = doc({ type: 'BPE', unk_token: '<unk>', continuing_subword_prefix: '##', end_of_word_suffix: '</w>', fuse_unk: true, vocab: ps.vocab, merges: ps.merges })
}
for (const [name, d] of Object.entries(files)) fs.writeFileSync(out + '/' + name + '.json', JSON.stringify(d))
// Refused files (the reference does not load them): hand-written text.
const refused = {
  'bpe-refused-merge-oov': '{"version":"1.0","truncation":null,"padding":null,"added_tokens":[],"normalizer":null,"pre_tokenizer":null,"post_processor":null,"decoder":null,"model":{"type":"BPE","vocab":{"a":0,"b":1,"ab":2},"merges":["a b","b c"]}}',
  'bpe-refused-merge-result-oov': '{"version":"1.0","truncation":null,"padding":null,"added_tokens":[],"normalizer":null,"pre_tokenizer":null,"post_processor":null,"decoder":null,"model":{"type":"BPE","vocab":{"a":0,"b":1,"abc":2},"merges":["a b"]}}',
  'bpe-refused-merge-spaces': '{"version":"1.0","truncation":null,"padding":null,"added_tokens":[],"normalizer":null,"pre_tokenizer":null,"post_processor":null,"decoder":null,"model":{"type":"BPE","vocab":{"a":0,"b c":1,"ab c":2},"merges":["a b c"]}}',
  'bpe-refused-no-merges': '{"version":"1.0","truncation":null,"padding":null,"added_tokens":[],"normalizer":null,"pre_tokenizer":null,"post_processor":null,"decoder":null,"model":{"type":"BPE","vocab":{"a":0,"b":1,"ab":2}}}',
  'bpe-refused-legacy-no-merges': '{"version":"1.0","truncation":null,"padding":null,"added_tokens":[],"normalizer":null,"pre_tokenizer":null,"post_processor":null,"decoder":null,"model":{"vocab":{"a":0,"b":1,"ab":2},"dropout":null}}',
  'bpe-refused-mixed-merges': '{"version":"1.0","truncation":null,"padding":null,"added_tokens":[],"normalizer":null,"pre_tokenizer":null,"post_processor":null,"decoder":null,"model":{"type":"BPE","vocab":{"a":0,"b":1,"ab":2},"merges":["a b",["a","b"]]}}',
  'bpe-refused-float-id': '{"version":"1.0","truncation":null,"padding":null,"added_tokens":[],"normalizer":null,"pre_tokenizer":null,"post_processor":null,"decoder":null,"model":{"type":"BPE","vocab":{"a":0,"b":1.0},"merges":[]}}',
  'bpe-refused-dropout': '{"version":"1.0","truncation":null,"padding":null,"added_tokens":[],"normalizer":null,"pre_tokenizer":null,"post_processor":null,"decoder":null,"model":{"type":"BPE","vocab":{"a":0},"merges":[],"dropout":1.5}}',
  'bpe-refused-lone-surrogate': '{"version":"1.0","truncation":null,"padding":null,"added_tokens":[],"normalizer":null,"pre_tokenizer":null,"post_processor":null,"decoder":null,"model":{"type":"BPE","vocab":{"a\\ud800":0},"merges":[]}}',
  'bpe-refused-type-null': '{"version":"1.0","truncation":null,"padding":null,"added_tokens":[],"normalizer":null,"pre_tokenizer":null,"post_processor":null,"decoder":null,"model":{"type":null,"vocab":{"a":0},"merges":[]}}',
}
for (const [name, text] of Object.entries(refused)) fs.writeFileSync(out + '/' + name + '.json', text + '\n')
