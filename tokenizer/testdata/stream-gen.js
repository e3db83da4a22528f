#!/usr/bin/env node
// stream-gen.js writes stream.jsonl.gz's content (gzip it): the chunks the
// reference's DecodeStream returns for sequences of ids stepped one at a
// time. The Node binding (in $REF, default /work/ref) does not expose
// decode_stream, so step() below is the reference's step_decode_stream
// (tokenizers/src/tokenizer/mod.rs) written over Tokenizer.decode, the only
// call it makes: byte lengths and a byte prefix, as in Rust (a JS string
// prefix of valid strings is a byte prefix too).
//
// Each line: {"tok", "skip", "ids", "out"} where out[i] is what step(ids[i])
// returns: the chunk, null for None, or {"err": message} for an error (the
// stream goes on after an error, as Rust's does).
//
// The id sequences, per tokenizer: corpus lines encoded with special tokens
// (cut to 48 ids), and random ids mixing tokens that decode alone to
// something ending in U+FFFD (byte-level and byte-fallback pieces of a
// character), special tokens, ids past the vocabulary and any id, then
// longer ones where ids that decoding leaves out abound. Each sequence is
// stepped with skip_special_tokens false and true.
//
// Usage: node stream-gen.js | gzip -9 -n > stream.jsonl.gz
'use strict'
const path = require('path')
const fs = require('fs')
const ref = process.env.REF || '/work/ref'
const shared = process.env.SHARED || '/work/shared'
const { Tokenizer } = require(path.join(ref, 'node_modules', 'tokenizers'))

function findTokenizer(name) {
  for (const d of [path.join(__dirname, '..', '..', 'testdata', 'tokenizers'), path.join(shared, 'tokenizers')]) {
    const p = path.join(d, name, 'tokenizer.json')
    if (fs.existsSync(p)) return p
  }
  throw new Error('tokenizer not found: ' + name)
}

const names = ['gpt2', 'llama2', 'llama3', 'bert-base-uncased', 'roberta-base',
  'mistral-7b-v0.1', 'gemma3-cropped', 'wordlevel-wiki', 'hw-doc-summarizer']

// mulberry32: a small seeded generator, so the file is reproducible.
function rng(seed) {
  return function () {
    seed |= 0; seed = (seed + 0x6d2b79f5) | 0
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const byteLen = (s) => Buffer.byteLength(s, 'utf8')

// DecodeStream state and step, as in the reference.
async function step(tok, st, id) {
  if (st.prefix === '' && st.ids.length > 0) {
    const p = await tok.decode(st.ids, st.skip)
    if (!p.endsWith('\uFFFD')) {
      st.prefix = p
      st.prefixIndex = st.ids.length
    }
  }
  st.ids.push(id)
  const s = await tok.decode(st.ids, st.skip)
  if (byteLen(s) > byteLen(st.prefix) && !s.endsWith('\uFFFD')) {
    if (!s.startsWith(st.prefix)) {
      return { err: `Invalid prefix encountered while decoding stream. Token ID: ${id}, Expected prefix: '${st.prefix}', Actual string: '${s}'` }
    }
    const text = s.slice(st.prefix.length)
    const newIndex = st.ids.length - st.prefixIndex
    st.ids = st.ids.slice(st.prefixIndex)
    st.prefix = await tok.decode(st.ids, st.skip)
    st.prefixIndex = newIndex
    return text
  }
  return null
}

async function main() {
  const lines = fs.readFileSync(path.join(shared, 'corpus', 'lines.jsonl'), 'utf8')
    .split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l).text)
  for (const name of names) {
    const file = findTokenizer(name)
    const tok = Tokenizer.fromFile(file)
    const json = JSON.parse(fs.readFileSync(file, 'utf8'))
    const specials = json.added_tokens.filter((t) => t.special).map((t) => t.id)
    const vocab = tok.getVocabSize(true)
    const all = []
    for (let i = 0; i < vocab; i++) all.push([i])
    const alone = await tok.decodeBatch(all, false)
    const partial = []
    alone.forEach((s, i) => { if (s.endsWith('\uFFFD')) partial.push(i) })
    const rand = rng(name.length * 7919 + vocab)
    const pick = (a) => a[Math.floor(rand() * a.length)]
    const seqs = []
    for (let k = 0; k < 30; k++) {
      let text = pick(lines)
      if (k % 2 === 0) { // prefer non-ASCII lines
        for (let tries = 0; tries < 20 && /^[\x00-\x7f]*$/.test(text); tries++) text = pick(lines)
      }
      const e = await tok.encode(text, null, { addSpecialTokens: true })
      seqs.push(e.getIds().slice(0, 48))
    }
    for (let k = 0; k < 30; k++) {
      const n = 5 + Math.floor(rand() * 30)
      const ids = []
      for (let i = 0; i < n; i++) {
        const r = rand()
        if (r < 0.4 && partial.length) ids.push(pick(partial))
        else if (r < 0.55 && specials.length) ids.push(pick(specials))
        else if (r < 0.6) ids.push(vocab + Math.floor(rand() * 1000))
        else ids.push(Math.floor(rand() * vocab))
      }
      seqs.push(ids)
    }
    // Runs of ids that decoding leaves out (ids past the vocabulary,
    // special tokens when skipped) between pieces of characters, which
    // decide which ids the stream keeps.
    for (let k = 0; k < 20; k++) {
      const n = 20 + Math.floor(rand() * 60)
      const ids = []
      for (let i = 0; i < n; i++) {
        const r = rand()
        if (r < 0.35 && partial.length) ids.push(pick(partial))
        else if (r < 0.6 && specials.length) ids.push(pick(specials))
        else if (r < 0.85) ids.push(vocab + Math.floor(rand() * 1000))
        else ids.push(Math.floor(rand() * vocab))
      }
      seqs.push(ids)
    }
    for (const ids of seqs) {
      for (const skip of [false, true]) {
        const st = { ids: [], prefix: '', prefixIndex: 0, skip }
        const out = []
        for (const id of ids) {
          try {
            out.push(await step(tok, st, id))
          } catch (e) {
            out.push({ err: 'decode: ' + String(e) })
          }
        }
        process.stdout.write(JSON.stringify({ tok: name, skip, ids, out }) + '\n')
      }
    }
    process.stderr.write(`${name}: ${partial.length} partial ids, ${specials.length} specials\n`)
  }
}
main().catch((e) => { console.error(e); process.exit(1) })
