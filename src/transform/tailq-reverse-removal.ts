import { declaratorName, fileRoot } from '../parse/c-queries.js';
import type { SyntaxNode } from '../parse/tree-sitter-c.js';
import { textEdit } from '../rewrite/edit.js';
import { diagnosticAt, type Transform, type TransformResult } from './transform.js';

const ID = 'queue/tailq-reverse-removal';

/**
 * netbsd-to-dragonfly.md §2.7, §3.10: a TAILQ_FOREACH_REVERSE whose body TAILQ_REMOVEs the loop
 * variable reads the removed element's link to step on (viomb.c's deflate() does this). DragonFly
 * has TAILQ_FOREACH_REVERSE_MUTABLE(var, head, headname, field, tvar), which fetches the previous
 * element before the body runs. The loop gets the _MUTABLE name and a `<var>_prev` argument,
 * declared next to `var` in the same declaration (same type, so one edit serves every such loop
 * of the function). Loops that do not remove their variable are left alone.
 */
export const tailqReverseRemoval: Transform = {
  id: ID,
  meta: { summary: 'TAILQ_FOREACH_REVERSE removing its variable -> TAILQ_FOREACH_REVERSE_MUTABLE with a declared <var>_prev', see: 'netbsd-to-dragonfly.md §2.7' },
  appliesTo: () => true,
  literals: ['TAILQ_FOREACH_REVERSE'], // create() only looks at its macro sites
  itemNames: () => [], // ... inside the functions that hold them
  create(ctx) {
    const { file } = ctx;
    const out: TransformResult = { edits: [], diagnostics: [] };
    const declared = new Set<number>();
    const root = fileRoot(file);
    for (const site of file.macroSites) {
      if (site.name !== 'TAILQ_FOREACH_REVERSE') continue;
      const loop = root.descendantForIndex(site.nameStart);
      const stmt = ancestor(loop, 'for_statement');
      const init = stmt?.childForFieldName('initializer');
      const close = stmt?.children.find((c) => c.type === ')');
      if (!stmt || stmt.startIndex !== site.nameStart || !init || !close) continue;
      const v = init.text;
      if (!removesVariable(stmt.childForFieldName('body'), v)) continue;
      const decl = declarationOf(stmt, v);
      if (!decl) {
        out.diagnostics.push(diagnosticAt(file, site.nameStart, { code: 'PV2121', severity: 'error', message: `TAILQ_FOREACH_REVERSE removes '${v}' but no local declaration of '${v}' was found for its _MUTABLE companion`, ruleId: ID }));
        continue;
      }
      out.edits.push(textEdit(site.nameStart, site.nameEnd, 'TAILQ_FOREACH_REVERSE_MUTABLE', ID));
      out.edits.push(textEdit(close.startIndex, close.startIndex, companionArgument(file.text, site.nameStart, v), ID));
      if (declared.has(decl.id)) continue;
      declared.add(decl.id);
      // `struct vm_page *p` -> `struct vm_page *p, *p_prev`: the same declarator with the new name.
      const name = decl.descendantsOfType('identifier').find((i) => i.text === v)!;
      const companion = file.text.slice(decl.startIndex, name.startIndex) + `${v}_prev` + file.text.slice(name.endIndex, decl.endIndex);
      out.edits.push(textEdit(decl.endIndex, decl.endIndex, `, ${companion}`, ID));
    }
    return out;
  },
};

/** `, p_prev`, or on a continuation line (style(9): 4 more spaces) when the header would pass 80 columns. */
function companionArgument(text: string, macroStart: number, v: string): string {
  const lineStart = text.lastIndexOf('\n', macroStart - 1) + 1;
  const lineEnd = text.indexOf('\n', macroStart);
  const line = text.slice(lineStart, lineEnd < 0 ? text.length : lineEnd);
  const width = line.replace(/^\t+/, (tabs) => ' '.repeat(8 * tabs.length)).length + '_MUTABLE'.length + `, ${v}_prev`.length;
  return width <= 80 ? `, ${v}_prev` : `,\n${/^[ \t]*/.exec(line)![0]}    ${v}_prev`;
}

function ancestor(node: SyntaxNode | null, type: string): SyntaxNode | undefined {
  for (let n = node; n; n = n.parent) if (n.type === type) return n;
  return undefined;
}

/** Whether `body` calls TAILQ_REMOVE(head, v, field). */
function removesVariable(body: SyntaxNode | null, v: string): boolean {
  return (body?.descendantsOfType('call_expression') ?? []).some((c) => {
    const args = c.childForFieldName('arguments')?.namedChildren ?? [];
    return c.childForFieldName('function')?.text === 'TAILQ_REMOVE' && args[1]?.text === v;
  });
}

/** The declarator of local `v` (without initializer) in the function around `node`. */
function declarationOf(node: SyntaxNode, v: string): SyntaxNode | undefined {
  const body = ancestor(node, 'function_definition')?.childForFieldName('body');
  for (const decl of body?.namedChildren.filter((n) => n.type === 'declaration') ?? [])
    for (const d of decl.childrenForFieldName('declarator'))
      if (d.type !== 'init_declarator' && declaratorName(d) === v) return d;
  return undefined;
}
