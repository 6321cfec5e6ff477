import { existsSync, readFileSync, statSync } from 'node:fs';
import { listFiles } from '../files/list-files.js';
import { join } from 'node:path';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { changedLines, type Hunk } from '../review/hunks.js';
import { originsOf } from '../review/build-run-record.js';
import { readRunRecord, RunRecordError, type FileRecord, type RunRecord } from '../review/run-record.js';
import { sha256Hex } from '../inputs/hash.js';
import { shownPath } from './output-tree.js';
import { formatUnifiedDiff } from './print-diff.js';

export interface RegenerationDiff {
  code: number;
  diagnostics: Diagnostic[];
}

/**
 * `--against DIR`: what this run would change in the tree under DIR/sys/dev/virtio, as a unified
 * diff (existing -> new) whose hunks name the rules behind the new lines and, when they differ,
 * the rules behind the old ones (from the tree's own record). Nothing is written.
 */
export function printRegenerationDiff(outRoot: string, subdir: string, files: ReadonlyMap<string, Buffer>, record: RunRecord, regenerated: readonly string[], color: boolean): RegenerationDiff {
  const dest = join(outRoot, subdir);
  if (!existsSync(dest) || !statSync(dest).isDirectory())
    return { code: 2, diagnostics: [{ code: 'PV4203', severity: 'error', message: `--against: no port-virtio output tree here (expected ${subdir}/ under it)`, file: outRoot, line: 1, column: 1 }] };
  const diagnostics: Diagnostic[] = [];
  let old: RunRecord | undefined;
  try {
    old = readRunRecord(dest);
  } catch (e) {
    if (!(e instanceof RunRecordError)) throw e;
    diagnostics.push({ code: 'PV4201', severity: 'warning', message: `${e.message}; old rule ids not shown`, file: dest, line: 1, column: 1 });
  }
  const inScope = (rel: string): boolean => !rel.startsWith('.port-virtio/') && (!rel.includes('/') || regenerated.some((m) => rel.startsWith(`${m}/`)));
  const paths = [...new Set([...[...files.keys()].filter(inScope), ...listFiles(dest).filter(inScope)])].sort();
  const counts = { changed: 0, added: 0, removed: 0, unchanged: 0 };
  const shown = shownPath(dest);
  for (const rel of paths) {
    const now = files.get(rel);
    const before = existsSync(join(dest, rel)) ? readFileSync(join(dest, rel)) : undefined;
    if (now && before && now.equals(before)) {
      counts.unchanged++;
      continue;
    }
    counts[!before ? 'added' : !now ? 'removed' : 'changed']++;
    const newRec = fileOf(record, rel);
    const oldRec = before && fileOf(old, rel)?.outputSha256 === sha256Hex(before) ? fileOf(old, rel) : undefined;
    const diff = formatUnifiedDiff(
      {
        oldName: before ? join(shown, rel) : '/dev/null',
        newName: now ? join(shown, rel) : '/dev/null',
        oldLabel: 'existing',
        newLabel: 'new run',
        oldText: before?.toString('latin1') ?? '',
        newText: now?.toString('latin1') ?? '',
        annotate: (h) => annotate(h, newRec, oldRec),
      },
      color,
    );
    process.stdout.write(diff + ruleCountChanges(rel, oldRec, newRec));
  }
  process.stderr.write(`--against ${shown}: ${counts.changed} changed, ${counts.added} added, ${counts.removed} removed, ${counts.unchanged} unchanged; nothing written\n`);
  return { code: 0, diagnostics };
}

function fileOf(r: RunRecord | undefined, rel: string): FileRecord | undefined {
  return r?.modules.flatMap((m) => m.files).find((f) => f.output === rel);
}

/** Rules behind the lines the hunk adds, and (when they differ) behind the lines it removes. */
function annotate(h: Hunk, now: FileRecord | undefined, before: FileRecord | undefined): string {
  const ids = (f: FileRecord | undefined, lines: number[]): string[] => {
    const origins = f ? originsOf(f) : [];
    return [...new Set(lines.flatMap((l) => origins[l - 1]?.ruleIds ?? []))].sort();
  };
  const changed = changedLines(h);
  const fresh = ids(now, changed.new);
  const old = ids(before, changed.old);
  const gone = old.filter((id) => !fresh.includes(id));
  if (fresh.length || gone.length) return `[${fresh.join(', ')}]${gone.length ? ` was [${old.join(', ')}]` : ''}`;
  const template = now !== undefined && changed.new.length > 0 && changed.new.every((l) => now.origins[l - 1]?.[0] === 't');
  return template ? '(generated from a template)' : '(no rule: NetBSD text, or a hand edit in the existing tree)';
}

/** A comment line after a file's diff: rules whose application count in it changes. */
function ruleCountChanges(rel: string, before: FileRecord | undefined, now: FileRecord | undefined): string {
  const count = (f: FileRecord | undefined): Map<string, number> => {
    const m = new Map<string, number>();
    for (const [id] of f?.applications ?? []) m.set(id, (m.get(id) ?? 0) + 1);
    return m;
  };
  if (!before || !now) return '';
  const a = count(before);
  const b = count(now);
  const ids = [...new Set([...a.keys(), ...b.keys()])].sort().filter((id) => a.get(id) !== b.get(id));
  return ids.length ? `# ${rel}: rule applications ${ids.map((id) => `${id} ${a.get(id) ?? 0} -> ${b.get(id) ?? 0}`).join(', ')}\n` : '';
}
