import { fileRoot, functionDefinition } from '../parse/c-queries.js';
import type { SyntaxNode } from '../parse/tree-sitter-c.js';
import { textEdit } from '../rewrite/edit.js';
import { diagnosticAt, type Transform, type TransformResult } from './transform.js';

const ID = 'balloon/worker-thread';

/**
 * netbsd-to-dragonfly.md §3.10: NetBSD's viomb worker loops forever, taking its condvar mutex
 * only around the done-flag checks and the timed wait. On DragonFly the interlock is the
 * serializer the interrupt handler runs under (balloon/softc-fields, balloon/child-serializer),
 * so the worker holds it for its whole loop and gives it up only inside zsleep()
 * (balloon/condvar-sleep); the NetBSD mutex operations become assertions
 * (balloon/waitlock-held). The thread must also end, because detach has to stop it: the
 * `for ( ; ; )` runs while the softc's sc_dying is clear, and on the way out the worker clears
 * sc_td and wakes detach, which sleeps on &sc_td under the same serializer.
 *
 * The worker is the function NetBSD passes to kthread_create(); the interlock is the mutex its
 * cv_timedwait() names (`&sc->sc_waitlock`), whose base (`sc`) is the softc.
 */
export const balloonWorkerThread: Transform = {
  id: ID,
  meta: { summary: 'kthread + condvar worker -> serialized loop that ends on sc_dying and reports its exit to detach', see: 'netbsd-to-dragonfly.md §3.10' },
  appliesTo: (module) => module?.name === 'balloon',
  create(ctx) {
    const { file } = ctx;
    const out: TransformResult = { edits: [], diagnostics: [] };
    const fail = (at: number, message: string): TransformResult => {
      out.diagnostics.push(diagnosticAt(file, at, { code: 'PV2141', severity: 'error', message, ruleId: ID }));
      return out;
    };
    const spawn = calls(fileRoot(file), 'kthread_create').find((c) => args(c).length === 7);
    if (!spawn) return out;
    const worker = functionDefinition(file, args(spawn)[3]!.text);
    if (!worker) return fail(spawn.startIndex, `kthread_create() starts ${args(spawn)[3]!.text}, which is not defined in this file`);
    const body = worker.childForFieldName('body')!;
    const wait = calls(body, 'cv_timedwait')[0];
    const lock = wait ? args(wait)[1]?.text : undefined;
    const softc = lock ? /^&\s*(\w+)\s*->\s*\w+$/.exec(lock)?.[1] : undefined;
    const loop = body.namedChildren.find((s) => s.type === 'for_statement' && /^for\s*\(\s*;\s*;\s*\)$/.test(file.text.slice(s.startIndex, s.childForFieldName('body')?.startIndex ?? s.startIndex).trim()));
    if (!lock || !softc || !loop) return fail(worker.startIndex, `${args(spawn)[3]!.text}() is not a \`for ( ; ; )\` loop around cv_timedwait(&cv, &softc->lock, ...)`);
    const loopBody = loop.childForFieldName('body')!;
    out.edits.push(
      textEdit(loop.startIndex, loop.startIndex, `/* runs serialized with the interrupt; zsleep() lets go */\n\tlwkt_serialize_enter(${lock});\n\t`, ID, 'balloon-worker'),
      textEdit(loop.startIndex, loopBody.startIndex, `while (!${softc}->sc_dying) `, ID),
      textEdit(loop.endIndex, loop.endIndex, `\n\t/* detach set sc_dying and waits for sc_td to clear */\n\t${softc}->sc_td = NULL;\n\twakeup(&${softc}->sc_td);\n\tlwkt_serialize_exit(${lock});\n\tkthread_exit();`, ID, 'balloon-worker'),
    );
    return out;
  },
};

function calls(node: SyntaxNode, name: string): SyntaxNode[] {
  return node.descendantsOfType('call_expression').filter((c) => c.childForFieldName('function')?.text === name);
}

function args(call: SyntaxNode): SyntaxNode[] {
  return call.childForFieldName('arguments')!.namedChildren.filter((a) => a.type !== 'comment');
}
