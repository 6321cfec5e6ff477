import type { SyntaxNode } from '../parse/tree-sitter-c.js';
import { callsOf, callStatement, containingStruct, enclosingFunction, localOfType, memberOfStructType } from './ifnet-queries.js';
import { diagnosticAt, type Transform, type TransformResult } from './transform.js';

const ID = 'net/config-interrupts';

/**
 * netbsd-to-dragonfly.md §2.1 (config_interrupts), §3.2, §3.9: NetBSD's vioif defers the
 * control-queue command that turns promiscuous mode off (vioif_deferred_init) until autoconf
 * has enabled interrupts, because the command waits for its completion interrupt. With newbus
 * the child asks the parent to set the interrupt up (virtio_child_attach_finish: interrupt under
 * the child's serializer, then DRIVER_OK), here, once its virtqueues and DMA memory exist and
 * before ether_ifattach publishes the interface. The deferred function then runs at once,
 * holding the serializer, as its zsleep wait requires (net/ctrl-wait-zsleep). A failed set-up
 * takes the attach's error path (the goto before it).
 */
export const configInterrupts: Transform = {
  id: ID,
  meta: { summary: 'config_interrupts(self, fn) -> virtio_child_attach_finish() now, then fn under the serializer', see: 'netbsd-to-dragonfly.md §2.1, §3.2, §3.9' },
  appliesTo: (module) => module?.name === 'net',
  create(ctx) {
    const out: TransformResult = { edits: [], diagnostics: [] };
    const { file } = ctx;
    for (const call of callsOf(file, 'config_interrupts')) {
      const stmt = callStatement(call);
      const fn = enclosingFunction(call);
      const [dev, hook] = call.childForFieldName('arguments')?.namedChildren ?? [];
      const member = memberOfStructType(file, 'ethercom');
      const sc = fn && member ? localOfType(fn, containingStruct(member)) : undefined;
      const vsc = fn ? localOfType(fn, 'virtio_softc') : undefined;
      const guard = stmt?.parent?.type === 'if_statement' && !stmt.parent.childForFieldName('alternative') ? stmt.parent : undefined;
      const errLabel = stmt && fn ? gotoBefore(fn, stmt.startIndex) : undefined;
      if (!stmt || !dev || !hook || !sc || !vsc || !errLabel) {
        out.diagnostics.push(diagnosticAt(file, call.startIndex, { code: 'PV2141', severity: 'error', message: 'config_interrupts(dev, fn) needs a statement in an attach with softc and virtio_softc locals and an earlier goto to its error path', ruleId: ID }));
        continue;
      }
      const target = guard ?? stmt;
      const cond = guard?.childForFieldName('condition');
      const run = [`\tlwkt_serialize_enter(&${sc}->sc_slz);`, `\t${hook.text}(${dev.text});`, `\tlwkt_serialize_exit(&${sc}->sc_slz);`];
      const lines = [
        '/*',
        ` * NetBSD ran ${hook.text}() once interrupts worked`,
        ' * (config_interrupts).  The parent sets our interrupt up now, under',
        ' * our serializer, so it runs here, serialized like the interrupt that',
        ' * completes its commands.',
        ' */',
        `if (virtio_child_attach_finish(${vsc}) != 0)`,
        `\tgoto ${errLabel};`,
        ...(cond ? [`if ${cond.text} {`, ...run, '}'] : run.map((l) => l.slice(1))),
      ];
      out.edits.push({ start: target.startIndex, end: target.endIndex, ruleId: ID, template: 'child-attach-finish', parts: [lines.join('\n\t')] });
    }
    return out;
  },
};

/** The label of the last `goto` before `offset` in a function (its error path). */
function gotoBefore(fn: SyntaxNode, offset: number): string | undefined {
  const gotos = fn.descendantsOfType('goto_statement').filter((g) => g.endIndex <= offset);
  return gotos.at(-1)?.childForFieldName('label')?.text;
}
