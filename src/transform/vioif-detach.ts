import { declaratorName, fileRoot, fileScopeCalls, functionDefinition, prototypes } from '../parse/c-queries.js';
import { textEdit } from '../rewrite/edit.js';
import { ifnetAssignments, memberOfStructType, containingStruct } from './ifnet-queries.js';
import { detachTemplate, freeMemsTemplate } from './vioif-detach-templates.js';
import { diagnosticAt, type Transform, type TransformResult } from './transform.js';

const ID = 'net/detach';
const CFATTACH = new Set(['CFATTACH_DECL_NEW', 'CFATTACH_DECL2_NEW', 'CFATTACH_DECL3_NEW']);

/**
 * netbsd-to-dragonfly.md §2.1 (detach), §3.1, §3.8: NetBSD's vioif has no detach, and a newbus
 * driver without one can never be detached, so its module never unloads. This adds the detach
 * that modules.yml names (autoconf/cfattach-to-newbus puts it in the method table): stop the
 * interface serialized, detach it from the stack, hand the interrupt and the serializer back to
 * the parent (virtio_child_detach resets the device first, so no DMA is in flight), wait for the
 * rx refill callout (net/rx-refill-retry) to be done, then free what vioif_alloc_mems allocated
 * (the inverse of its error path) and the virtqueues.
 */
export const vioifDetach: Transform = {
  id: ID,
  meta: { summary: 'a real detach for vioif (NetBSD has none): stop, ether_ifdetach, virtio_child_detach, free maps and virtqueues', see: 'netbsd-to-dragonfly.md §2.1, §3.1, §3.8' },
  appliesTo: (module) => module?.name === 'net' && module.detach !== undefined,
  create(ctx) {
    const out: TransformResult = { edits: [], diagnostics: [] };
    const { file } = ctx;
    const detach = ctx.module!.detach!;
    const attach = fileScopeCalls(file, CFATTACH)[0]?.args[3]?.text;
    const attachProto = attach ? prototypes(file, attach)[0] : undefined;
    const attachDef = attach ? functionDefinition(file, attach) : undefined;
    const allocMems = fileRoot(file).descendantsOfType('function_definition').find((f) => f.text.includes('bus_dmamap_create'));
    const stop = ifnetAssignments(file).get('stop');
    const member = memberOfStructType(file, 'ethercom');
    const memberName = member ? declaratorName(member.childForFieldName('declarator')) : undefined;
    const allocName = allocMems ? declaratorName(allocMems.childForFieldName('declarator')) : undefined;
    if (!attachProto || !attachDef || !allocMems || !allocName || !stop || !member || !memberName) {
      out.diagnostics.push(diagnosticAt(file, 0, { code: 'PV2171', severity: 'error', message: 'a detach needs the attach (with a prototype), the DMA allocation function, an if_stop function and a softc with a struct ethercom member', ruleId: ID }));
      return out;
    }
    const driver = ctx.module!.driver;
    const names = { driver, detach, softc: containingStruct(member), stop: stop.fn, arpcom: memberName.replace(/ethercom/, 'arpcom'), freeMems: allocName.replace(/alloc/, 'free') };
    out.edits.push(textEdit(attachProto.endIndex, attachProto.endIndex, `\nstatic int\t${detach}(device_t);`, ID, 'vioif-detach'));
    out.edits.push(textEdit(allocMems.endIndex, allocMems.endIndex, '\n\n' + freeMemsTemplate(names), ID, 'vioif-free-mems'));
    out.edits.push(textEdit(attachDef.endIndex, attachDef.endIndex, '\n\n' + detachTemplate(names), ID, 'vioif-detach'));
    return out;
  },
};
