#!/usr/bin/env node
// Writes expect.jsonl: for each hostile file, whether the reference (REF=dir
// of ../shared/ref with npm ci done) loads it, and what encoding "ab aab"
// gives (or its error). Processes that crash are recorded as "crash".
'use strict'
const path = require('path')
const fs = require('fs')
const { execFileSync } = require('child_process')
const ref = process.env.REF || '/work/ref'
if (process.argv[2] === 'one') {
  const { Tokenizer } = require(path.join(ref, 'node_modules', 'tokenizers'))
  let out
  try {
    const t = Tokenizer.fromFile(process.argv[3])
    out = { loads: true }
    t.encode('ab aab', null, { addSpecialTokens: false }).then((e) => {
      out.ids = e.getIds()
      process.stdout.write(JSON.stringify(out))
    }, (e) => {
      out.encode_error = String(e.message || e)
      process.stdout.write(JSON.stringify(out))
    })
  } catch (e) {
    process.stdout.write(JSON.stringify({ loads: false, error: String(e.message || e) }))
  }
} else {
  const files = fs.readdirSync(__dirname).filter((f) => f.endsWith('.json')).sort()
  const lines = []
  for (const f of files) {
    let r
    try {
      r = JSON.parse(execFileSync('node', [__filename, 'one', path.join(__dirname, f)], { stdio: ['ignore', 'pipe', 'ignore'], timeout: 60000 }).toString())
    } catch (e) {
      r = { loads: true, crash: true }
    }
    lines.push(JSON.stringify(Object.assign({ file: f }, r)))
  }
  fs.writeFileSync(path.join(__dirname, 'expect.jsonl'), lines.join('\n') + '\n')
}
