import type { Rule } from '../match/rule.js';
import { alterTemplate } from './blk-mutants.js';
import type { Mutant } from './mutants.js';

/** Rule `id`'s rewrite number `i` with another replacement text. */
function withReplace(rules: readonly Rule[], id: string, i: number, replace: string): Rule[] {
  if (!rules.some((r) => r.id === id && r.rewrites?.[i])) throw new Error(`mutant: rule ${id} has no rewrite ${i}`);
  return rules.map((r) => (r.id === id && r.rewrites ? { ...r, rewrites: r.rewrites.map((w, j) => (j === i ? { ...w, replace } : w)) } : r));
}

/**
 * NetBSD 6's vioif behaviour on paths no model vector reaches (vioif-tx compiles only the
 * transmit functions: not vioif_init/vioif_stop, the control queue, the rx refill or ioctl).
 * `verify --mutant` runs them and verify passes on them today; like BALLOON_DEVICE_MUTANTS they
 * are for the whole-driver and real-device scenarios and stay out of MUTANTS, whose every entry
 * the vectors must catch (test/verify/mutants.test.ts). test/verify/vioif-device-mutants.test.ts
 * checks that each one gives back NetBSD's code.
 */
export const NET_DEVICE_MUTANTS: readonly Mutant[] = [
  {
    name: 'net-features-forgotten',
    description: "net/keep-features removed (NetBSD 6): nothing assigns the softc's sc_features, so vioif_stop renegotiates 0 after each reset and the device runs without MAC/STATUS/CTRL_VQ/CTRL_RX/NOTIFY_ON_EMPTY from the first vioif_init on",
    caughtBy: 'qemu',
    qemu: ['net-features'],
    driver: 'net',
    apply: (rules) => rules.filter((r) => r.id !== 'net/keep-features'),
  },
  {
    name: 'net-ctrl-sleep',
    description: 'net/ctrl-poll removed (the zsleep of net/ctrl-wait-zsleep alone): a control command sleeps for its answer with the serializer released, so vioif_stop or detach can reset the ring under it and the waiter sleeps forever with sc_ctrl_inuse INUSE',
    caughtBy: 'qemu',
    qemu: ['net-ctrl-vs-stop'],
    driver: 'net',
    apply: (rules) => rules.filter((r) => r.id !== 'net/ctrl-poll'),
  },
  {
    name: 'net-rx-slot-leak',
    description: "net/rx-refill-retry's refill failure branch as NetBSD 6 wrote it (report and break): the slot virtio_enqueue_prep gave is never given back, and no callout retries the refill, so an emptied rx ring stays empty",
    caughtBy: 'qemu',
    qemu: ['net-rx-refill'],
    driver: 'net',
    apply: (rules) => withReplace(rules, 'net/rx-refill-retry', 2, 'r = vioif_add_rx_mbuf($SC, $SLOT);\nif (r != 0) {\n\t$REPORT\n\tbreak;\n}'),
  },
  {
    name: 'net-rx-filter-every-flags',
    description: 'net/rx-filter-on-change removed (NetBSD 6): every successful SIOCSIFFLAGS reprograms the rx filter (MAC table, ALLMULTI and PROMISC commands), twice when the interface comes up',
    caughtBy: 'qemu',
    qemu: ['net-promisc'],
    driver: 'net',
    apply: (rules) => rules.filter((r) => r.id !== 'net/rx-filter-on-change'),
  },
  {
    name: 'net-rx-length-with-header',
    description: "vioif_rx_deq hands the stack the used length without taking off the virtio_net_hdr in front: every received frame is 10 bytes too long (a misread of the used length's meaning)",
    caughtBy: 'qemu',
    qemu: ['net-rx'],
    driver: 'net',
    apply: (rules) => [
      ...rules,
      { id: 'mutant/net-rx-length-with-header', summary: 'mutant', file: 'src/verify/vioif-mutants.ts', line: 1, scope: { drivers: ['net'], files: ['if_vioif.c'] }, rewrites: [{ match: '$L -= sizeof(struct virtio_net_hdr);', replace: '', context: 'function', where: {} }], examples: [] },
    ],
  },
  {
    name: 'net-detach-keeps-mems',
    description: "net/detach's template leaves out vioif_free_mems(): unloading the driver keeps its headers' DMA memory, maps and mbufs",
    caughtBy: 'qemu',
    qemu: ['net-detach'],
    driver: 'net',
    apply: (rules) => [...rules],
    transforms: (ts) => alterTemplate(ts, 'net/detach', 'vioif-detach', /\tvioif_free_mems\(sc\);\n/, ''),
  },
  {
    name: 'net-attach-finish-leak',
    description: "net/attach-finish-frees-mems removed (NetBSD 6): an attach that fails after vioif_alloc_mems (no interrupt) keeps the headers' DMA memory, every DMA map and the map arrays",
    caughtBy: 'qemu',
    qemu: ['net-attach-failure'],
    driver: 'net',
    apply: (rules) => rules.filter((r) => r.id !== 'net/attach-finish-frees-mems'),
  },
  {
    name: 'net-tx-map-short',
    description: "net/tx-map-nsegs sizes the tx payload maps for 1,024 bytes instead of ETHER_MAX_LEN: every longer frame fails to load and is dropped (a map sized from the wrong constant)",
    caughtBy: 'qemu',
    qemu: ['net-tx'],
    driver: 'net',
    apply: (rules) => withReplace(rules, 'net/tx-map-nsegs', 0, 'C(tx_dmamaps[$I], $BUF, 1024, VIRTIO_NET_TX_MAXNSEGS, $RW,\n  $USAGE);'),
  },
];
