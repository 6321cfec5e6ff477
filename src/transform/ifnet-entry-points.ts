import { declaratorName, functionDefinition, prototypes } from '../parse/c-queries.js';
import type { SyntaxNode } from '../parse/tree-sitter-c.js';
import { textEdit } from '../rewrite/edit.js';
import { ifnetAssignments, memberOfStructType } from './ifnet-queries.js';
import { diagnosticAt, type Transform, type TransformContext, type TransformResult } from './transform.js';

const ID = 'net/ifnet-entry-points';

/** NetBSD parameter types each entry point must have, and DragonFly's parameter lists (names kept). */
const ENTRY_POINTS: Record<string, { netbsd: string[]; params: (n: string[]) => string; proto: string }> = {
  // if_start gets the send subqueue; the start routine works on it (ifsq_dequeue, oactive).
  start: { netbsd: ['struct ifnet *'], params: (n) => `(struct ifnet *${n[0]}, struct ifaltq_subque *ifsq)`, proto: '(struct ifnet *, struct ifaltq_subque *)' },
  // if_ioctl's data is a caddr_t and a credential follows.
  ioctl: { netbsd: ['struct ifnet *', 'u_long', 'void *'], params: (n) => `(struct ifnet *${n[0]}, u_long ${n[1]}, caddr_t ${n[2]}, struct ucred *cr)`, proto: '(struct ifnet *, u_long, caddr_t, struct ucred *)' },
  // if_init is called with if_softc and returns nothing.
  init: { netbsd: ['struct ifnet *'], params: () => '(void *xsc)', proto: '(void *)' },
  // if_watchdog becomes the send subqueue's watchdog (net/ifnet-attach registers it).
  watchdog: { netbsd: ['struct ifnet *'], params: () => '(struct ifaltq_subque *ifsq)', proto: '(struct ifaltq_subque *)' },
};

/**
 * netbsd-to-dragonfly.md §2.8, §3.8: the functions a NetBSD driver assigns to if_start, if_ioctl,
 * if_init and if_watchdog get DragonFly's signatures, prototypes included. if_init's NetBSD
 * `sc = ifp->if_softc` becomes `sc = xsc` plus the ifnet inside the softc's arpcom (the member
 * net/arpcom renames sc_ethercom -> sc_arpcom), and its `return 0;` a plain return. The
 * watchdog's ifnet comes from its subqueue (ifsq_get_ifp). Init and stop assert that they run
 * with the ifnet serialized (the stack calls if_init so, detach wraps stop in
 * ifnet_serialize_all). The bodies are otherwise NetBSD's.
 */
export const ifnetEntryPoints: Transform = {
  id: ID,
  meta: { summary: 'ifnet entry points (if_start, if_ioctl, if_init, if_watchdog) -> DragonFly signatures', see: 'netbsd-to-dragonfly.md §2.8, §3.8' },
  appliesTo: (module) => module?.name === 'net',
  create(ctx) {
    const out: TransformResult = { edits: [], diagnostics: [] };
    for (const a of ifnetAssignments(ctx.file).values()) {
      const spec = ENTRY_POINTS[a.role];
      if (spec) retype(ctx, a.role, a.fn, spec, out);
      if (a.role === 'init' || a.role === 'stop') assertSerialized(ctx, a.fn, out);
    }
    return out;
  },
};

function retype(ctx: TransformContext, role: string, fn: string, spec: (typeof ENTRY_POINTS)[string], out: TransformResult): void {
  const { file } = ctx;
  const def = functionDefinition(file, fn);
  const params = def?.descendantsOfType('parameter_list')[0];
  const decls = params?.namedChildren.filter((p) => p.type === 'parameter_declaration') ?? [];
  const types = decls.map((p) => paramType(p));
  if (!def || !params || types.join(',') !== spec.netbsd.join(',')) {
    out.diagnostics.push(diagnosticAt(file, (def ?? file.fragments[0]!.tree.rootNode).startIndex, { code: 'PV2121', severity: 'error', message: `if_${role} function ${fn} is not defined here as ${fn}(${spec.netbsd.join(', ')})`, ruleId: ID }));
    return;
  }
  const names = decls.map((p) => declaratorName(p.childForFieldName('declarator')) ?? '');
  out.edits.push(textEdit(params.startIndex, params.endIndex, spec.params(names), ID));
  for (const proto of prototypes(file, fn)) {
    const pl = proto.descendantsOfType('parameter_list')[0];
    if (pl) out.edits.push(textEdit(pl.startIndex, pl.endIndex, spec.proto, ID));
    if (role === 'init') voidType(proto, out);
  }
  const body = def.childForFieldName('body')!;
  if (role === 'init') {
    voidType(def, out);
    initBody(ctx, body, names[0]!, out);
  }
  if (role === 'watchdog') out.edits.push(textEdit(body.startIndex + 1, body.startIndex + 1, `\n\tstruct ifnet *${names[0]} = ifsq_get_ifp(ifsq);`, ID, 'ifnet-entry-locals'));
}

/** `struct ifnet *` for `struct ifnet *ifp`, `u_long` for `u_long cmd`. */
function paramType(p: SyntaxNode): string {
  let stars = '';
  for (let d = p.childForFieldName('declarator'); d?.type === 'pointer_declarator'; d = d.childForFieldName('declarator')) stars += '*';
  return `${p.childForFieldName('type')?.text ?? ''} ${stars}`.trim();
}

function voidType(decl: SyntaxNode, out: TransformResult): void {
  const type = decl.childForFieldName('type');
  if (type?.text === 'int') out.edits.push(textEdit(type.startIndex, type.endIndex, 'void', ID));
}

/** if_init: the softc comes as the argument; the NetBSD ifnet parameter becomes a local. */
function initBody(ctx: TransformContext, body: SyntaxNode, ifp: string, out: TransformResult): void {
  const { file } = ctx;
  const member = memberOfStructType(file, 'ethercom');
  const memberName = member ? declaratorName(member.childForFieldName('declarator')) : undefined;
  const softcDecl = body.namedChildren.find((d) => d.type === 'declaration' && d.descendantsOfType('init_declarator')[0]?.childForFieldName('value')?.text === `${ifp}->if_softc`);
  const init = softcDecl?.descendantsOfType('init_declarator')[0];
  if (!memberName || !softcDecl || !init) {
    out.diagnostics.push(diagnosticAt(file, body.startIndex, { code: 'PV2122', severity: 'error', message: `if_init needs a softc local initialised from ${ifp}->if_softc and a softc with a struct ethercom member`, ruleId: ID }));
    return;
  }
  const value = init.childForFieldName('value')!;
  const sc = declaratorName(init.childForFieldName('declarator'));
  out.edits.push(textEdit(value.startIndex, value.endIndex, 'xsc', ID));
  const arpcom = memberName.replace(/ethercom/, 'arpcom');
  out.edits.push(textEdit(softcDecl.endIndex, softcDecl.endIndex, `\n\tstruct ifnet *${ifp} = &${sc}->${arpcom}.ac_if;`, ID, 'ifnet-entry-locals'));
  for (const ret of body.descendantsOfType('return_statement')) {
    const v = ret.namedChild(0);
    if (v?.text === '0') out.edits.push(textEdit(ret.startIndex, ret.endIndex, 'return;', ID));
    else if (v) out.diagnostics.push(diagnosticAt(file, ret.startIndex, { code: 'PV2123', severity: 'error', message: `if_init returns ${v.text}; DragonFly's if_init returns nothing`, ruleId: ID }));
  }
}

/** `ASSERT_IFNET_SERIALIZED_ALL(ifp);` before the first statement after the locals. */
function assertSerialized(ctx: TransformContext, fn: string, out: TransformResult): void {
  const def = functionDefinition(ctx.file, fn);
  const param = def?.descendantsOfType('parameter_declaration')[0];
  const ifp = param ? declaratorName(param.childForFieldName('declarator')) : undefined;
  const first = def?.childForFieldName('body')?.namedChildren.find((n) => n.type !== 'declaration' && n.type !== 'comment');
  if (!first || !ifp) return;
  out.edits.push(textEdit(first.startIndex, first.startIndex, `ASSERT_IFNET_SERIALIZED_ALL(${ifp});\n\t`, ID, 'ifnet-entry-locals'));
}
