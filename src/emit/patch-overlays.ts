import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { applyPatch, parsePatch } from 'diff';
import type { Diagnostic } from '../diagnostics/diagnostic.js';

/** Why an overlay hunk no longer applies: which rules rewrote the lines it expected. */
export type RulesNear = (file: string, line: number) => string[];

export interface OverlayResult {
  applied: { patch: string; file: string }[];
  diagnostics: Diagnostic[];
}

/**
 * Patch overlays: porters keep lasting hand fixes as unified diffs in `patches/` (like a ports
 * tree's files/patch-*), applied after translation in file-name order. Paths are relative to
 * sys/dev/virtio/ (a/ b/ prefixes and a leading sys/dev/virtio/ are accepted). An overlay that no
 * longer applies is an error showing the hunk and the rules that changed the lines it expected.
 */
export function applyOverlays(dir: string, files: Map<string, Buffer>, rulesNear: RulesNear, root: string): OverlayResult {
  const result: OverlayResult = { applied: [], diagnostics: [] };
  if (!existsSync(dir)) return result;
  for (const name of readdirSync(dir).filter((n) => /\.(patch|diff)$/.test(n)).sort()) {
    const path = join(dir, name);
    const shown = relative(root, path);
    const text = readFileSync(path, 'latin1');
    for (const patch of parsePatch(text)) {
      const target = (patch.newFileName ?? patch.oldFileName ?? '').replace(/^[ab]\//, '').replace(/^sys\/dev\/virtio\//, '');
      const current = files.get(target);
      const headerLine = lineOf(text, `+++ ${patch.newFileName ?? ''}`);
      if (!current) {
        result.diagnostics.push({ code: 'PV4105', severity: 'error', message: `patch overlay targets ${target}, which this run does not emit`, file: shown, line: headerLine, column: 1 });
        continue;
      }
      const patched = applyPatch(current.toString('latin1'), patch);
      if (patched !== false) {
        files.set(target, Buffer.from(patched, 'latin1'));
        result.applied.push({ patch: shown, file: target });
        continue;
      }
      for (const hunk of patch.hunks) {
        if (applyPatch(current.toString('latin1'), { ...patch, hunks: [hunk] }) !== false) continue;
        const header = `@@ -${hunk.oldStart},${hunk.oldLines} +${hunk.newStart},${hunk.newLines} @@`;
        const rules = [...new Set(Array.from({ length: Math.max(hunk.oldLines, 1) }, (_, i) => rulesNear(target, hunk.oldStart + i)).flat())].sort();
        result.diagnostics.push({
          code: 'PV4102',
          severity: 'error',
          message: `patch overlay no longer applies to ${target}: ${header}\n${hunk.lines.join('\n')}\n  the translation of these lines now comes from: ${rules.join(', ') || 'untouched NetBSD code (the NetBSD input changed?)'}`,
          file: shown,
          line: lineOf(text, header),
          column: 1,
          ...(rules[0] ? { ruleId: rules[0] } : {}),
        });
      }
    }
  }
  return result;
}

function lineOf(text: string, needle: string): number {
  const i = text.indexOf(needle);
  return i < 0 ? 1 : text.slice(0, i).split('\n').length;
}
