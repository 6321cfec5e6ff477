import type { TranslatedFile } from '../translate/translate-file.js';
import { diffHunks, hunkRuleIds, type Hunk } from '../review/hunks.js';

const COLORS = { red: '\x1b[31m', green: '\x1b[32m', cyan: '\x1b[36m', yellow: '\x1b[33m', reset: '\x1b[0m' };

export interface UnifiedDiff {
  oldName: string;
  newName: string;
  oldLabel: string;
  newLabel: string;
  oldText: string;
  newText: string;
  /** What goes after the `@@ ... @@` of a hunk, e.g. `[rule-a, rule-b]`. */
  annotate(h: Hunk): string;
}

/** A unified diff whose hunk headers carry `annotate(hunk)`; '' when the texts are equal. */
export function formatUnifiedDiff(d: UnifiedDiff, color: boolean): string {
  const paint = (c: keyof typeof COLORS, s: string): string => (color ? `${COLORS[c]}${s}${COLORS.reset}` : s);
  const hunks = diffHunks(d.oldText, d.newText);
  if (hunks.length === 0) return '';
  const lines = [paint('yellow', `--- ${d.oldName}\t${d.oldLabel}`), paint('yellow', `+++ ${d.newName}\t${d.newLabel}`)];
  for (const h of hunks) {
    lines.push(paint('cyan', `@@ -${h.oldStart},${h.oldLines} +${h.newStart},${h.newLines} @@ ${d.annotate(h)}`.trimEnd()));
    for (const l of h.lines) lines.push(l.startsWith('-') ? paint('red', l) : l.startsWith('+') ? paint('green', l) : l);
  }
  return lines.join('\n') + '\n';
}

/** Unified diff NetBSD -> DragonFly, each hunk headed by the rule ids whose edits fall in it. */
export function formatFileDiff(file: TranslatedFile, outPath: string, color: boolean): string {
  return formatUnifiedDiff(
    {
      oldName: `a/${file.path}`,
      newName: `b/${outPath}`,
      oldLabel: 'NetBSD',
      newLabel: 'DragonFly',
      oldText: file.source.text,
      newText: file.output.text,
      annotate: (h) => `[${hunkRuleIds(file, h).join(', ')}]`,
    },
    color,
  );
}

interface Stream {
  isTTY?: boolean;
}

/**
 * Colour only for a person at a terminal: `--no-color` (flag false) or NO_COLOR (any non-empty
 * value, per no-color.org) turn it off, and so does a stdout that is a pipe or a file.
 */
export function useColor(flag: boolean, stdout: Stream = process.stdout, env: NodeJS.ProcessEnv = process.env): boolean {
  return flag && !env.NO_COLOR && stdout.isTTY === true;
}
