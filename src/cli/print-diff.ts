import { structuredPatch } from 'diff';
import type { TranslatedFile } from '../translate/translate-file.js';

const COLORS = { red: '\x1b[31m', green: '\x1b[32m', cyan: '\x1b[36m', yellow: '\x1b[33m', reset: '\x1b[0m' };

/** Unified diff NetBSD -> DragonFly, each hunk headed by the rule ids whose edits fall in it. */
export function formatFileDiff(file: TranslatedFile, outPath: string, color: boolean): string {
  const paint = (c: keyof typeof COLORS, s: string): string => (color ? `${COLORS[c]}${s}${COLORS.reset}` : s);
  const patch = structuredPatch(`a/${file.path}`, `b/${outPath}`, file.source.text, file.output.text, 'NetBSD', 'DragonFly', { context: 3 });
  if (patch.hunks.length === 0) return '';
  const lines = [paint('yellow', `--- ${patch.oldFileName}\t${patch.oldHeader}`), paint('yellow', `+++ ${patch.newFileName}\t${patch.newHeader}`)];
  for (const h of patch.hunks) {
    const rules = new Set<string>();
    for (const a of file.applications) if (a.line >= h.oldStart && a.line < h.oldStart + Math.max(h.oldLines, 1)) rules.add(a.ruleId);
    for (let i = 0; i < h.newLines; i++) for (const r of file.origins[h.newStart - 1 + i]?.ruleIds ?? []) rules.add(r);
    lines.push(paint('cyan', `@@ -${h.oldStart},${h.oldLines} +${h.newStart},${h.newLines} @@ [${[...rules].sort().join(', ')}]`));
    for (const l of h.lines) lines.push(l.startsWith('-') ? paint('red', l) : l.startsWith('+') ? paint('green', l) : l);
  }
  return lines.join('\n') + '\n';
}

export function useColor(flag: boolean): boolean {
  return flag && !process.env.NO_COLOR && process.stdout.isTTY === true;
}
