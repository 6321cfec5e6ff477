import { functionDefinition, prototypes } from '../parse/c-queries.js';
import type { SyntaxNode } from '../parse/tree-sitter-c.js';
import { textEdit } from '../rewrite/edit.js';
import { diagnosticAt, type Transform, type TransformContext, type TransformResult } from './transform.js';
import { CHILD_DETACH, CHILD_FINISH_PROLOGUE, CHILD_FINISH_EPILOGUE, INTR_THREAD, PARENT_PROTOTYPES, SHUTDOWN, SHUTDOWN_PROTOTYPE, VIO_DMAMAP_SHIM } from './virtio-parent-bus-templates.js';

const ID = 'virtio/parent-bus-split';

/**
 * netbsd-to-dragonfly.md §3.2, §3.3: NetBSD's virtio_attach() configures its one child
 * synchronously (config_found) and then maps and establishes the interrupt at the child's IPL.
 * With newbus a child module may be loaded long after the parent attached, so the part after the
 * child's attach moves into virtio_child_attach_finish(), which the child calls when its queues
 * are ready; the interrupt is set up there with the child's serializer, and
 * virtio_child_detach() undoes it. The int-returning virtio_intr() (which calls sc_config_change
 * on ISR bit 0x2 and sc_intrhand for queue interrupts) is kept and wrapped as DragonFly's void
 * handler. virtiovar.h gets the prototypes and the vio_dmamap shim (§3.4).
 *
 * It also supplies virtio_shutdown(), which autoconf/cfattach-to-newbus names as a bus driver's
 * device_shutdown method: NetBSD's DVF_DETACH_SHUTDOWN ran a full detach at reboot (the child's
 * disk or interface torn down, a balloon deflate that may sleep, the BAR released), while a
 * shutdown only has to stop the device's DMA, which a reset does.
 */
export const virtioParentBus: Transform = {
  id: ID,
  meta: { summary: 'virtio parent: move the post-child part of attach into virtio_child_attach_finish(), add virtio_child_detach(), the void interrupt wrapper, and a device_shutdown that only resets the device (NetBSD detached at shutdown)', see: 'netbsd-to-dragonfly.md §3.2, §3.3, §3.4' },
  appliesTo: (module, base) => module?.name === 'virtio' && (base === 'virtio.c' || base === 'virtiovar.h'),
  create(ctx) {
    const out: TransformResult = { edits: [], diagnostics: [] };
    if (ctx.file.path.endsWith('virtiovar.h')) header(ctx, out);
    else source(ctx, out);
    return out;
  },
};

function source(ctx: TransformContext, out: TransformResult): void {
  const { file } = ctx;
  const attach = functionDefinition(file, 'virtio_attach');
  const intr = functionDefinition(file, 'virtio_intr');
  const intrProto = prototypes(file, 'virtio_intr')[0];
  if (!attach || !intr || !intrProto) {
    out.diagnostics.push(diagnosticAt(file, 0, { code: 'PV2111', severity: 'error', message: 'virtio.c without virtio_attach()/virtio_intr(): the parent-bus split does not apply', ruleId: ID }));
    return;
  }
  const body = attach.childForFieldName('body')!;
  const stmts = body.namedChildren.filter((n) => n.type !== 'comment');
  const calls = (s: SyntaxNode, name: string): boolean => s.descendantsOfType('call_expression').some((c) => c.childForFieldName('function')?.text === name);
  const found = stmts.findIndex((s) => calls(s, 'config_found'));
  const intrMap = stmts.findIndex((s) => calls(s, 'pci_intr_map'));
  const driverOk = stmts.findIndex((s, i) => i > intrMap && s.text.includes('VIRTIO_CONFIG_DEVICE_STATUS_DRIVER_OK'));
  if (found < 0 || intrMap < found || driverOk < 0) {
    out.diagnostics.push(diagnosticAt(file, attach.startIndex, { code: 'PV2112', severity: 'error', message: 'virtio_attach() does not have the config_found / pci_intr_map / DRIVER_OK shape this transform moves', ruleId: ID }));
    return;
  }
  const ok = stmts[driverOk]!;
  out.edits.push({
    start: stmts[intrMap]!.startIndex,
    end: attach.endIndex,
    ruleId: ID,
    template: 'virtio-child-attach-finish',
    consumes: true,
    parts: ['return(0);\n}\n\n' + CHILD_FINISH_PROLOGUE, { capture: { start: ok.startIndex, end: ok.endIndex } }, CHILD_FINISH_EPILOGUE + '\n\n' + CHILD_DETACH],
  });
  out.edits.push(textEdit(intrProto.endIndex, intrProto.endIndex, '\nstatic void\tvirtio_intr_thread(void *arg);', ID, 'virtio-intr-thread'));
  out.edits.push(textEdit(intr.endIndex, intr.endIndex, '\n\n' + INTR_THREAD, ID, 'virtio-intr-thread'));
  out.edits.push(textEdit(intrProto.endIndex, intrProto.endIndex, SHUTDOWN_PROTOTYPE, ID, 'virtio-shutdown-prototype'));
  out.edits.push(textEdit(intr.endIndex, intr.endIndex, '\n\n' + SHUTDOWN, ID, 'virtio-shutdown'));
}

function header(ctx: TransformContext, out: TransformResult): void {
  const { file } = ctx;
  const text = file.text;
  const includeEnd = text.indexOf('\n', text.lastIndexOf('#include')) + 1;
  const endif = text.lastIndexOf('#endif');
  if (includeEnd <= 0 || endif < 0) {
    out.diagnostics.push(diagnosticAt(file, 0, { code: 'PV2113', severity: 'error', message: 'virtiovar.h without #include lines and a closing #endif', ruleId: ID }));
    return;
  }
  out.edits.push(textEdit(includeEnd, includeEnd, '\n' + VIO_DMAMAP_SHIM, ID, 'vio-dmamap-shim'));
  out.edits.push(textEdit(endif, endif, PARENT_PROTOTYPES + '\n', ID, 'virtio-parent-prototypes'));
}
