import { rowsFor, seeSections, type ApiMap } from './api-map.js';
import { esc, inlineMarkdown } from './escape.js';
import { lineAnchor, ruleAnchor } from './render-file.js';
import type { ReviewRule } from './review-model.js';

/** At most this many "where it applied" links per rule (the count is always exact). */
const MAX_PLACES = 200;

/** One card per rule used on the page: what, why (API map), the rule as written, examples, where. */
export function renderRules(rules: readonly ReviewRule[], apiMap: ApiMap): string {
  return `<aside id=rules><h2>Rules on this page <span class=muted>(${rules.length})</span></h2>\n${rules.map((r) => card(r, apiMap)).join('\n')}</aside>\n`;
}

function card(r: ReviewRule, apiMap: ApiMap): string {
  const i = r.info;
  const parts = [`<article class=rule id="${ruleAnchor(i.id)}" data-rule="${esc(i.id)}">`];
  parts.push(`<h3>${esc(i.id)}</h3><p class=meta><span class=kind>${esc(i.kind)}</span> · ${r.count} application${r.count === 1 ? '' : 's'}${i.file ? ` · ${esc(i.file)}:${i.line}` : ''}</p>`);
  parts.push(`<p class=summary>${esc(i.summary)}</p>`);
  if (i.scope) parts.push(`<p class=scope>scope: ${esc(i.scope)}</p>`);
  const sections = seeSections(i.see, apiMap);
  if (i.see) {
    const items = sections.map((s) => `<li><b>${esc(s.ref)} ${inlineMarkdown(s.title)}</b> <span class=muted>(netbsd-to-dragonfly.md:${s.line})</span>${s.excerpt ? `<br>${inlineMarkdown(s.excerpt)}` : ''}`);
    parts.push(`<div class=see>see ${esc(i.see)}${items.length ? `<ul>${items.join('')}</ul>` : ''}</div>`);
  }
  const rows = rowsFor(i.identifiers, apiMap);
  if (rows.length) parts.push(`<div class=rows>API map:<ul>${rows.map((w) => `<li>${inlineMarkdown(w.netbsd)} → ${inlineMarkdown(w.dragonfly)}${w.notes ? ` <span class=muted>${inlineMarkdown(w.notes)}</span>` : ''}`).join('')}</ul></div>`);
  if (i.body) parts.push(`<details><summary>${i.kind === 'rule' ? 'the rule as written' : 'what it does'}</summary><pre>${esc(i.body)}</pre></details>`);
  if (i.examples.length) {
    const ex = i.examples.map(
      (e) => `<div class=example><p>${esc(e.name)}${e.unchanged ? ' <span class=muted>(left unchanged)</span>' : ''}</p><div class=ba><pre class=before>${esc(e.before)}</pre>${e.after !== undefined ? `<pre class=after>${esc(e.after)}</pre>` : ''}</div></div>`,
    );
    parts.push(`<details class=examples${i.examples.length <= 2 && i.examples.every((e) => e.before.length < 800) ? ' open' : ''}><summary>examples (${i.examples.length})</summary>${ex.join('')}</details>`);
  }
  if (i.tests.length) parts.push(`<p class=muted>tests: ${esc(i.tests.join(', '))}</p>`);
  const places = r.places.slice(0, MAX_PLACES).map((p) => {
    const from = p.input ? `${esc(p.input)}:${p.line}:${p.column}` : '';
    const to = p.outputLine ? `<a href="#${lineAnchor(p.output, p.outputLine)}">${esc(p.output)}:${p.outputLine}</a>` : `${esc(p.output)} <span class=muted>(deletion)</span>`;
    return `<li>${to}${from ? ` <span class=muted>from ${from}</span>` : ''}`;
  });
  const more = r.places.length > MAX_PLACES ? `<li class=muted>… ${r.places.length - MAX_PLACES} more` : '';
  parts.push(`<details class=places><summary>where it applied (${r.places.length})</summary><ul>${places.join('')}${more}</ul></details>`);
  parts.push(`<p><button type=button class=only data-rule="${esc(i.id)}">show only its hunks</button> <a class=back hidden href="#">back to the hunk</a></p></article>`);
  return parts.join('\n');
}
