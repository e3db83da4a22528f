#!/usr/bin/env node
// gen_floats.js writes floats.json: JSON number texts and the float64 the
// reference (Hugging Face tokenizers 0.23.2 through its Node binding) reads
// from them as Unigram scores — its JSON parser is not correctly rounded —
// as [text, saved] pairs, saved being the reference's own shortest writing
// of the value, or null when it refuses the number.
//
// Usage: REF=/path/to/ref node gen_floats.js > floats.json
'use strict'

const path = require('path')
const fs = require('fs')
const os = require('os')
const ref = process.env.REF || '/work/ref'
const { Tokenizer } = require(path.join(ref, 'node_modules', 'tokenizers'))

let seed = 7
function rand() {
  seed |= 0
  seed = (seed + 0x6d2b79f5) | 0
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296
}
const digits = (n) => Array.from({ length: n }, () => Math.floor(rand() * 10)).join('')

const inputs = ['0', '-0', '0.0', '-0.0', '1', '-1', '1e5', '1E5', '1e+5', '1e-5', '-1.5e-5',
  '1.7976931348623157e308', '1.7976931348623158e308', '1.7976931348623159e308', '2e308', '1e400', '1e-400',
  '4.9e-324', '5e-324', '2.4703282292062327e-324', '2.2250738585072014e-308', '2.2250738585072011e-308',
  '123456789012345678901234567890', '-123456789012345678901234567890', '18446744073709551615',
  '18446744073709551616', '18446744073709551619', '99999999999999999999', '-9223372036854775808',
  '-9223372036854775809', '9007199254740993', '0.1', '0.2', '0.3', '1.00000000000000000000001',
  '1844674407370955161.5', '1844674407370955161.6', '18446744073709551616.123', '18446744073709551615.9',
  '0.18446744073709551615', '0.18446744073709551616', '1e2147483647', '1e2147483648', '0e2147483648',
  '0e2147483647', '1e-2147483648', '1e-2147483647', '-1e-99999999999', '1.5e-2147483647',
  '0.000000000000000000000000000000000000001e-300', '1234567890123456789e-327', '1234567890123456789e-330',
  '100000000000000000000000e-400', '1e-320', '123e-320', '1e308', '10e307', '0.5e309', '179769313486231570000e288',
  '-2.0122928619384766', '-3.9598512649536133', '-7.4370903968811035', '-12.130167007446289', '-5.129043102264404',
  '-13.532299041748047', '-0.000001', '3.141592653589793', '2.718281828459045', '1e22', '1e23', '8.98846567431158e307']
for (let i = 0; i < 150; i++) {
  const intPart = String(Math.floor(rand() * 30))
  inputs.push('-' + intPart + '.' + digits(10 + Math.floor(rand() * 12)))
}
for (let i = 0; i < 50; i++) {
  inputs.push(digits(1 + Math.floor(rand() * 25)).replace(/^0+(?=\d)/, '') + 'e' + (Math.floor(rand() * 80) - 40))
}

async function main() {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'floats-'))
  const out = []
  for (const text of inputs) {
    const json = `{"model":{"type":"Unigram","vocab":[["a",${text}]]}}`
    let saved = null
    try {
      const tok = Tokenizer.fromString(json)
      const file = path.join(tmp, 'saved.json')
      tok.save(file, false)
      const m = fs.readFileSync(file, 'utf8').match(/"vocab":\[\["a",([^\]]*)\]\]/)
      saved = m[1]
    } catch (e) {
      saved = null
    }
    out.push([text, saved])
  }
  fs.rmSync(tmp, { recursive: true })
  process.stdout.write(JSON.stringify(out) + '\n')
}

main().catch((e) => {
  process.stderr.write(String(e.stack || e) + '\n')
  process.exit(1)
})
