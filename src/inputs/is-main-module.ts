import path from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * True when the module with this import.meta.url is the script node/tsx was started with.
 * Lets a command module be run directly (`npx tsx src/inputs/refresh-manifest-command.ts`)
 * before or besides being wired into the port-virtio CLI, while importing it stays side-effect free.
 */
export function isMainModule(importMetaUrl: string): boolean {
  const entry = process.argv[1];
  return entry !== undefined && pathToFileURL(path.resolve(entry)).href === importMetaUrl;
}
