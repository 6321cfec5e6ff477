#!/usr/bin/env node
// Runs the TypeScript CLI through tsx's loader, so `npm ci && npx port-virtio` needs no build step.
import { register } from 'tsx/esm/api';

// `port-virtio rules | head`: a closed pipe is the reader's choice, not an error.
process.stdout.on('error', (e) => {
  if (e.code === 'EPIPE') process.exit(0);
  throw e;
});
register();
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
