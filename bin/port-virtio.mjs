#!/usr/bin/env -S node --max-semi-space-size=4
// Runs the TypeScript CLI from a cached esbuild bundle (bin/cli-bundle.mjs), or through tsx's
// loader, so `npm ci && npx port-virtio` needs no build step either way. The shebang caps V8's
// young generation at 4 MiB per thread: a batch's garbage is short-lived tree-node wrappers, and
// the default semi-spaces were a third of a tree run's resident set, for no speed.
import { setFlagsFromString } from 'node:v8';
import { loadMain } from './cli-bundle.mjs';

// A run is short and most of its time goes to tree-sitter: V8's optimizing compiler, at its
// default eagerness, spent more on compiling (on the other core, which a worker thread needs)
// than its code saved. Tiering up ~15x later: 10 rules over the bulk tree -20% wall, the full rule
// set -25%, `--driver all` unchanged (measured with npm run bench's invocations).
setFlagsFromString('--interrupt-budget=1000000');

// `port-virtio rules | head`: a closed pipe is the reader's choice, not an error.
process.stdout.on('error', (e) => {
  if (e.code === 'EPIPE') process.exit(0);
  throw e;
});
const main = await loadMain();
process.exitCode = await main(process.argv.slice(2));
