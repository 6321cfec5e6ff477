/** Inline styles and script of the review page: the file must work offline, from file://. */
export const PAGE_CSS = `
:root{--del:#ffe4e1;--add:#e3f7e3;--tpl:#e4ecff;--hit:#fff3b0;--line:#ddd;--muted:#666;font:14px/1.4 system-ui,sans-serif}
body{margin:0;color:#222}
header{position:sticky;top:0;z-index:2;background:#f7f7f7;border-bottom:1px solid var(--line);padding:.4em 1em;display:flex;flex-wrap:wrap;gap:.4em 1.2em;align-items:center}
header h1{font-size:1.1em;margin:0}
header label{white-space:nowrap}
#status{color:var(--muted)}
.layout{display:grid;grid-template-columns:minmax(0,1fr) 30em}
main{padding:0 1em 4em;min-width:0}
aside#rules{position:sticky;top:2.6em;height:calc(100vh - 2.6em);overflow:auto;border-left:1px solid var(--line);padding:0 .8em 2em;background:#fcfcfc}
@media (max-width:1100px){.layout{grid-template-columns:1fr}aside#rules{position:static;height:auto}}
nav ul{columns:3;margin:.3em 0}
table.summary{border-collapse:collapse;margin:.5em 0}
table.summary td,table.summary th{border:1px solid var(--line);padding:.15em .5em;text-align:right}
table.summary th:first-child,table.summary td:first-child,table.summary td:last-child{text-align:left}
table.summary tr.mod{background:#f0f0f0}
table.checks td,table.checks th{text-align:left}
.names,.muted,.kmod,.from,.by,.origin{color:var(--muted)}
.ok{color:#17692c;font-weight:600}.bad{color:#b00020;font-weight:600}
.v-pass{color:#17692c}.v-fail{color:#b00020}.v-skip{color:var(--muted)}
.warn{background:#fff4ce;border:1px solid #e0c060;padding:.3em .6em}
section.module>h2{border-bottom:2px solid #444;margin-top:1.5em}
section.file h3{margin:1.2em 0 .2em;font-size:1em}
p.counts{margin:.1em 0 .4em;color:var(--muted)}
table.sbs{width:100%;border-collapse:collapse;table-layout:fixed;font:12px/1.35 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;tab-size:8}
table.sbs col.n{width:3.6em}
table.sbs th{background:#eee;text-align:left;padding:.2em .4em;font-family:system-ui,sans-serif}
table.sbs td{padding:0 .4em;vertical-align:top}
td.n{color:#999;text-align:right;user-select:none;border-right:1px solid var(--line)}
td.c{white-space:pre-wrap;overflow-wrap:anywhere}
tr.k-del td.c:nth-child(2),tr.k-change td.c:nth-child(2){background:var(--del)}
tr.k-add td.c:nth-child(4),tr.k-change td.c:nth-child(4){background:var(--add)}
tr.o-t td.c:nth-child(4){background:var(--tpl)}
tr.o-r td.c:nth-child(4){box-shadow:inset 3px 0 #3a9a4a}
tr.o-t td.c:nth-child(4){box-shadow:inset 3px 0 #4a6fd0}
td.e{background:#f4f4f4}
td.u{text-decoration:underline wavy #c60}
tr.hh td{background:#eef3fb;border-top:1px solid #c9d6ea;padding:.15em .4em;font-family:system-ui,sans-serif}
tr.hh .range{color:var(--muted);font-family:ui-monospace,monospace}
a.rule-link{display:inline-block;background:#dde7f8;border-radius:3px;padding:0 .35em;margin:0 .15em;text-decoration:none;color:#1a3d7c}
tbody.fold button{all:unset;cursor:pointer;color:#1a3d7c;font-family:system-ui,sans-serif;padding:.1em .4em}
tbody.fold td{background:#f6f6f6}
tr.note td{font-family:system-ui,sans-serif;padding:.15em .5em}
tr.sev-error td{background:#fde2e2}tr.sev-warning td{background:#fff1d6}tr.sev-note td{background:#eef}
tr.verify td{background:#eef7ff}
body.filtering tbody.fold,body.filtering tbody.fold-body{display:none}
tbody.hunk.dim tr:not(.hh){display:none}
tbody.hunk.dim tr.hh{opacity:.55}
tbody.hunk.hit tr.hh td{background:var(--hit)}
tr.rl td.c:not(.e){outline:2px solid #e0b000;outline-offset:-2px}
tr:target td{outline:2px solid #e08000}
article.rule{border:1px solid var(--line);border-radius:4px;padding:.3em .7em;margin:.7em 0;background:#fff}
article.rule h3{margin:.2em 0;font:600 13px ui-monospace,monospace;word-break:break-all}
article.rule:target,article.rule.sel{border-color:#e0b000;box-shadow:0 0 0 2px #ffe27a}
article.rule p{margin:.25em 0}
article.rule .kind{background:#eee;border-radius:3px;padding:0 .3em}
article.rule pre{white-space:pre-wrap;font-size:11.5px;margin:.2em 0;padding:.3em;background:#f6f6f6}
.ba{display:grid;grid-template-columns:1fr 1fr;gap:.3em}
pre.before{background:var(--del)!important}pre.after{background:var(--add)!important}
.see ul,.rows ul{margin:.2em 0;padding-left:1.2em}
[hidden]{display:none!important}
tbody,tr,section,article{scroll-margin-top:3.2em}
code{font:12px ui-monospace,monospace;background:#f0f0f0;padding:0 .2em}
`;

/** Filters (module, rule), folds, and the rule links; plain DOM, no library. */
export const PAGE_JS = `
(function () {
  var $$ = function (s, r) { return Array.prototype.slice.call((r || document).querySelectorAll(s)); };
  var has = function (el, rule) { return (el.getAttribute('data-rules') || '').split(' ').indexOf(rule) >= 0; };
  var modSel = document.getElementById('filter-module');
  var ruleSel = document.getElementById('filter-rule');
  var status = document.getElementById('status');
  function apply() {
    var mod = modSel.value, rule = ruleSel.value, files = 0, hunks = 0;
    document.body.classList.toggle('filtering', !!rule);
    $$('section.module').forEach(function (s) { s.hidden = !!mod && s.getAttribute('data-module') !== mod; });
    $$('#summary tr[data-module], #verify tr[data-module]').forEach(function (t) { var m = t.getAttribute('data-module'); t.hidden = !!mod && !!m && m !== mod; });
    $$('nav li[data-module]').forEach(function (l) { l.hidden = !!mod && l.getAttribute('data-module') !== mod; });
    $$('section.file').forEach(function (f) {
      var show = (!mod || f.getAttribute('data-module') === mod) && (!rule || has(f, rule));
      f.hidden = !show;
      if (show) files++;
      $$('tbody.hunk', f).forEach(function (h) {
        var hit = !!rule && has(h, rule);
        h.classList.toggle('hit', hit);
        h.classList.toggle('dim', !!rule && !hit);
        if (show && (hit || !rule)) hunks++;
      });
    });
    $$('tr[title]').forEach(function (t) { t.classList.toggle('rl', !!rule && t.title.split(', ').indexOf(rule) >= 0); });
    $$('article.rule').forEach(function (a) {
      var sel = a.getAttribute('data-rule') === rule;
      a.classList.toggle('sel', sel);
      if (sel) a.parentElement.scrollTop += a.getBoundingClientRect().top - a.parentElement.getBoundingClientRect().top;
    });
    status.textContent = hunks + ' hunks in ' + files + ' files' + (rule ? ' with rule ' + rule : '') + (mod ? ' in module ' + mod : '');
  }
  modSel.addEventListener('change', apply);
  ruleSel.addEventListener('change', apply);
  document.addEventListener('click', function (e) {
    var t = e.target;
    if (!(t instanceof Element)) return;
    var fold = t.closest('tbody.fold button');
    if (fold) {
      var body = fold.closest('tbody').nextElementSibling;
      body.hidden = !body.hidden;
      fold.setAttribute('aria-expanded', String(!body.hidden));
      return;
    }
    var only = t.closest('button.only');
    if (only) { ruleSel.value = only.getAttribute('data-rule'); apply(); return; }
    var link = t.closest('a.rule-link');
    if (link) {
      var hunk = link.closest('tbody.hunk');
      var card = document.getElementById(link.getAttribute('href').slice(1));
      var back = card && card.querySelector('a.back');
      if (back && hunk) { back.href = '#' + hunk.id; back.hidden = false; }
    }
  });
  // A link to a line inside a folded stretch (or a filtered-out file) opens it first.
  function reveal() {
    var el = location.hash && document.getElementById(decodeURIComponent(location.hash.slice(1)));
    if (!el) return;
    var body = el.closest('tbody.fold-body');
    if (body && body.hidden) { body.hidden = false; body.previousElementSibling.querySelector('button').setAttribute('aria-expanded', 'true'); }
    var file = el.closest('section.file, section.module');
    if (file && file.hidden) { modSel.value = ''; ruleSel.value = ''; apply(); }
    el.scrollIntoView({ block: el.matches('article') ? 'start' : 'center' });
  }
  window.addEventListener('hashchange', reveal);
  document.getElementById('expand-all').addEventListener('click', function () {
    var open = $$('tbody.fold-body[hidden]').length > 0;
    $$('tbody.fold-body').forEach(function (b) { b.hidden = !open; });
  });
  apply();
  if (location.hash) reveal();
})();
`;
