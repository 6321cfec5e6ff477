import { functionDefinition, prototypes } from '../parse/c-queries.js';
import { textEdit } from '../rewrite/edit.js';
import { containingStruct, ifnetAssignments, memberOfStructType } from './ifnet-queries.js';
import { diagnosticAt, type Transform, type TransformResult } from './transform.js';
import { etherIoctlTemplate, mediaTemplates } from './ifnet-ioctl-templates.js';

const ID = 'net/ifnet-ioctl';

/**
 * netbsd-to-dragonfly.md §2.8 (ether_ioctl), §3.8: vioif_ioctl leans on NetBSD's ether_ioctl()
 * to bring the interface up or down on SIOCSIFFLAGS and to answer SIOCADDMULTI/SIOCDELMULTI
 * with ENETRESET, and then reprograms the rx filter through the control virtqueue (RX mode and
 * MAC table commands). DragonFly's ether_ioctl() does neither, and the stack has already
 * updated if_multiaddrs when the driver sees a multicast request. So net/ioctl points the call
 * at <driver>_ether_ioctl(), added here, which keeps NetBSD's contract: SIOCSIFFLAGS runs
 * the driver's init or stop as NetBSD's did, the multicast requests answer ENETRESET, media
 * requests are answered from the softc's ifmedia (set up by net/ifnet-attach, link state read
 * from the device's status field), and everything else goes to DragonFly's ether_ioctl().
 */
export const ifnetIoctl: Transform = {
  id: ID,
  meta: { summary: "NetBSD ether_ioctl's contract (SIOCSIFFLAGS up/down, multicast -> ENETRESET) plus media requests, as <driver>_ether_ioctl()", see: 'netbsd-to-dragonfly.md §2.8, §3.8' },
  appliesTo: (module) => module?.name === 'net',
  create(ctx) {
    const out: TransformResult = { edits: [], diagnostics: [] };
    const { file } = ctx;
    const ifnet = ifnetAssignments(file);
    const [ioctl, init, stop] = [ifnet.get('ioctl'), ifnet.get('init'), ifnet.get('stop')];
    const def = ioctl ? functionDefinition(file, ioctl.fn) : undefined;
    const proto = ioctl ? prototypes(file, ioctl.fn)[0] : undefined;
    const member = memberOfStructType(file, 'ethercom');
    if (!def || !proto || !init || !stop || !member) {
      out.diagnostics.push(diagnosticAt(file, 0, { code: 'PV2151', severity: 'error', message: 'needs if_ioctl, if_init and if_stop functions (with a prototype for if_ioctl) and a softc with a struct ethercom member', ruleId: ID }));
      return out;
    }
    const names = { driver: ctx.module!.driver, softc: containingStruct(member), init: init.fn, stop: stop.fn };
    const media = mediaTemplates(names);
    out.edits.push(textEdit(proto.endIndex, proto.endIndex, '\n' + media.prototypes, ID, 'ifnet-media-prototypes'));
    out.edits.push(textEdit(def.startIndex, def.startIndex, `${etherIoctlTemplate(names)}\n\n${media.functions}\n\n`, ID, 'ifnet-ether-ioctl'));
    return out;
  },
};
