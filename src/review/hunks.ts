import { structuredPatch, type StructuredPatchHunk } from 'diff';

export type Hunk = StructuredPatchHunk;

/** Which rules touched a file: applications by NetBSD line, rule ids by emitted line. */
export interface Provenance {
  applications: readonly { ruleId: string; line: number }[];
  /** Per line of the emitted text (index = line - 1). */
  origins: readonly { ruleIds: readonly string[] }[];
}

/** The hunks of a unified diff with `context` lines, as the terminal diff and the review page show them. */
export function diffHunks(oldText: string, newText: string, context = 3): Hunk[] {
  return structuredPatch('a', 'b', oldText, newText, '', '', { context }).hunks;
}

/**
 * Rule ids behind a NetBSD -> DragonFly hunk: rules applied on its NetBSD lines (a deletion leaves
 * no emitted line to carry the id) and rules that produced its emitted lines.
 */
export function hunkRuleIds(p: Provenance, h: Hunk): string[] {
  const rules = new Set<string>();
  for (const a of p.applications) if (a.line >= h.oldStart && a.line < h.oldStart + Math.max(h.oldLines, 1)) rules.add(a.ruleId);
  for (const id of ruleIdsOfLines(p.origins, h.newStart, h.newLines)) rules.add(id);
  return [...rules].sort();
}

/** Rule ids of `count` emitted lines from 1-based `start`. */
export function ruleIdsOfLines(origins: readonly { ruleIds: readonly string[] }[], start: number, count: number): string[] {
  const rules = new Set<string>();
  for (let i = 0; i < count; i++) for (const r of origins[start - 1 + i]?.ruleIds ?? []) rules.add(r);
  return [...rules].sort();
}

/** 1-based old and new line numbers of the lines a hunk deletes and adds (not its context). */
export function changedLines(h: Hunk): { old: number[]; new: number[] } {
  const out = { old: [] as number[], new: [] as number[] };
  let o = h.oldStart;
  let n = h.newStart;
  for (const l of h.lines) {
    if (l.startsWith('-')) out.old.push(o++);
    else if (l.startsWith('+')) out.new.push(n++);
    else if (!l.startsWith('\\')) (o++, n++);
  }
  return out;
}
