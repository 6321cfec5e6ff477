import type { PatternRewrite, Rule } from '../match/rule.js';
import type { Transform } from '../transform/transform.js';
import { alterTemplate, BLK_DEVICE_MUTANTS, BLK_MUTANTS } from './blk-mutants.js';
import { BALLOON_DEVICE_MUTANTS, BALLOON_MUTANTS } from './viomb-mutants.js';
import { NET_DEVICE_MUTANTS } from './vioif-mutants.js';

/**
 * Deliberately broken translations: the real translator run with one rule removed, altered or
 * added. `port-virtio verify --mutant NAME` must fail for each. `caughtBy` says what catches it
 * first: a vector divergence (test/verify/mutants.test.ts), the host build, a scenario on QEMU's
 * devices (`qemu`; test/verify/qemu.test.ts), or only the emitted code (`code`: no device we run
 * can tell, `why` says why; the *-device-mutants tests check the code).
 */
export interface Mutant {
  name: string;
  description: string;
  caughtBy: 'vectors' | 'build' | 'qemu' | 'code';
  /** The QEMU scenarios that fail on it (src/verify/qemu/), whatever else catches it too. */
  qemu?: readonly string[];
  /** Why no check but the emitted code's can see it (caughtBy 'code'), or why QEMU cannot. */
  why?: string;
  /** The `--driver` whose scenarios must catch it (default 'virtio'). */
  driver?: string;
  /** Only this scenario's vectors are run: the mutant must be caught by it alone. */
  scenario?: string;
  apply(rules: readonly Rule[]): Rule[];
  /** Alters structural transforms, for template glue no rule reaches (blk-mutants.ts alterTemplate); run with `project.transforms` replaced. */
  transforms?(transforms: readonly Transform[]): Transform[];
}

function alterRename(rules: readonly Rule[], id: string, from: string, to: string): Rule[] {
  return rules.map((r) => {
    if (r.id !== id || !r.rename) return r;
    const map = new Map(r.rename.map);
    map.set(from, to);
    return { ...r, rename: { ...r.rename, map } };
  });
}

/** Rule `id`'s first rewrite with another replacement text. */
function alterReplace(rules: readonly Rule[], id: string, replace: string): Rule[] {
  if (!rules.some((r) => r.id === id && r.rewrites?.length)) throw new Error(`mutant: no rewrite rule ${id}`);
  return rules.map((r) => (r.id === id && r.rewrites ? { ...r, rewrites: [{ ...r.rewrites[0]!, replace }, ...r.rewrites.slice(1)] } : r));
}

function addRewrite(rules: readonly Rule[], name: string, files: string[], match: string, replace: string, context: 'function' | 'struct' = 'function', where: PatternRewrite['where'] = {}): Rule[] {
  const rule: Rule = {
    id: `mutant/${name}`,
    summary: `mutant: ${name}`,
    file: 'src/verify/mutants.ts',
    line: 1,
    scope: { drivers: ['virtio'], files },
    rewrites: [{ match, replace, context, where }],
    examples: [],
  };
  return [...rules, rule];
}

const CORE_MUTANTS: readonly Mutant[] = [
  {
    name: 'no-config-change-dispatch',
    description: "virtio_intr loses the ISR 0x2 branch: a config change never reaches sc_config_change",
    caughtBy: 'vectors',
    qemu: ['balloon-inflate-deflate'],
    apply: (rules) =>
      addRewrite(rules, 'no-config-change-dispatch', ['virtio.c'], 'if (($ISR & VIRTIO_CONFIG_ISR_CONFIG_CHANGE) && ($SC->sc_config_change != NULL)) r = ($SC->sc_config_change)($SC);', ''),
  },
  {
    name: 'no-read-barrier',
    description: 'dma/membar maps membar_consumer to cpu_ccfence (a compiler barrier): used->idx and used->flags may be read stale',
    caughtBy: 'vectors',
    why: 'on x86 cpu_lfence and cpu_ccfence are both compiler barriers only (loads are not reordered with loads): a real device cannot tell them apart',
    apply: (rules) => alterRename(rules, 'dma/membar', 'membar_consumer', 'cpu_ccfence'),
  },
  {
    name: 'free-list-lifo',
    description: 'queue/simpleq-to-stailq maps SIMPLEQ_INSERT_TAIL to STAILQ_INSERT_HEAD: freed slots are reused last-in first-out',
    caughtBy: 'vectors',
    why: "the device does not care which descriptor slots a chain uses; only the model's step-by-step comparison sees the order",
    apply: (rules) => alterRename(rules, 'queue/simpleq-to-stailq', 'SIMPLEQ_INSERT_TAIL', 'STAILQ_INSERT_HEAD'),
  },
  {
    name: 'used-idx-retyped',
    description: 'vq_used_idx declared int instead of uint16_t: the driver index no longer wraps with the device one',
    caughtBy: 'vectors',
    qemu: ['net-tx-one-way'],
    apply: (rules) => addRewrite(rules, 'used-idx-retyped', ['virtiovar.h'], 'uint16_t vq_used_idx;', 'int\t\t\tvq_used_idx;', 'struct'),
  },
  {
    name: 'no-vring-sync',
    description: 'dma/vring-sync removed: NetBSD five-argument bus_dmamap_sync calls remain',
    caughtBy: 'build',
    qemu: ['blk-attach'],
    apply: (rules) => rules.filter((r) => r.id !== 'dma/vring-sync'),
  },
  {
    name: 'no-membar',
    description: 'dma/membar removed: membar_producer/membar_consumer do not exist on DragonFly',
    caughtBy: 'build',
    qemu: ['blk-attach'],
    apply: (rules) => rules.filter((r) => r.id !== 'dma/membar'),
  },
];

/**
 * The net driver's issue-5/7 mutants, each caught by the vioif-tx scenario alone (the translated
 * vioif_start/vioif_tx_vq_done/vioif_watchdog over the translated virtqueue core).
 */
const NET_MUTANTS: readonly Mutant[] = [
  {
    name: 'no-notify-fence',
    description:
      'virtio_enqueue_commit reads used->flags with no fence after publishing avail->idx: dma/notify-store-load-fence emits cpu_ccfence() instead of cpu_mfence(), and the membar_consumer() before the NO_NOTIFY test becomes cpu_ccfence()',
    caughtBy: 'vectors',
    why: "the missing store-load fence loses a kick only when QEMU's iothread sets VRING_USED_F_NO_NOTIFY between the driver's store and its load, on real concurrent CPUs: not deterministic on a 2-core TCG host, so the model's memory contract catches it",
    driver: 'net',
    scenario: 'vioif-tx',
    apply: (rules) =>
      addRewrite(
        alterReplace(rules, 'dma/notify-store-load-fence', '$AVAIL->idx = $IDX;\nvq_sync_aring($SC, $VQ, BUS_DMASYNC_PREWRITE);\ncpu_ccfence();'),
        'no-notify-fence',
        ['virtio.c'],
        'vq_sync_uring($SC, $VQ, BUS_DMASYNC_POSTREAD);\n$CONSUMER();\nif ($COND)\n\t$KICK;',
        'vq_sync_uring($SC, $VQ, BUS_DMASYNC_POSTREAD);\ncpu_ccfence();\nif ($COND)\n\t$KICK',
        'function',
        { CONSUMER: { regex: /^membar_consumer$/ }, COND: { regex: /VRING_USED_F_NO_NOTIFY/ } },
      ),
  },
  {
    name: 'no-tx-restart',
    description: "net/tx-done-restart emits only ifsq_clr_oactive(): a completed batch no longer restarts output, packets queued while the ring was full wait for the next packet from above",
    caughtBy: 'vectors',
    qemu: ['net-tx-one-way'],
    driver: 'net',
    scenario: 'vioif-tx',
    apply: (rules) => alterReplace(rules, 'net/tx-done-restart', 'if ($R)\n\tifsq_clr_oactive(ifq_get_subq_default(&$IFP->if_snd));'),
  },
  {
    name: 'no-watchdog-rearm',
    description: 'net/watchdog-rearm removed (NetBSD as it was): without NOTIFY_ON_EMPTY a watchdog that fires before the device completed anything never fires again, and transmission stalls',
    caughtBy: 'vectors',
    why: 'QEMU offers VIRTIO_F_NOTIFY_ON_EMPTY and the driver negotiates it, so an empty ring always interrupts and the watchdog never has to reclaim; the model runs without it',
    driver: 'net',
    scenario: 'vioif-tx',
    apply: (rules) => rules.filter((r) => r.id !== 'net/watchdog-rearm'),
  },
];

export const MUTANTS: readonly Mutant[] = [...CORE_MUTANTS, ...NET_MUTANTS, ...BALLOON_MUTANTS, ...BLK_MUTANTS];

/**
 * The parent's NetBSD behaviour on paths no model vector reaches (parent detach and shutdown, the
 * allocation flags): like BALLOON_DEVICE_MUTANTS, for `verify --mutant` and the real-device
 * scenarios; verify passes on them today, so they are not in MUTANTS.
 */
const CORE_DEVICE_MUTANTS: readonly Mutant[] = [
  {
    name: 'stale-child-device',
    description: 'autoconf/virtio-child-device removed: virtio_detach deletes the child device only when a driver is attached to it (sc_child), so a driverless or failed child outlives the parent softc its ivars point to',
    caughtBy: 'qemu',
    qemu: ['blk-lifecycle'],
    apply: (rules) => rules.filter((r) => r.id !== 'autoconf/virtio-child-device'),
  },
  {
    name: 'shutdown-detaches',
    description: "virtio/parent-bus-split's virtio_shutdown (template virtio-shutdown) runs virtio_detach, as NetBSD's DVF_DETACH_SHUTDOWN did: a full detach of the child at reboot instead of a device reset",
    caughtBy: 'qemu',
    qemu: ['blk-shutdown'],
    apply: (rules) => [...rules],
    transforms: (ts) => alterTemplate(ts, 'virtio/parent-bus-split', 'virtio-shutdown', /\tvirtio_device_reset\(sc\);\n\treturn\(0\);/, '\treturn(virtio_detach(sc->sc_dev));'),
  },
  {
    name: 'vring-alloc-nowait',
    description: 'dma/vring-alloc-wait removed (NetBSD 6): virtio_alloc_vq allocates ring memory with BUS_DMA_NOWAIT, failing an attach that could have waited',
    caughtBy: 'qemu',
    qemu: ['blk-attach-failure'],
    apply: (rules) => rules.filter((r) => r.id !== 'dma/vring-alloc-wait'),
  },
];

/** Every mutant `verify --mutant` knows: MUTANTS and those only a real device tells apart. */
export const ALL_MUTANTS: readonly Mutant[] = [...MUTANTS, ...CORE_DEVICE_MUTANTS, ...BALLOON_DEVICE_MUTANTS, ...BLK_DEVICE_MUTANTS, ...NET_DEVICE_MUTANTS];

export function findMutant(name: string): Mutant | undefined {
  return ALL_MUTANTS.find((m) => m.name === name);
}
