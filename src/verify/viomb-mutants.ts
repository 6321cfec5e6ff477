import type { Rule } from '../match/rule.js';
import { alterTemplate } from './blk-mutants.js';
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
    why: 'QEMU takes any frame list from the guest: the stale entries re-inflate pages the balloon already holds, which changes nothing it reports',
    driver: 'balloon',
    scenario: 'viomb-inflate-deflate',
    apply: (rules) => withReplace(rules, 'balloon/pfn-batch-length', 0, 'virtio_enqueue_p($VSC, $VQ, $SLOT, &$B->bl_dmamap, 0,\n    sizeof(uint32_t) * PGS_PER_REQ, $WRITE)'),
  },
  {
    name: 'balloon-wakeup-lost',
    description: "balloon/condvar-sleep maps cv_signal(&sc->sc_wait) to a wakeup on another channel: neither a config change nor a completed request wakes the worker before its timeout",
    caughtBy: 'vectors',
    qemu: ['balloon-inflate-deflate'],
    driver: 'balloon',
    scenario: 'viomb-inflate-deflate',
    apply: (rules) => withReplace(rules, 'balloon/condvar-sleep', 0, 'wakeup(&$SC->sc_npages)'),
  },
];

/**
 * NetBSD's behaviour on paths no model vector reaches (the balloon device model offers no
 * feature, never leaves a stale `actual', and no scenario fails an attach): `verify --mutant`
 * runs them, and verify passes on them today. They are for the real-device (QEMU) scenarios and
 * stay out of MUTANTS, whose every entry the vectors must catch (test/verify/mutants.test.ts).
 */
export const BALLOON_DEVICE_MUTANTS: readonly Mutant[] = [
  {
    name: 'balloon-features-offset',
    description: 'balloon/must-tell-host removed (NetBSD 6): viomb_attach negotiates VIRTIO_CONFIG_DEVICE_FEATURES (0), so MUST_TELL_HOST is never accepted and deflate() frees pages before the host answers',
    caughtBy: 'code',
    why: "neither QEMU's virtio-balloon nor the model's balloon device offers VIRTIO_BALLOON_F_MUST_TELL_HOST, so asking for it or for 0 negotiates the same set; a device that offers it would tell (deflate would wait for the host before freeing pages)",
    driver: 'balloon',
    apply: (rules) => rules.filter((r) => r.id !== 'balloon/must-tell-host'),
  },
  {
    name: 'balloon-deflate-trusts-host',
    description: "balloon/deflate-held-pages removed (NetBSD 6): deflate() takes (actual + inflight) - num_pages pages off the balloon list without counting them, and dereferences NULL when `actual' counts pages it never took",
    caughtBy: 'qemu',
    qemu: ['balloon-stale-actual'],
    driver: 'balloon',
    apply: (rules) => rules.filter((r) => r.id !== 'balloon/deflate-held-pages'),
  },
  {
    name: 'balloon-attach-failure-poisons-parent',
    description: 'balloon/attach-failure removed (NetBSD 6): a failed viomb attach leaves sc_child = (void *)1 and sc_vqs/sc_config_change pointing into the freed softc, and balloon_initialized counted',
    caughtBy: 'qemu',
    qemu: ['balloon-attach-failure'],
    driver: 'balloon',
    apply: (rules) => rules.filter((r) => r.id !== 'balloon/attach-failure'),
  },
  {
    name: 'balloon-detach-keeps-pages',
    description: "balloon/detach's template does not deflate before it lets go: unloading the driver leaves the host holding pages the VM never gets back",
    caughtBy: 'qemu',
    qemu: ['balloon-unload'],
    driver: 'balloon',
    apply: (rules) => [...rules],
    transforms: (ts) => alterTemplate(ts, 'balloon/detach', 'balloon-detach', /error = viomb_deflate_all\(sc\);/, 'error = 0;'),
  },
];

