import type { Rule } from '../match/rule.js';
import type { Mutant } from './mutants.js';

/** Rule `id`'s rewrite number `i` with another replacement text. */
function withReplace(rules: readonly Rule[], id: string, i: number, replace: string): Rule[] {
  if (!rules.some((r) => r.id === id && r.rewrites?.[i])) throw new Error(`mutant: rule ${id} has no rewrite ${i}`);
  return rules.map((r) => (r.id === id && r.rewrites ? { ...r, rewrites: r.rewrites.map((w, j) => (j === i ? { ...w, replace } : w)) } : r));
}

/**
 * The balloon driver's mutants (issues 6 and 7): one of its own rules altered; each must be
 * caught by the viomb scenario alone (the translated viomb.c over the translated virtqueue core).
 */
export const BALLOON_MUTANTS: readonly Mutant[] = [
  {
    name: 'balloon-whole-pfn-array',
    description: "balloon/pfn-batch-length enqueues all 256 entries of bl_pages (NetBSD 6's behaviour): a batch of fewer frames also hands the host stale or zero frame numbers",
    caughtBy: 'vectors',
    driver: 'balloon',
    scenario: 'viomb-inflate-deflate',
    apply: (rules) => withReplace(rules, 'balloon/pfn-batch-length', 0, 'virtio_enqueue_p($VSC, $VQ, $SLOT, &$B->bl_dmamap, 0,\n    sizeof(uint32_t) * PGS_PER_REQ, $WRITE)'),
  },
  {
    name: 'balloon-wakeup-lost',
    description: "balloon/condvar-sleep maps cv_signal(&sc->sc_wait) to a wakeup on another channel: neither a config change nor a completed request wakes the worker before its timeout",
    caughtBy: 'vectors',
    driver: 'balloon',
    scenario: 'viomb-inflate-deflate',
    apply: (rules) => withReplace(rules, 'balloon/condvar-sleep', 0, 'wakeup(&$SC->sc_npages)'),
  },
];
