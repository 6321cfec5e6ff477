import type { PatternRewrite, Rule } from '../match/rule.js';
import type { Transform } from '../transform/transform.js';
import { BLK_MUTANTS } from './blk-mutants.js';
import { BALLOON_MUTANTS } from './viomb-mutants.js';

/**
 * Deliberately broken translations: the real translator run with one rule removed, altered or
 * added. `port-virtio verify --mutant NAME` must fail for each (test/verify/mutants.test.ts).
 * `caughtBy` says what should catch it: a vector divergence (behaviour) or the host build.
 */
export interface Mutant {
  name: string;
  description: string;
  caughtBy: 'vectors' | 'build';
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
    apply: (rules) =>
      addRewrite(rules, 'no-config-change-dispatch', ['virtio.c'], 'if (($ISR & VIRTIO_CONFIG_ISR_CONFIG_CHANGE) && ($SC->sc_config_change != NULL)) r = ($SC->sc_config_change)($SC);', ''),
  },
  {
    name: 'no-read-barrier',
    description: 'dma/membar maps membar_consumer to cpu_ccfence (a compiler barrier): used->idx and used->flags may be read stale',
    caughtBy: 'vectors',
    apply: (rules) => alterRename(rules, 'dma/membar', 'membar_consumer', 'cpu_ccfence'),
  },
  {
    name: 'free-list-lifo',
    description: 'queue/simpleq-to-stailq maps SIMPLEQ_INSERT_TAIL to STAILQ_INSERT_HEAD: freed slots are reused last-in first-out',
    caughtBy: 'vectors',
    apply: (rules) => alterRename(rules, 'queue/simpleq-to-stailq', 'SIMPLEQ_INSERT_TAIL', 'STAILQ_INSERT_HEAD'),
  },
  {
    name: 'used-idx-retyped',
    description: 'vq_used_idx declared int instead of uint16_t: the driver index no longer wraps with the device one',
    caughtBy: 'vectors',
    apply: (rules) => addRewrite(rules, 'used-idx-retyped', ['virtiovar.h'], 'uint16_t vq_used_idx;', 'int\t\t\tvq_used_idx;', 'struct'),
  },
  {
    name: 'no-vring-sync',
    description: 'dma/vring-sync removed: NetBSD five-argument bus_dmamap_sync calls remain',
    caughtBy: 'build',
    apply: (rules) => rules.filter((r) => r.id !== 'dma/vring-sync'),
  },
  {
    name: 'no-membar',
    description: 'dma/membar removed: membar_producer/membar_consumer do not exist on DragonFly',
    caughtBy: 'build',
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
    driver: 'net',
    scenario: 'vioif-tx',
    apply: (rules) => alterReplace(rules, 'net/tx-done-restart', 'if ($R)\n\tifsq_clr_oactive(ifq_get_subq_default(&$IFP->if_snd));'),
  },
  {
    name: 'no-watchdog-rearm',
    description: 'net/watchdog-rearm removed (NetBSD as it was): without NOTIFY_ON_EMPTY a watchdog that fires before the device completed anything never fires again, and transmission stalls',
    caughtBy: 'vectors',
    driver: 'net',
    scenario: 'vioif-tx',
    apply: (rules) => rules.filter((r) => r.id !== 'net/watchdog-rearm'),
  },
];

export const MUTANTS: readonly Mutant[] = [...CORE_MUTANTS, ...NET_MUTANTS, ...BALLOON_MUTANTS, ...BLK_MUTANTS];

export function findMutant(name: string): Mutant | undefined {
  return MUTANTS.find((m) => m.name === name);
}
