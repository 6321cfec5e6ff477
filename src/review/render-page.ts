import type { ApiMap } from './api-map.js';
import { esc } from './escape.js';
import { PAGE_CSS, PAGE_JS } from './page-assets.js';
import { fileAnchor, renderFile } from './render-file.js';
import { renderRules } from './render-rules.js';
import { renderSummary, renderVerify } from './render-summary.js';
import type { ReviewData, ReviewFile } from './review-model.js';

/**
 * The whole review page as one self-contained HTML document: styles and script inline, and a
 * Content-Security-Policy that forbids every fetch, so opening it can never reach the network.
 */
export function renderPage(data: ReviewData, apiMap: ApiMap, title: string): string {
  const modules = data.modules.map((m) => m.record.module);
  const moduleOptions = modules.map((m) => `<option value="${esc(m)}">${esc(m)}</option>`).join('');
  const ruleOptions = data.rules.map((r) => `<option value="${esc(r.info.id)}">${esc(r.info.id)} (${r.count})</option>`).join('');
  const anchored = anchoredLines(data);
  const nav = data.modules
    .map((m) => `<li data-module="${esc(m.record.module)}"><a href="#m-${esc(m.record.module)}">${esc(m.record.module)}</a>: ${m.files.map((f) => `<a href="#${fileAnchor(f.output)}">${esc(f.output.split('/').pop()!)}</a>`).join(', ')}`)
    .join('');
  const body = data.modules.map((m) => {
    const other = m.otherDiagnostics.map((d) => `<li class="sev-${esc(d.severity)}">${esc(d.file)}:${d.line}:${d.column}: ${esc(d.severity)}: ${esc(d.code)}: ${esc(d.message)}`);
    const checks = m.verify.map((c) => `<li>verify ${esc(c.status)}: ${esc(c.name)}${c.message ? `: ${esc(c.message)}` : ''}`);
    const extra = other.length || checks.length ? `<ul class=other>${[...other, ...checks].join('')}</ul>` : '';
    const files = m.files.map((f) => renderFile(f, anchored.get(f.output) ?? new Set())).join('');
    return `<section class=module id="m-${esc(m.record.module)}" data-module="${esc(m.record.module)}"><h2>${esc(m.record.module)} <span class=kmod>${esc(m.record.kmod)}.ko</span></h2>${extra}\n${files}</section>\n`;
  });
  return `<!doctype html>
<html lang=en>
<head>
<meta charset=utf-8>
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
<meta name=viewport content="width=device-width, initial-scale=1">
<title>${esc(title)}</title>
<style>${PAGE_CSS}</style>
</head>
<body>
<header><h1>${esc(title)}</h1>
<label>module <select id=filter-module><option value="">all modules</option>${moduleOptions}</select></label>
<label>rule <select id=filter-rule><option value="">all rules</option>${ruleOptions}</select></label>
<button type=button id=expand-all>expand / collapse unchanged lines</button>
<span id=status></span></header>
<div class=layout><main>
<p class=muted>Tree: ${esc(data.dest)}. Left: the NetBSD source; right: what port-virtio emitted. Green edge: rewritten by a rule; blue: new code from a template; wavy underline: a NetBSD-only identifier left. Each hunk names the rules behind it; click one to see the rule.</p>
<nav><ul>${nav}</ul></nav>
${renderSummary(data)}${renderVerify(data)}${body.join('')}</main>
${renderRules(data.rules, apiMap)}</div>
<script>${PAGE_JS}</script>
</body>
</html>
`;
}

/** Emitted lines other parts of the page link to: rule applications, leftovers, verify findings. */
function anchoredLines(data: ReviewData): Map<string, Set<number>> {
  const out = new Map<string, Set<number>>();
  const add = (file: string, line: number | undefined): void => {
    if (line === undefined) return;
    if (!out.has(file)) out.set(file, new Set());
    out.get(file)!.add(line);
  };
  for (const r of data.rules) for (const p of r.places) add(p.output, p.outputLine);
  const files: ReviewFile[] = data.modules.flatMap((m) => m.files);
  for (const f of files) for (const u of f.record.unhandled) add(f.output, u.line);
  if (data.verify && 'checks' in data.verify) for (const c of data.verify.checks) if (c.file) add(c.file, c.line);
  return out;
}
