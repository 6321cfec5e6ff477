import type { SourceFile } from '../parse/source-file.js';
import type { SyntaxNode } from '../parse/tree-sitter-c.js';
import type { Edit } from '../rewrite/edit.js';
import { textEdit } from '../rewrite/edit.js';
import { callsOf, callStatement, containingStruct, enclosingFunction, ifnetAssignments, localOfType, memberOfStructType } from './ifnet-queries.js';
import { diagnosticAt, type Transform, type TransformResult } from './transform.js';

const ID = 'net/ifnet-attach';

/**
 * netbsd-to-dragonfly.md §2.8, §3.8: NetBSD attaches the interface with if_attach() then
 * ether_ifattach(ifp, mac). DragonFly's ether_ifattach() attaches it itself (a second attach
 * would be a double attach) and takes the serializer that protects the interface: vioif's, the
 * one the parent runs the interrupt under, so the stack's calls and the interrupt exclude each
 * other. Before it, the send queue gets NetBSD's default length and is marked ready, and the
 * media list is set up (net/ifnet-ioctl answers the media requests); after it, the send
 * subqueue is bound to the interrupt's CPU and given the watchdog that replaces if_watchdog.
 * The softc gains the ifmedia and the watchdog; ether_ifattach() prints the MAC address, so
 * NetBSD's own line (ether_sprintf) goes.
 */
export const ifnetAttach: Transform = {
  id: ID,
  meta: { summary: 'if_attach + ether_ifattach(ifp, mac) -> send queue, media, ether_ifattach with the serializer, subqueue CPU and watchdog', see: 'netbsd-to-dragonfly.md §2.8, §3.8' },
  appliesTo: (module) => module?.name === 'net',
  create(ctx) {
    const out: TransformResult = { edits: [], diagnostics: [] };
    const { file } = ctx;
    const etherAttach = callsOf(file, 'ether_ifattach')[0];
    const ifAttach = callsOf(file, 'if_attach')[0];
    const member = memberOfStructType(file, 'ethercom');
    const watchdog = ifnetAssignments(file).get('watchdog');
    const attachFn = etherAttach ? enclosingFunction(etherAttach) : undefined;
    const ifAttachStmt = ifAttach ? callStatement(ifAttach) : undefined;
    const etherStmt = etherAttach ? callStatement(etherAttach) : undefined;
    const args = etherAttach?.childForFieldName('arguments')?.namedChildren ?? [];
    const softc = attachFn && member ? localOfType(attachFn, containingStruct(member)) : undefined;
    const vsc = attachFn ? localOfType(attachFn, 'virtio_softc') : undefined;
    if (!etherStmt || !ifAttachStmt || ifAttachStmt.nextNamedSibling?.id !== etherStmt.id || args.length !== 2 || !member || !watchdog || !softc || !vsc) {
      out.diagnostics.push(diagnosticAt(file, etherAttach?.startIndex ?? 0, { code: 'PV2131', severity: 'error', message: 'expected `if_attach(ifp); ether_ifattach(ifp, mac);` in an attach with softc and virtio_softc locals, an if_watchdog and a struct ethercom softc member', ruleId: ID }));
      return out;
    }
    const [ifp, mac] = args as [SyntaxNode, SyntaxNode];
    const media = `${ctx.module!.driver}_media`;
    const cap = (n: SyntaxNode) => ({ capture: { start: n.startIndex, end: n.endIndex } });
    const sndq = (): (string | { capture: { start: number; end: number } })[] => ['&', cap(ifp), '->if_snd'];
    out.edits.push({
      start: ifAttachStmt.startIndex,
      end: etherStmt.endIndex,
      ruleId: ID,
      template: 'ifnet-attach',
      parts: [
        'ifq_set_maxlen(', ...sndq(), ', ifqmaxlen);\n\tifq_set_ready(', ...sndq(), ');\n',
        `\tifmedia_init(&${softc}->sc_media, 0, ${media}_change, ${media}_status);\n`,
        `\tifmedia_add(&${softc}->sc_media, IFM_ETHER | IFM_AUTO, 0, NULL);\n`,
        `\tifmedia_set(&${softc}->sc_media, IFM_ETHER | IFM_AUTO);\n`,
        '\tether_ifattach(', cap(ifp), ', ', cap(mac), `, &${softc}->sc_slz);\n`,
        '\t/* transmit on the CPU that takes the interrupt */\n',
        '\tifq_set_cpuid(', ...sndq(), `, rman_get_cpuid(${vsc}->sc_irq_res));\n`,
        `\tifsq_watchdog_init(&${softc}->sc_tx_wdog, ifq_get_subq_default(`, ...sndq(), `),\n\t    ${watchdog.fn});`,
      ],
    });
    out.edits.push(wholeLines(file, watchdog.stmt, ID));
    const memberEnd = member.endIndex;
    out.edits.push(textEdit(memberEnd, memberEnd, '\n\tstruct ifmedia\t\tsc_media;\n\tstruct ifsubq_watchdog\tsc_tx_wdog;', ID, 'ifnet-softc'));
    for (const call of callsOf(file, 'ether_sprintf')) {
      const stmt = statementOf(call);
      if (stmt) out.edits.push({ ...wholeLines(file, stmt, ID), consumes: true });
    }
    return out;
  },
};

function statementOf(node: SyntaxNode): SyntaxNode | undefined {
  for (let n: SyntaxNode | null = node; n; n = n.parent) if (n.type === 'expression_statement') return n;
  return undefined;
}

/** Deletes a statement together with its line. */
function wholeLines(file: SourceFile, stmt: SyntaxNode, ruleId: string): Edit {
  const text = file.text;
  const start = text.lastIndexOf('\n', stmt.startIndex - 1) + 1;
  const nl = text.indexOf('\n', stmt.endIndex);
  return textEdit(start, nl < 0 ? text.length : nl + 1, '', ruleId);
}
