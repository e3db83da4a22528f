// Runs a Go program built for GOOS=wasip1 GOARCH=wasm under Node's WASI,
// with the current directory preopened (as "." and as its absolute path),
// and exits with the program's status (the program's proc_exit ends the
// Node process itself: returning from it crashes Node 20 now and then).
//
// Usage: node internal/tools/wasi.js PROGRAM.wasm [ARG...]
//
// Redirect standard output to a file rather than a pipe for large outputs:
// Node 20's WASI reports EAGAIN on a full pipe, which Go programs see as
// a write error. Paths containing "//" crash Node 20's WASI.
'use strict';
const fs = require('node:fs');
const { WASI } = require('node:wasi');

const [wasmPath, ...args] = process.argv.slice(2);
if (!wasmPath) {
  process.stderr.write('usage: node wasi.js PROGRAM.wasm [ARG...]\n');
  process.exit(2);
}
const cwd = process.cwd();
const wasi = new WASI({
  version: 'preview1',
  args: [wasmPath, ...args],
  env: { PWD: cwd, HOME: process.env.HOME || '/' },
  preopens: { '.': cwd, [cwd]: cwd },
  returnOnExit: false,
});
(async () => {
  const module = await WebAssembly.compile(fs.readFileSync(wasmPath));
  const instance = await WebAssembly.instantiate(module, wasi.getImportObject());
  wasi.start(instance);
})().catch((err) => {
  process.stderr.write(`wasi.js: ${err.message}\n`);
  process.exit(1);
});
