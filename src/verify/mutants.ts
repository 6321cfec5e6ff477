import type { Rule } from '../match/rule.js';

/**
 * Deliberately broken translations: the real translator run with one rule removed, altered or
 * added. `port-virtio verify --mutant NAME` must fail for each (test/verify/mutants.test.ts).
 * `caughtBy` says what should catch it: a vector divergence (behaviour) or the host build.
 */
export interface Mutant {
  name: string;
  description: string;
  caughtBy: 'vectors' | 'build';
  apply(rules: readonly Rule[]): Rule[];
}

function alterRename(rules: readonly Rule[], id: string, from: string, to: string): Rule[] {
  return rules.map((r) => {
    if (r.id !== id || !r.rename) return r;
    const map = new Map(r.rename.map);
    map.set(from, to);
    return { ...r, rename: { ...r.rename, map } };
  });
}

function addRewrite(rules: readonly Rule[], name: string, files: string[], match: string, replace: string, context: 'function' | 'struct' = 'function'): Rule[] {
  const rule: Rule = {
    id: `mutant/${name}`,
    summary: `mutant: ${name}`,
    file: 'src/verify/mutants.ts',
    line: 1,
    scope: { drivers: ['virtio'], files },
    rewrites: [{ match, replace, context, where: {} }],
    examples: [],
  };
  return [...rules, rule];
}

export const MUTANTS: readonly Mutant[] = [
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

export function findMutant(name: string): Mutant | undefined {
  return MUTANTS.find((m) => m.name === name);
}
