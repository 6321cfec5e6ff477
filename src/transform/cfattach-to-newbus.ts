import { fileScopeCalls, functionDefinition, identifierUses, prototypes, returnStatements } from '../parse/c-queries.js';
import { callArguments } from '../parse/c-lexemes.js';
import type { SyntaxNode } from '../parse/tree-sitter-c.js';
import { textEdit } from '../rewrite/edit.js';
import { diagnosticAt, type Transform, type TransformContext, type TransformResult } from './transform.js';

const ID = 'autoconf/cfattach-to-newbus';
const CFATTACH = new Set(['CFATTACH_DECL_NEW', 'CFATTACH_DECL2_NEW', 'CFATTACH_DECL3_NEW']);
const CFATTACH_CALL = new RegExp(`\\b(?:${[...CFATTACH].join('|')})\\s*\\(`, 'g');

/**
 * NetBSD autoconf -> DragonFly newbus (netbsd-to-dragonfly.md §2.1, §3.1):
 * CFATTACH_DECL*_NEW becomes a device_method_t table, a driver_t, a devclass and DRIVER_MODULE;
 * match(parent, cf, aux) becomes probe(self) returning 0 / ENXIO (NetBSD's 1 / 0 inverted);
 * attach(parent, self, aux) becomes int attach(self) whose early returns are failures;
 * detach(self, flags) becomes detach(self). A bus driver (modules.yml `bus: true`) gets the bus
 * methods, and its attach succeeds once config_found() has run.
 */
export const cfattachToNewbus: Transform = {
  id: ID,
  meta: { summary: 'autoconf CFATTACH_DECL*_NEW + match/attach/detach -> newbus methods, driver_t, DRIVER_MODULE', see: 'netbsd-to-dragonfly.md §2.1, §3.1' },
  appliesTo: () => true,
  literals: [...CFATTACH], // create() only looks at file-scope calls of these
  itemNames: attachmentFunctionNames, // ... and at the functions they name
  create(ctx) {
    const result: TransformResult = { edits: [], diagnostics: [] };
    for (const decl of fileScopeCalls(ctx.file, CFATTACH)) convert(ctx, decl, result);
    return result;
  },
};

/**
 * The match, attach and detach functions every CFATTACH_DECL*_NEW(...) of the text names (its
 * 3rd to 5th arguments): their definitions and prototypes are all create() reads besides the
 * declaration. undefined when one is not a plain name (the whole file is parsed then).
 */
function attachmentFunctionNames(text: string): string[] | undefined {
  const names: string[] = [];
  for (const m of text.matchAll(CFATTACH_CALL)) {
    const args = callArguments(text, m.index + m[0].length - 1);
    if (!args) return undefined;
    for (const name of args.slice(2, 5)) {
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) return undefined;
      if (name !== 'NULL') names.push(name);
    }
  }
  return names;
}

function convert(ctx: TransformContext, decl: ReturnType<typeof fileScopeCalls>[number], out: TransformResult): void {
  const { file, module } = ctx;
  const [name, size, match, attach, detach, , , , flags] = decl.args.map((a) => a.text);
  if (!name || !size || !match || !attach) {
    out.diagnostics.push(diagnosticAt(file, decl.stmt.startIndex, { code: 'PV2101', severity: 'error', message: `${decl.name} needs name, softc size, match and attach`, ruleId: ID }));
    return;
  }
  const driver = module?.driver ?? name;
  const parent = module?.parent ?? 'pci';
  const hasDetach = detach !== undefined && detach !== 'NULL';
  const methods: [string, string][] = [
    ['device_probe', match],
    ['device_attach', attach],
  ];
  if (hasDetach) methods.push(['device_detach', detach]);
  else if (module?.detach) methods.push(['device_detach', module.detach]); // supplied by a transform (modules.yml)
  else
    out.diagnostics.push(diagnosticAt(file, decl.stmt.startIndex, { code: 'PV2102', severity: 'warning', message: `${name} has no detach function: newbus cannot detach it, so its module cannot be unloaded`, ruleId: ID }));
  // NetBSD detaches a DVF_DETACH_SHUTDOWN device at shutdown. A bus driver's full detach at reboot
  // would tear its children down too, so it gets a shutdown method of its own, `<name>_shutdown`,
  // which its bus transform supplies (virtio/parent-bus-split: a device reset, which stops the
  // DMA). Other drivers keep NetBSD's detach: no generic "stop the DMA" exists.
  if (hasDetach && flags?.includes('DVF_DETACH_SHUTDOWN')) methods.push(['device_shutdown', module?.bus ? `${name}_shutdown` : detach]);
  if (module?.bus) methods.push(['bus_print_child', 'bus_generic_print_child'], ['bus_driver_added', 'bus_generic_driver_added']);
  // style(9): the function names line up on the tab stop after the longest `DEVMETHOD(name,`.
  const column = Math.max(...methods.map(([m]) => 8 + `DEVMETHOD(${m},`.length)) + 1;
  const stop = Math.ceil(column / 8) * 8;
  const tabs = (m: string): string => '\t'.repeat(Math.ceil((stop - 8 - `DEVMETHOD(${m},`.length) / 8));
  const table = methods.map(([m, fn]) => `\tDEVMETHOD(${m},${tabs(m)}${fn}),\n`).join('');
  const moduleLines = [`DRIVER_MODULE(${driver}, ${parent}, ${name}_driver, ${name}_devclass, NULL, NULL);`, `MODULE_VERSION(${driver}, 1);`];
  if (parent !== 'pci') moduleLines.push(`MODULE_DEPEND(${driver}, ${parent}, 1, 1, 1);`);
  const sizeArg = decl.args[1]!;
  out.edits.push({
    start: decl.stmt.startIndex,
    end: decl.stmt.endIndex,
    ruleId: ID,
    template: 'newbus-driver',
    parts: [
      `static device_method_t ${name}_methods[] = {\n${table}\tDEVMETHOD_END\n};\n\nstatic driver_t ${name}_driver = {\n\t"${driver}",\n\t${name}_methods,\n\t`,
      { capture: { start: sizeArg.startIndex, end: sizeArg.endIndex } },
      `\n};\n\nstatic devclass_t ${name}_devclass;\n\n${moduleLines.join('\n')}`,
    ],
  });
  const busDriver = module?.bus === true;
  rewriteFunction(ctx, match, 'match', busDriver, out);
  rewriteFunction(ctx, attach, 'attach', busDriver, out);
  if (hasDetach) rewriteFunction(ctx, detach, 'detach', busDriver, out);
}

function rewriteFunction(ctx: TransformContext, fname: string, role: 'match' | 'attach' | 'detach', busDriver: boolean, out: TransformResult): void {
  const { file } = ctx;
  const def = functionDefinition(file, fname);
  if (!def) {
    out.diagnostics.push({ ...diagnosticAt(file, 0, { code: 'PV2103', severity: 'error', message: `${role} function ${fname} is not defined in this file`, ruleId: ID }) });
    return;
  }
  for (const decl of [...prototypes(file, fname), def]) {
    const params = decl.descendantsOfType('parameter_list')[0];
    if (params) out.edits.push(textEdit(params.startIndex, params.endIndex, decl === def ? '(device_t self)' : '(device_t)', ID));
    const type = decl.childForFieldName('type');
    if (role === 'attach' && type?.text === 'void') out.edits.push(textEdit(type.startIndex, type.endIndex, 'int', ID));
  }
  const body = def.childForFieldName('body')!;
  const locals = localsToDeclare(ctx, body, role);
  if (locals) {
    // New locals go first in the body, before NetBSD's own declarations.
    const at = file.text[body.startIndex + 1] === '\n' ? body.startIndex + 2 : body.startIndex + 1;
    out.edits.push(textEdit(at, at, at === body.startIndex + 2 ? locals : `\n${locals}`, ID, 'newbus-arguments'));
  }
  // A bus stays attached once it has configured its children (a child may come later), so its
  // returns after config_found() succeed; before that, an early return is a failed attach.
  const childrenConfigured = busDriver && role === 'attach' ? configFoundEnd(body) : Infinity;
  const statements = body.namedChildren.filter((n) => n.type !== 'comment');
  // NetBSD attach may end its success path with `return;` and put the error tail after a label
  // (`return; err: ...; return;`): the success return is the last statement before the first label.
  const firstLabel = statements.findIndex((s) => s.type === 'labeled_statement');
  const success = (firstLabel < 0 ? statements : statements.slice(0, firstLabel)).at(-1);
  for (const ret of returnStatements(body)) {
    const value = ret.namedChild(0);
    if (role === 'match') rewriteMatchReturn(ret, value, out);
    else if (role === 'attach') out.edits.push(textEdit(ret.startIndex, ret.endIndex, ret.id === success?.id || ret.startIndex >= childrenConfigured ? 'return(0);' : 'return(ENXIO);', ID));
  }
  if (role === 'attach' && firstLabel < 0 && success?.type !== 'return_statement')
    out.edits.push(textEdit(body.endIndex - 1, body.endIndex - 1, '\n\treturn(0);\n', ID, 'newbus-arguments'));
}

/** NetBSD match returns a priority (non-zero = match); newbus probe returns 0 to match, an errno not to. */
function rewriteMatchReturn(ret: SyntaxNode, value: SyntaxNode | null, out: TransformResult): void {
  let v = value;
  while (v?.type === 'parenthesized_expression') v = v.namedChild(0);
  const replacement = v?.type === 'number_literal' ? (Number(v.text) !== 0 ? 'return(BUS_PROBE_DEFAULT);' : 'return(ENXIO);') : undefined;
  if (replacement) out.edits.push(textEdit(ret.startIndex, ret.endIndex, replacement, ID));
  else if (v) out.edits.push({ start: ret.startIndex, end: ret.endIndex, ruleId: ID, parts: ['return((', { capture: { start: v.startIndex, end: v.endIndex } }, ') != 0 ? BUS_PROBE_DEFAULT : ENXIO);'] });
}

/** NetBSD's `parent`/`aux` arguments become locals when the body uses them (children only: a PCI aux is pci_attach_args, which the pci rules consume). */
function localsToDeclare(ctx: TransformContext, body: SyntaxNode, role: string): string {
  const lines: string[] = [];
  const childOfVirtio = ctx.module !== undefined && ctx.module.parent !== 'pci';
  if (role !== 'detach' && identifierUses(ctx.file, body, 'parent').length > 0) lines.push('\tdevice_t parent = device_get_parent(self);\n');
  if (role !== 'detach' && childOfVirtio && identifierUses(ctx.file, body, 'aux').length > 0) lines.push('\tvoid *aux = device_get_ivars(self);\n');
  if (role === 'detach') {
    // disk/ld-to-disk drops ldbegindetach()'s flags argument as newbus does config_detach()'s.
    const uses = identifierUses(ctx.file, body, 'flags').filter((u) => !isArgumentOf(u, 'config_detach') && !isArgumentOf(u, 'ldbegindetach'));
    if (uses.length > 0) lines.push('\tint flags = 0;\t/* newbus detach has no flags */\n');
  }
  return lines.join('');
}

function isArgumentOf(node: SyntaxNode, fname: string): boolean {
  for (let n = node.parent; n; n = n.parent)
    if (n.type === 'call_expression') return n.childForFieldName('function')?.text === fname;
  return false;
}

/** Offset just past the statement that calls config_found(), or Infinity. */
function configFoundEnd(body: SyntaxNode): number {
  const call = body.descendantsOfType('call_expression').find((c) => c.childForFieldName('function')?.text === 'config_found');
  if (!call) return Infinity;
  let stmt: SyntaxNode = call;
  while (stmt.parent && stmt.parent.id !== body.id) stmt = stmt.parent;
  return stmt.endIndex;
}

