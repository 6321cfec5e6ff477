import { join, resolve } from 'node:path';
import { API_MAP_RELATIVE_PATH } from '../analyze/netbsd-only-identifiers.js';
import { loadApiMap, rowsFor, seeSections } from '../review/api-map.js';
import { overlayInfo, ruleInfos, type RuleInfo } from '../review/rule-info.js';
import { readRunRecord, RunRecordError, runRecordPath, type RunRecord } from '../review/run-record.js';
import { whereApplied } from '../review/where-applied.js';
import { formatUnifiedDiff } from './print-diff.js';
import { loadProject } from './project.js';
import { outputTree, shownPath } from './output-tree.js';

/**
 * `port-virtio explain RULE-ID`: what the rule does and why (summary, the API map sections and
 * table rows behind it), the rule as written, its examples, and every place it applied in the
 * last run recorded in the output tree, as `file:line` pairs an editor can open.
 */
export function runExplainCommand(args: { id: string; out?: string | undefined }): number {
  const project = loadProject();
  const infos = ruleInfos(project.root, project.rules, project.transforms);
  const info = infos.get(args.id) ?? (args.id.startsWith('patch:') ? overlayInfo(args.id) : undefined);
  if (!info) {
    const near = [...infos.keys()].filter((id) => id.includes(args.id) || args.id.includes(id.split('/').pop()!));
    process.stderr.write(`port-virtio: no rule or transform '${args.id}'${near.length ? `; did you mean: ${near.join(', ')}` : ''}\nRun 'port-virtio rules' for the list.\n`);
    return 2;
  }
  const out: string[] = [];
  out.push(`${info.id}  (${info.kind}, ${info.file}:${info.line})`, `  ${info.summary}`, `  scope: ${info.scope}`, '');
  const apiMap = loadApiMap(resolve(project.root, API_MAP_RELATIVE_PATH));
  const sections = seeSections(info.see, apiMap);
  const rows = rowsFor(info.identifiers, apiMap);
  if (info.see || rows.length) {
    out.push('Why');
    if (info.see) out.push(`  see ${info.see}`);
    const mapFile = shownPath(apiMap.path);
    for (const s of sections) {
      out.push(`  ${s.ref} ${s.title} (${mapFile}:${s.line})`);
      if (s.excerpt) out.push(...wrap(s.excerpt, 96).map((l) => `      ${l}`));
    }
    for (const r of rows) out.push(`  ${r.netbsd} -> ${r.dragonfly}${r.notes ? ` — ${r.notes}` : ''} (${mapFile}:${r.line})`);
    out.push('');
  }
  if (info.body) out.push(info.kind === 'rule' ? 'Rule' : 'What it does', ...info.body.split('\n').map((l) => `  ${l}`.trimEnd()), '');
  out.push(...examples(info));
  out.push(...applied(info, args.out));
  process.stdout.write(out.join('\n') + '\n');
  return 0;
}

function examples(info: RuleInfo): string[] {
  const out: string[] = [];
  if (info.examples.length) out.push(`Examples (${info.examples.length})`);
  for (const e of info.examples) {
    out.push(`  ${e.name}${e.unchanged ? ' (left unchanged)' : ''}`);
    const long = e.before.split('\n').length > 15;
    if (long && e.after !== undefined) {
      const d = formatUnifiedDiff({ oldName: 'before', newName: 'after', oldLabel: '', newLabel: '', oldText: e.before, newText: e.after, annotate: () => '' }, false);
      out.push(...d.trimEnd().split('\n').slice(2).map((l) => `    ${l}`));
      continue;
    }
    out.push('    before:', ...block(e.before));
    if (e.after !== undefined) out.push('    after:', ...block(e.after));
  }
  if (info.tests.length) out.push(`  tests: ${info.tests.join(', ')}`);
  if (out.length === 0) out.push(`Examples: none${info.kind === 'transform' ? ' (no fixtures under test/fixtures/transform/ and no test in test/transform/ for it)' : ''}`);
  out.push('');
  return out;
}

function applied(info: RuleInfo, outArg: string | undefined): string[] {
  const { dest } = outputTree(outArg);
  let record: RunRecord | undefined;
  try {
    record = readRunRecord(dest);
  } catch (e) {
    if (!(e instanceof RunRecordError)) throw e;
    return [`Last run: ${e.message}`];
  }
  if (!record) return [`Last run: none recorded in ${shownPath(dest)} (run port-virtio --driver all first, or pass --out)`];
  const places = whereApplied(record, info.id);
  const out = [`Applied in the last run (${shownPath(runRecordPath(dest))}): ${places.length} time${places.length === 1 ? '' : 's'}`];
  for (const p of places) {
    const from = shownPath(join(p.src, p.input));
    const to = p.outputLine ? ` -> ${shownPath(join(dest, p.output))}:${p.outputLine}` : ` (in ${p.output}; no emitted line carries it: the edit removed code)`;
    out.push(`  ${from}:${p.line}:${p.column}${to}`);
  }
  return out;
}

const block = (s: string): string[] => s.replace(/\n$/, '').split('\n').map((l) => `      ${l}`.trimEnd());

function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let cur = '';
  for (const w of text.split(/\s+/)) {
    if (cur && cur.length + w.length + 1 > width) (lines.push(cur), (cur = ''));
    cur = cur ? `${cur} ${w}` : w;
  }
  if (cur) lines.push(cur);
  return lines;
}
