import { join } from 'node:path';
import { NetPeer } from './net-peer.js';
import type { CodeRef, QemuScenario, ScenarioContext, ScenarioSetup } from './qemu-scenario.js';

const IFF_UP = 0x1;
const IFF_DEBUG = 0x4;
/** What `ifconfig promisc` sets: IFF_PROMISC itself is the kernel's to change (IFF_CANTCHANGE). */
const IFF_PPROMISC = 0x20000;
const MAC = Buffer.from('525400123456', 'hex');
/** What vioif_attach asks for, as QEMU's virtio-net offers it: MAC, STATUS, CTRL_VQ, CTRL_RX, NOTIFY_ON_EMPTY. */
const WANTED = (1 << 5) | (1 << 16) | (1 << 17) | (1 << 18) | (1 << 24);
const TX_ETHERTYPE = 0x88b5;

const INIT: CodeRef = { file: 'if_vioif.c', text: 'vioif_init(' };
const START: CodeRef = { file: 'if_vioif.c', text: 'vioif_start(struct ifnet' };
const TX_DONE: CodeRef = { file: 'if_vioif.c', text: 'vioif_tx_vq_done(struct virtqueue' };
const RX_DEQ: CodeRef = { file: 'if_vioif.c', text: 'vioif_rx_deq(struct vioif_softc' };
const RX_ADD: CodeRef = { file: 'if_vioif.c', text: 'vioif_populate_rx_mbufs(struct vioif_softc' };
const RX_FILTER: CodeRef = { file: 'if_vioif.c', text: 'vioif_rx_filter(struct vioif_softc' };
const DETACH: CodeRef = { file: 'if_vioif.c', text: 'vioif_detach(device_t' };

async function netSetup(tmp: string): Promise<ScenarioSetup> {
  const peer = await NetPeer.open(join(tmp, 'net.pcap'));
  return { device: { device: `virtio-net-pci,netdev=n0,mac=${[...MAC].map((b) => b.toString(16).padStart(2, '0')).join(':')}`, extra: peer.qemuArgs('n0') }, peer, close: () => peer.close() };
}

function peerOf(ctx: ScenarioContext): NetPeer {
  return ctx.peer as NetPeer;
}

/** Frame `seq` of the fixture's generated stream (fixtures/net.h make_frame). */
function txFrame(seq: number, len: number): Buffer {
  const f = Buffer.alloc(len);
  f[0] = 0x02;
  f[5] = 0x01;
  MAC.copy(f, 6);
  f.writeUInt16BE(TX_ETHERTYPE, 12);
  f.writeUInt32BE(seq >>> 0, 14);
  for (let i = 18; i < len; i++) f[i] = (seq + i) & 0xff;
  return f;
}

/** A frame to the interface, as another host on the wire would send it. */
function rxFrame(seq: number, len: number): Buffer {
  const f = Buffer.alloc(len);
  MAC.copy(f, 0);
  Buffer.from('020000000002', 'hex').copy(f, 6);
  f.writeUInt16BE(TX_ETHERTYPE, 12);
  f.writeUInt32BE(seq, 14);
  for (let i = 18; i < len; i++) f[i] = (seq * 7 + i) & 0xff;
  return f;
}

async function attachUp(ctx: ScenarioContext): Promise<Record<string, number>> {
  ctx.step('attach');
  const a = await ctx.ok('attach');
  ctx.check(a.attached === 1, 'virtio-net attached no interface under virtiobus', DETACH);
  ctx.step('ifconfig up');
  return ctx.ok('flags', { flags: IFF_UP }, INIT);
}

/** Sends frames to the driver and checks they reach ether_input byte for byte and in order. */
async function receive(ctx: ScenarioContext, frames: Buffer[], what: string): Promise<void> {
  ctx.step(what);
  const before = (await ctx.ok('state')).rx_total!;
  let w: Record<string, number> = {};
  // in bursts of 16, each taken in before the next: a UDP socket drops what overflows its buffer
  for (let i = 0; i < frames.length; i += 16) {
    for (const f of frames.slice(i, i + 16)) await peerOf(ctx).send(f);
    w = await ctx.ok('rx_wait', { count: before + Math.min(i + 16, frames.length), ms: 3000 });
    if (w.rx_total! < before + Math.min(i + 16, frames.length)) break;
  }
  ctx.check(w.rx_total === before + frames.length, `${w.rx_total! - before} of ${frames.length} frames sent to the interface reached ether_input`, RX_DEQ);
  const got = await ctx.ok('rx_take');
  for (let i = 0; i < frames.length; i++) {
    const g = Buffer.from(String((got as Record<string, unknown>)[`f${String(i).padStart(3, '0')}`] ?? ''), 'hex');
    ctx.check(g.equals(frames[i]!), `received frame ${i} (${frames[i]!.length} bytes) arrived as ${g.length} bytes${g.length === frames[i]!.length ? ' with other contents' : ''}`, RX_DEQ);
  }
}

/** The stack sends `count` generated frames; the peer must get each one, in order, byte for byte. */
async function transmit(ctx: ScenarioContext, count: number, len: number, what: string): Promise<void> {
  ctx.step(what);
  const peer = peerOf(ctx);
  const first = peer.captured(MAC).length;
  const p = await ctx.ok('pump', { count, len, stall_ms: 2000 });
  const wire = await peer.waitCaptured(MAC, first + count, 3000);
  const got = wire.length - first;
  ctx.check(p.qlen === 0 && got === count, `${count} frames handed to if_start: ${p.sent} queued, ${p.qlen} still waiting in the interface queue (output active ${p.oactive}) after 2 s without a watchdog tick; ${got} reached the wire`, p.qlen! > 0 ? TX_DONE : START);
  for (let i = 0; i < count; i++) {
    const want = txFrame(i, len);
    const g = wire[first + i]!;
    if (!g.equals(want)) ctx.check(false, `transmitted frame ${i} of ${count} arrived ${g.length === len ? `with other contents (sequence ${g.readUInt32BE(14)})` : `as ${g.length} bytes, not ${len}`}`, START);
  }
}

const netFeatures: QemuScenario = {
  name: 'net-features',
  driver: 'net',
  summary: "QEMU holds the features negotiated at attach after ifconfig up and after down/up cycles (vioif_init's renegotiation)",
  setup: netSetup,
  async run(ctx) {
    ctx.step('attach');
    const a = await ctx.ok('attach');
    ctx.check((a.features! & WANTED) === WANTED, `attach negotiated 0x${a.features!.toString(16)}; QEMU offers all of 0x${WANTED.toString(16)}`, { file: 'if_vioif.c', text: 'vioif_attach(device_t' });
    ctx.check(a.device_features === a.features, `attach: the driver negotiated 0x${a.features!.toString(16)}, QEMU holds 0x${a.device_features!.toString(16)}`, { file: 'if_vioif.c', text: 'vioif_attach(device_t' });
    for (let i = 1; i <= 3; i++) {
      ctx.step(`ifconfig up ${i}`);
      const u = await ctx.ok('flags', { flags: IFF_UP }, INIT);
      ctx.check(u.device_features === a.features, `after ifconfig up QEMU holds 0x${u.device_features!.toString(16)} as the guest's features; attach negotiated 0x${a.features!.toString(16)}`, INIT);
      ctx.step(`ifconfig down ${i}`);
      await ctx.ok('flags', { flags: 0 });
    }
  },
};

const netRx: QemuScenario = {
  name: 'net-rx',
  driver: 'net',
  summary: "200 frames of 60-1514 bytes sent into QEMU's netdev reach ether_input byte for byte and in order",
  setup: netSetup,
  async run(ctx) {
    await attachUp(ctx);
    const frames = Array.from({ length: 200 }, (_, i) => rxFrame(i, 60 + ((i * 733) % (1514 - 60 + 1))));
    await receive(ctx, frames, 'receive 200 frames');
  },
};

const netTx: QemuScenario = {
  name: 'net-tx',
  driver: 'net',
  summary: 'frames handed to if_start reach the peer byte for byte and in order (60, 1514 and 200 bytes)',
  setup: netSetup,
  async run(ctx) {
    await attachUp(ctx);
    await transmit(ctx, 500, 60, 'send 500 frames of 60 bytes');
    await transmit(ctx, 300, 1514, 'send 300 frames of 1514 bytes');
    await transmit(ctx, 200, 200, 'send 200 frames of 200 bytes');
  },
};

const netTxOneWay: QemuScenario = {
  name: 'net-tx-one-way',
  driver: 'net',
  summary: '70,000 one-way frames with no receive traffic and no watchdog tick all leave, across the 16-bit ring index wrap (the VRING_USED_F_NO_NOTIFY stall class)',
  setup: netSetup,
  async run(ctx) {
    await attachUp(ctx);
    const n = 70_000; // more than 65,535: the avail and used indices wrap
    await transmit(ctx, n, 64, `send ${n} frames`);
    // the last batch completes with NOTIFY_ON_EMPTY's interrupt, a moment after the ring drains
    const s = await ctx.ok('idle', { ms: 200 });
    ctx.check(s.opackets === n && s.oerrors === 0, `the interface counted ${s.opackets} packets out and ${s.oerrors} errors for ${n} frames`, TX_DONE);
  },
};

const netPromisc: QemuScenario = {
  name: 'net-promisc',
  driver: 'net',
  summary: 'ifconfig promisc / -promisc is what QMP query-rx-filter reports, through the control queue',
  setup: netSetup,
  async run(ctx) {
    const promisc = async (): Promise<boolean> => ((await ctx.machine.qmp('query-rx-filter')) as { promiscuous: boolean }[])[0]!.promiscuous;
    await attachUp(ctx);
    ctx.check(!(await promisc()), 'after ifconfig up (not promiscuous) QEMU still filters nothing: the rx filter was never programmed', RX_FILTER);
    for (let i = 1; i <= 2; i++) {
      ctx.step(`promisc on ${i}`);
      await ctx.ok('flags', { flags: IFF_UP | IFF_PPROMISC }, RX_FILTER);
      ctx.check(await promisc(), 'ifconfig promisc: QEMU does not report promiscuous mode', RX_FILTER);
      ctx.step(`promisc off ${i}`);
      await ctx.ok('flags', { flags: IFF_UP }, RX_FILTER);
      ctx.check(!(await promisc()), 'ifconfig -promisc: QEMU still reports promiscuous mode', RX_FILTER);
    }
    ctx.step('flags that leave PROMISC and ALLMULTI alone');
    const before = (await ctx.ok('state')).ctrl_kicks!;
    await ctx.ok('flags', { flags: IFF_UP | IFF_DEBUG });
    await ctx.ok('flags', { flags: IFF_UP });
    const after = (await ctx.ok('state')).ctrl_kicks!;
    ctx.check(after === before, `two SIOCSIFFLAGS that change neither PROMISC nor ALLMULTI sent ${after - before} control commands to the device`, { file: 'if_vioif.c', text: 'vioif_ioctl(struct ifnet' });
  },
};

const netCtrlVsStop: QemuScenario = {
  name: 'net-ctrl-vs-stop',
  driver: 'net',
  summary: 'ifconfig down from another thread while a control command waits for its answer: the command returns, the queue is free, promisc works after',
  setup: netSetup,
  async run(ctx) {
    const promisc = async (): Promise<boolean> => ((await ctx.machine.qmp('query-rx-filter')) as { promiscuous: boolean }[])[0]!.promiscuous;
    await attachUp(ctx);
    ctx.step('promisc, with ifconfig down as soon as the driver sleeps');
    const r = await ctx.machine.request('flags_racing_down', { flags: IFF_UP | IFF_PPROMISC });
    ctx.check(r.ctrl_inuse === 0, `after the command the control queue is still marked ${r.ctrl_inuse === 1 ? 'INUSE' : 'DONE'}: every later rx-filter change blocks`, RX_FILTER);
    ctx.step('up and promisc again');
    await ctx.ok('flags', { flags: IFF_UP }, INIT);
    await ctx.ok('flags', { flags: IFF_UP | IFF_PPROMISC }, RX_FILTER);
    ctx.check(await promisc(), 'ifconfig promisc after the race: QEMU does not report promiscuous mode', RX_FILTER);
  },
};

const netRxRefill: QemuScenario = {
  name: 'net-rx-refill',
  driver: 'net',
  summary: 'mbuf-cluster allocations failing during rx refill: no ring slot is lost, the ring refills, later frames all arrive',
  setup: netSetup,
  async run(ctx) {
    const up = await attachUp(ctx);
    ctx.check(up.rx_posted === up.rx_ring, `after ifconfig up ${up.rx_posted} of ${up.rx_ring} receive slots hold a buffer`, RX_ADD);
    ctx.step('refill with 8 cluster allocations failing');
    await ctx.ok('mclfail', { n: 8 });
    const frames = Array.from({ length: 40 }, (_, i) => rxFrame(1000 + i, 128));
    await receive(ctx, frames, 'receive 40 frames while clusters run out');
    ctx.step('time passes (up to 10 s)');
    let t = await ctx.ok('state');
    for (let s = 0; s < 10 && t.rx_posted !== t.rx_ring; s++) t = await ctx.ok('time', { ticks: 100 });
    ctx.check(t.rx_posted === t.rx_ring, `10 s after the allocation failures ${t.rx_posted} of ${t.rx_ring} receive slots hold a buffer: ${t.rx_ring! - t.rx_posted!} lost`, RX_ADD);
    const more = Array.from({ length: 2 * up.rx_ring! }, (_, i) => rxFrame(2000 + i, 100));
    for (let i = 0; i < more.length; i += 200) await receive(ctx, more.slice(i, i + 200), `receive frames ${i}-${Math.min(i + 200, more.length) - 1} after recovery`);
  },
};

const netDetach: QemuScenario = {
  name: 'net-detach',
  driver: 'net',
  summary: 'after traffic, ifconfig down and unloading the driver and virtio give back every cluster and DMA byte',
  setup: netSetup,
  async run(ctx) {
    await attachUp(ctx);
    await transmit(ctx, 300, 100, 'send 300 frames');
    await receive(ctx, Array.from({ length: 50 }, (_, i) => rxFrame(i, 90)), 'receive 50 frames');
    ctx.step('down and unload');
    await ctx.ok('flags', { flags: 0 }, { file: 'if_vioif.c', text: 'vioif_stop(struct ifnet' });
    const d = await ctx.ok('detach_child', {}, DETACH);
    ctx.check(d.clusters === 0, `${d.clusters} mbuf clusters not freed after detach`, DETACH);
    ctx.check(d.dma_bytes === 0 && d.dma_objects === 0, `${d.dma_bytes} bytes of DMA memory and ${d.dma_objects} DMA tags/maps left after detach`, DETACH);
    const p = await ctx.ok('detach_parent', {}, { file: 'virtio.c', text: 'virtio_detach(device_t' });
    ctx.check(p.dma_bytes === 0, `${p.dma_bytes} DMA bytes left after unloading virtio`, { file: 'virtio.c', text: 'virtio_detach(device_t' });
  },
};

const netAttachFailure: QemuScenario = {
  name: 'net-attach-failure',
  driver: 'net',
  summary: 'an attach whose interrupt cannot be set up (after the DMA memory is allocated) leaves nothing behind, and the interface attaches on the next try',
  setup: netSetup,
  async run(ctx) {
    const ATTACH: CodeRef = { file: 'if_vioif.c', text: 'vioif_attach(device_t' };
    ctx.step('attach with the interrupt failing');
    await ctx.ok('fail_irq');
    const a = await ctx.ok('attach');
    ctx.check(a.attached === 0, 'the interface attached although its interrupt could not be set up', ATTACH);
    ctx.check(a.dma_bytes === 0 && a.dma_objects === 0, `the failed attach left ${a.dma_bytes} bytes of DMA memory and ${a.dma_objects} DMA tags/maps behind`, ATTACH);
    ctx.step('attach again');
    const b = await ctx.ok('attach_child', {}, ATTACH);
    ctx.check(b.attached === 1, 'the interface did not attach on the second try', ATTACH);
    await ctx.ok('flags', { flags: IFF_UP }, INIT);
    await receive(ctx, Array.from({ length: 20 }, (_, i) => rxFrame(i, 80)), 'receive 20 frames');
  },
};

export const NET_SCENARIOS: readonly QemuScenario[] = [netFeatures, netRx, netTx, netTxOneWay, netPromisc, netCtrlVsStop, netRxRefill, netDetach, netAttachFailure];
