#!/usr/bin/env node
// Writes added.jsonl: for each case, a tokenizer of ../../testdata/tokenizers,
// batches of tokens added to it one after the other (addAddedTokens; with
// "special": true, addSpecialTokens semantics are the same in Rust), and what
// the reference then has: the SHA-256 of its saved form (compact) and the
// added tokens it lists, get_vocab_size with and without added tokens, the
// size of get_vocab(true), and the encoding of some texts.
//   REF=/work/ref node added-gen.js > added.jsonl   (run from tokenizer/testdata)
'use strict'
const fs = require('fs')
const os = require('os')
const path = require('path')
const crypto = require('crypto')
const { Tokenizer, AddedToken } = require(path.join(process.env.REF || '/work/ref', 'node_modules', 'tokenizers'))

const tok = (content, special, o = {}) => ({ content, special, ...o })
const cases = [
  {
    name: 'bert-readd',
    tokenizer: 'bert-base-uncased',
    batches: [
      [tok('hello', false), tok('newword', false), tok('[SEP]', false), tok('', false), tok('NEWWORD', false, { normalized: true })],
      [tok('newword', false), tok('<e1>', true), tok('<e2>', true, { singleWord: true }), tok('newword', true, { normalized: false })],
    ],
    texts: ['hello newword [SEP] NEWWORD <e1>x <e2> y', 'a[SEP]b Newword'],
  },
  {
    name: 'gpt2-flags',
    tokenizer: 'gpt2',
    batches: [
      [tok('<|endoftext|>', true, { leftStrip: true, rightStrip: true, normalized: false }), tok('Ġhello', false), tok('abc', false, { singleWord: true })],
      [tok(' spaced ', false), tok('abc', false, { singleWord: true })],
    ],
    texts: ['x <|endoftext|> y abc xabc abc.  spaced  z'],
  },
  {
    name: 'hw-next-id',
    tokenizer: 'hw-doc-summarizer',
    batches: [[tok('zzz', false), tok('[PAD]', true)], [tok('yyy', true)]],
    texts: ['zzz yyy [PAD] hello'],
  },
  {
    name: 'wordlevel',
    tokenizer: 'wordlevel-wiki',
    batches: [[tok('the', false), tok('Zebra-crossing', false), tok('[UNK]', false)]],
    texts: ['the Zebra-crossing [UNK] unknownword'],
  },
]

;(async () => {
  const tmp = path.join(os.tmpdir(), 'added-gen-' + process.pid + '.json')
  for (const c of cases) {
    const tk = Tokenizer.fromFile(path.join('..', '..', 'testdata', 'tokenizers', c.tokenizer, 'tokenizer.json'))
    const added = []
    for (const batch of c.batches) {
      added.push(tk.addAddedTokens(batch.map((t) => new AddedToken(t.content, t.special, t))))
    }
    tk.save(tmp, false)
    const saved = fs.readFileSync(tmp, 'utf8')
    const encodings = []
    for (const text of c.texts) {
      const e = await tk.encode(text)
      encodings.push({ text, ids: e.getIds(), tokens: e.getTokens(), decoded: await tk.decode(e.getIds(), true) })
    }
    process.stdout.write(JSON.stringify({
      ...c,
      added,
      vocab_size: tk.getVocabSize(false),
      vocab_size_added: tk.getVocabSize(true),
      vocab_len_added: Object.keys(tk.getVocab(true)).length,
      saved_sha256: crypto.createHash('sha256').update(saved, 'utf8').digest('hex'),
      added_tokens: JSON.parse(saved).added_tokens,
      encodings,
    }) + '\n')
  }
  fs.unlinkSync(tmp)
})()
