#!/usr/bin/env -S node --max-semi-space-size=4
// Runs the TypeScript CLI from a cached esbuild bundle (bin/cli-bundle.mjs), or through tsx's
// loader, so `npm ci && npx port-virtio` needs no build step either way. The shebang caps V8's
// young generation at 4 MiB per thread: a batch's garbage is short-lived tree-node wrappers, and
// the default semi-spaces were a third of a tree run's resident set, for no speed.
import { loadMain } from './cli-bundle.mjs';

// `port-virtio rules | head`: a closed pipe is the reader's choice, not an error.
process.stdout.on('error', (e) => {
  if (e.code === 'EPIPE') process.exit(0);
  throw e;
});
const main = await loadMain();
process.exitCode = await main(process.argv.slice(2));
