import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../cli/project.js';
import { isMainModule } from '../../inputs/is-main-module.js';
import { NETBSD_CODE_DIR } from '../../inputs/paths.js';
import { readConstantSections } from './constant-sources.js';
import { emitConstantsModule } from './emit-constants.js';

/** The committed generated module: constants only (no corpus code), checked for staleness by a test. */
export const GENERATED_CONSTANTS_PATH = join(PROJECT_ROOT, 'src/verify/model/virtio-constants.generated.ts');

export function generateConstantsText(srcDir = join(PROJECT_ROOT, NETBSD_CODE_DIR)): string {
  return emitConstantsModule(readConstantSections(srcDir));
}

/** `npx tsx src/verify/gen/write-constants.ts [--check]`: rewrites the module, or exits 1 when it is stale. */
export function writeConstantsCommand(argv: string[]): number {
  const text = generateConstantsText();
  const current = (() => {
    try {
      return readFileSync(GENERATED_CONSTANTS_PATH, 'utf8');
    } catch {
      return undefined;
    }
  })();
  if (argv.includes('--check')) {
    if (current === text) return 0;
    process.stderr.write(`${GENERATED_CONSTANTS_PATH} is stale: run npm run verify:constants\n`);
    return 1;
  }
  if (current !== text) writeFileSync(GENERATED_CONSTANTS_PATH, text);
  process.stderr.write(`${current === text ? 'unchanged' : 'wrote'} ${GENERATED_CONSTANTS_PATH}\n`);
  return 0;
}

if (isMainModule(import.meta.url)) process.exitCode = writeConstantsCommand(process.argv.slice(2));
