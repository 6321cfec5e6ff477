#!/usr/bin/env node
// Runs the TypeScript CLI from a cached esbuild bundle (bin/cli-bundle.mjs), or through tsx's
// loader, so `npm ci && npx port-virtio` needs no build step either way.
import { loadMain } from './cli-bundle.mjs';

// `port-virtio rules | head`: a closed pipe is the reader's choice, not an error.
process.stdout.on('error', (e) => {
  if (e.code === 'EPIPE') process.exit(0);
  throw e;
});
const main = await loadMain();
process.exitCode = await main(process.argv.slice(2));
