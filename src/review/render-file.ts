import { anchor, esc } from './escape.js';
import type { ReviewFile } from './review-model.js';
import type { Row } from './side-by-side.js';
import { outcome } from './verify-results.js';

/** Anchor of emitted line `line` of `output` (rules link their applications to it). */
export const lineAnchor = (output: string, line: number): string => anchor('L', output, String(line));
export const fileAnchor = (output: string): string => anchor('f', output);
export const ruleAnchor = (id: string): string => anchor('rule', id);

/** Per emitted line: what the page marks on it (build diagnostics, leftovers, verify findings). */
interface Marks {
  notes: Map<number, string[]>;
  /** NetBSD line -> rule ids applied on it. */
  applied: Map<number, string[]>;
  unhandled: Map<number, string[]>;
}

/**
 * One file as a side-by-side table: NetBSD on the left, DragonFly on the right, hunks headed by
 * links to their rules, unchanged stretches folded (open when something is marked in them).
 * `anchored` lists the emitted lines other parts of the page link to.
 */
export function renderFile(f: ReviewFile, anchored: ReadonlySet<number>): string {
  const marks = marksOf(f);
  const parts: string[] = [];
  const counts = f.record.lineOrigins;
  const from = f.input ? ` <span class=from>from NetBSD ${esc(f.input)}</span>` : ' <span class=from>generated (no NetBSD source)</span>';
  parts.push(`<section class=file id="${fileAnchor(f.output)}" data-module="${esc(f.module)}" data-file="${esc(f.output)}" data-rules="${esc(f.rules.join(' '))}">`);
  parts.push(`<h3><a href="#${fileAnchor(f.output)}">${esc(f.output)}</a>${from}</h3>`);
  parts.push(
    `<p class=counts>${counts.untouched} untouched · ${counts.rewritten} rewritten · ${counts.template} from templates · ${f.record.applications.length} rule applications · ${f.record.unhandled.length} NetBSD identifiers left · ${f.diagnostics.length} build diagnostics</p>`,
  );
  for (const w of f.warnings) parts.push(`<p class=warn>${esc(w)}</p>`);
  parts.push(`<table class=sbs><colgroup><col class=n><col><col class=n><col></colgroup>`);
  parts.push(`<thead><tr><th colspan=2>NetBSD${f.input ? ` ${esc(f.input)}` : ''}<th colspan=2>DragonFly ${esc(f.output)}</thead>`);
  f.blocks.forEach((b) => {
    if (b.type === 'fold') {
      // Open where the page marks something: a build diagnostic or a NetBSD identifier left.
      const open = b.rows.some((r) => r.right !== undefined && (marks.notes.has(r.right) || marks.unhandled.has(r.right)));
      const first = b.rows[0]!;
      const last = b.rows[b.rows.length - 1]!;
      parts.push(`<tbody class=fold><tr><td colspan=4><button type=button aria-expanded=${open}>${b.rows.length} unchanged lines (NetBSD ${first.left}–${last.left}, DragonFly ${first.right}–${last.right})</button></tbody>`);
      parts.push(`<tbody class=fold-body${open ? '' : ' hidden'}>${b.rows.map((r) => row(f, r, marks, anchored)).join('')}</tbody>`);
      return;
    }
    const h = b.index;
    const ids = f.hunkRules[h] ?? [];
    const hunk = f.hunks[h]!;
    const range = `@@ -${hunk.oldStart},${hunk.oldLines} +${hunk.newStart},${hunk.newLines} @@`;
    const links = ids.length ? ids.map((id) => `<a class=rule-link href="#${ruleAnchor(id)}" data-rule="${esc(id)}">${esc(id)}</a>`).join(' ') : '<span class=norule>no rule (NetBSD text or a hand edit)</span>';
    parts.push(`<tbody class=hunk id="${anchor('h', f.output, String(h + 1))}" data-rules="${esc(ids.join(' '))}"><tr class=hh><td colspan=4><span class=range>${esc(range)}</span> ${links}`);
    parts.push(b.rows.map((r) => row(f, r, marks, anchored)).join('') + '</tbody>');
  });
  parts.push('</table>');
  return parts.join('\n') + '\n</section>\n';
}

function row(f: ReviewFile, r: Row, marks: Marks, anchored: ReadonlySet<number>): string {
  const o = r.right !== undefined ? f.origins?.[r.right - 1] : undefined;
  const cls = [`k-${r.kind}`, o?.kind === 'template' ? 'o-t' : o?.kind === 'rewritten' ? 'o-r' : ''].filter(Boolean).join(' ');
  const id = r.right !== undefined && anchored.has(r.right) ? ` id="${lineAnchor(f.output, r.right)}"` : '';
  // The rules behind the row: those that made its emitted line, and those applied on its NetBSD line
  // (a deletion has no emitted line to carry them).
  const ids = [...new Set([...(o?.ruleIds ?? []), ...(r.left !== undefined && r.kind !== 'same' ? (marks.applied.get(r.left) ?? []) : [])])].sort();
  const title = ids.length ? ` title="${esc(ids.join(', '))}"` : '';
  const left = r.left !== undefined ? `<td class=n>${r.left}<td class=c>${esc(f.netbsd[r.left - 1] ?? '')}` : '<td class=n><td class="c e">';
  const unh = r.right !== undefined ? marks.unhandled.get(r.right) : undefined;
  const rightCls = unh ? ' class="c u"' : ' class=c';
  const right = r.right !== undefined ? `<td class=n>${r.right}<td${rightCls}${unh ? ` title="NetBSD-only identifier left: ${esc(unh.join(', '))}"` : ''}>${esc(f.dragonfly[r.right - 1] ?? '')}` : '<td class=n><td class="c e">';
  const notes = r.right !== undefined ? (marks.notes.get(r.right) ?? []) : [];
  return `<tr class="${cls}"${id}${title}>${left}${right}` + notes.join('');
}

function marksOf(f: ReviewFile): Marks {
  const notes = new Map<number, string[]>();
  const add = (line: number, html: string): void => void notes.set(line, [...(notes.get(line) ?? []), html]);
  for (const d of f.diagnostics) {
    const origin = d.origin ? ` <span class=origin>from NetBSD line ${d.origin.line}${d.origin.ruleIds.length ? ` [${esc(d.origin.ruleIds.join(', '))}]` : ''}</span>` : '';
    add(d.line, `<tr class="note diag sev-${esc(d.severity)}"><td class=n><td colspan=3><b>${esc(d.severity)}</b> ${esc(f.output)}:${d.line}:${d.column}: ${esc(d.code)}: ${esc(d.message)}${origin} <span class=by>(build of ${esc(d.builtBy)})</span>`);
  }
  for (const c of f.verify) if (c.line !== undefined) add(c.line, `<tr class="note verify v-${outcome(c.status)}"><td class=n><td colspan=3><b>verify ${esc(c.status)}</b> ${esc(c.name)}${c.message ? `: ${esc(c.message)}` : ''}`);
  const unhandled = new Map<number, string[]>();
  for (const u of f.record.unhandled) unhandled.set(u.line, [...(unhandled.get(u.line) ?? []), u.name]);
  const applied = new Map<number, string[]>();
  for (const [id, line] of f.record.applications) applied.set(line, [...(applied.get(line) ?? []), id]);
  return { notes, unhandled, applied };
}
