import { esc } from './escape.js';
import { fileAnchor, lineAnchor } from './render-file.js';
import type { ReviewData, ReviewModule } from './review-model.js';
import { outcome, type VerifyCheck } from './verify-results.js';

/** The summary table: per module (then per file) line origins, rules, leftovers, build and verify. */
export function renderSummary(data: ReviewData): string {
  const head = '<tr><th>module / file<th>untouched<th>rewritten<th>from templates<th>rule applications<th>rules<th>NetBSD identifiers left<th>build (last --check)<th>verify';
  const rows: string[] = [];
  const total = { untouched: 0, rewritten: 0, template: 0, apps: 0, unhandled: 0 };
  for (const m of data.modules) {
    const o = m.record.lineOrigins;
    const apps = m.files.reduce((n, f) => n + f.record.applications.length, 0);
    const rules = new Set(m.files.flatMap((f) => f.rules)).size;
    const unhandled = m.files.flatMap((f) => f.record.unhandled.map((u) => ({ ...u, file: f.output })));
    Object.assign(total, { untouched: total.untouched + o.untouched, rewritten: total.rewritten + o.rewritten, template: total.template + o.template, apps: total.apps + apps, unhandled: total.unhandled + unhandled.length });
    rows.push(
      `<tr class=mod data-module="${esc(m.record.module)}"><th><a href="#m-${esc(m.record.module)}">${esc(m.record.module)}</a> <span class=kmod>${esc(m.record.kmod)}.ko</span><td>${o.untouched}<td>${o.rewritten}<td>${o.template}<td>${apps}<td>${rules}<td>${leftovers(unhandled)}<td>${build(m)}<td>${verify(data, m)}`,
    );
    for (const f of m.files) {
      const c = f.record.lineOrigins;
      const left = f.record.unhandled.map((u) => ({ ...u, file: f.output }));
      rows.push(
        `<tr class=file-row data-module="${esc(m.record.module)}"><td><a href="#${fileAnchor(f.output)}">${esc(f.output)}</a><td>${c.untouched}<td>${c.rewritten}<td>${c.template}<td>${f.record.applications.length}<td>${f.rules.length}<td>${leftovers(left)}<td>${f.diagnostics.length ? `${f.diagnostics.length} diagnostic${f.diagnostics.length === 1 ? '' : 's'}` : ''}<td>`,
      );
    }
  }
  rows.push(`<tr class=total><th>all shown<td>${total.untouched}<td>${total.rewritten}<td>${total.template}<td>${total.apps}<td>${data.rules.length}<td>${total.unhandled}<td><td>`);
  return `<section id=summary><h2>Summary</h2><table class=summary><thead>${head}</thead><tbody>${rows.join('\n')}</tbody></table></section>\n`;
}

function leftovers(list: { name: string; line: number; file: string }[]): string {
  if (list.length === 0) return '0';
  const names = [...new Set(list.map((u) => u.name))].sort();
  return `<a href="#${lineAnchor(list[0]!.file, list[0]!.line)}" title="${esc(names.join(', '))}">${list.length}</a> <span class=names>${esc(names.slice(0, 4).join(', '))}${names.length > 4 ? ', …' : ''}</span>`;
}

function build(m: ReviewModule): string {
  const b = m.record.build;
  if (!b) return '<span class=muted>not checked</span>';
  return `<span class="${b.ok ? 'ok' : 'bad'}">${b.ok ? 'ok' : 'FAILED'}</span>, ${b.errors} errors, ${b.warnings} warnings`;
}

function verify(data: ReviewData, m: ReviewModule): string {
  if (!data.verify || !('checks' in data.verify)) return '<span class=muted>—</span>';
  const checks: VerifyCheck[] = [...m.verify, ...m.files.flatMap((f) => f.verify)];
  if (checks.length === 0) return '<span class=muted>no checks</span>';
  const n = (k: 'pass' | 'fail' | 'skip'): number => checks.filter((c) => outcome(c.status) === k).length;
  return `<a href="#verify"><span class=${n('fail') ? 'bad' : 'ok'}>${n('pass')} passed, ${n('fail')} failed</span>${n('skip') ? `, ${n('skip')} skipped` : ''}</a>`;
}

/** The verification results section, only when `verify` left results in the tree. */
export function renderVerify(data: ReviewData): string {
  const v = data.verify;
  if (!v) return '';
  if ('error' in v) return `<section id=verify><h2>Verification</h2><p class=warn>${esc(v.path)}: ${esc(v.error)}</p></section>\n`;
  const shown = new Set(data.modules.map((m) => m.record.module));
  const rows = v.checks
    .filter((c) => !c.module || shown.has(c.module))
    .map((c) => {
      const where = c.file ? (c.line ? `<a href="#${lineAnchor(c.file, c.line)}">${esc(c.file)}:${c.line}</a>` : esc(c.file)) : '';
      return `<tr data-module="${esc(c.module ?? '')}"><td>${esc(c.module ?? '')}<td>${esc(c.name)}<td class=v-${outcome(c.status)}>${esc(c.status)}<td>${esc(c.message ?? '')}<td>${where}`;
    });
  return `<section id=verify><h2>Verification (${esc(v.path)})</h2><table class="summary checks"><thead><tr><th>module<th>check<th>result<th>message<th>where</thead><tbody>${rows.join('\n')}</tbody></table></section>\n`;
}
