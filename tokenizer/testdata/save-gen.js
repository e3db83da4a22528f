#!/usr/bin/env node
// Writes save_synthetic.jsonl.gz: what the reference (tokenizers 0.23.2, Node
// binding) writes when it loads each synthetic tokenizer and saves it, as
// {"name", "compact", "pretty"} lines; to keep the file small, a form longer
// than 16 KB (compact) or 4 KB (pretty) is given by its SHA-256 instead
// ("compact_sha256", "pretty_sha256"). Files the reference refuses are left
// out.
//   REF=/work/ref node save-gen.js   (run from tokenizer/testdata)
'use strict'
const fs = require('fs')
const os = require('os')
const path = require('path')
const zlib = require('zlib')
const crypto = require('crypto')
const { Tokenizer } = require(path.join(process.env.REF || '/work/ref', 'node_modules', 'tokenizers'))

const dirs = [path.join('..', '..', 'testdata', 'synthetic'), 'save']
const tmp = path.join(os.tmpdir(), 'save-gen-' + process.pid + '.json')
const out = []
for (const dir of dirs) {
  for (const f of fs.readdirSync(dir).filter((f) => f.endsWith('.json')).sort()) {
    let tk
    try {
      tk = Tokenizer.fromString(fs.readFileSync(path.join(dir, f), 'utf8'))
    } catch (e) {
      continue
    }
    tk.save(tmp, false)
    const compact = fs.readFileSync(tmp, 'utf8')
    tk.save(tmp, true)
    const pretty = fs.readFileSync(tmp, 'utf8')
    const e = { name: f.slice(0, -5) }
    const sha = (s) => crypto.createHash('sha256').update(s, 'utf8').digest('hex')
    if (compact.length <= 16384) e.compact = compact
    else e.compact_sha256 = sha(compact)
    if (pretty.length <= 4096) e.pretty = pretty
    else e.pretty_sha256 = sha(pretty)
    out.push(JSON.stringify(e) + '\n')
  }
}
fs.unlinkSync(tmp)
fs.writeFileSync('save_synthetic.jsonl.gz', zlib.gzipSync(out.join(''), { level: 9 }))
process.stdout.write(out.length + ' files\n')
