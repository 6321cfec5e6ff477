import type { CodeRef, QemuScenario, ScenarioContext } from './qemu-scenario.js';

const RAM = 128 << 20;
const PAGE = 4096;
/** The pool of free pages the fixture hands vm_page_alloc: guest RAM from 48 MiB up (above the DMA arena). */
const POOL = { pool: (RAM - (48 << 20)) / PAGE, pfn: (48 << 20) / PAGE };
/** virtio_balloon_config.actual, legacy layout: the 20-byte header, then num_pages, actual. */
const ACTUAL_REG = 20 + 4;

const THREAD: CodeRef = { file: 'viomb.c', text: 'viomb_thread(void *arg)' };
const CONFIG: CodeRef = { file: 'viomb.c', text: 'viomb_config_change(struct virtio_softc' };
const DETACH: CodeRef = { file: 'viomb.c', text: 'viomb_detach(device_t' };
const ATTACH: CodeRef = { file: 'viomb.c', text: 'viomb_attach(device_t' };

const setup = () => ({ device: { device: 'virtio-balloon-pci' } });

/** QEMU's view: the guest's RAM less what the balloon holds (query-balloon's actual, in bytes). */
async function hostActual(ctx: ScenarioContext): Promise<number> {
  return ((await ctx.machine.qmp('query-balloon')) as { actual: number }).actual;
}

/** Kernel time a request may take to settle: 2 s (the worker's idle sleep is 30 s, its wait for a batch 1 s). */
const SETTLE_TICKS = 200;

/** Runs the kernel until the driver holds `pages` pages with nothing in flight and QEMU agrees, or `ticks` pass. */
async function settle(ctx: ScenarioContext, pages: number, ticks: number): Promise<Record<string, number>> {
  let s = await ctx.ok('state');
  const end = s.t! + ticks;
  while (s.t! < end) {
    s = await ctx.ok('run', { ticks: Math.min(20, end - s.t!), until_balloon: pages });
    if (s.balloon === pages && s.inflight === 0 && (await hostActual(ctx)) === RAM - pages * PAGE) return s;
  }
  return s;
}

async function attach(ctx: ScenarioContext): Promise<Record<string, number>> {
  ctx.step('attach');
  const a = await ctx.ok('attach', POOL);
  ctx.check(a.attached === 1, 'the balloon did not attach under virtiobus', ATTACH);
  return a;
}

async function inflateTo(ctx: ScenarioContext, pages: number, what: string): Promise<Record<string, number>> {
  ctx.step(what);
  await ctx.machine.qmp('balloon', { value: RAM - pages * PAGE });
  const s = await settle(ctx, pages, SETTLE_TICKS);
  const host = await hostActual(ctx);
  ctx.check(s.balloon === pages && host === RAM - pages * PAGE, `QMP balloon asked for ${pages} pages; ${SETTLE_TICKS / 100} s of kernel time later the driver holds ${s.balloon} (${s.inflight} in flight) and QEMU reports ${(RAM - host) / PAGE} ballooned`, pages > s.balloon! ? CONFIG : THREAD);
  ctx.check(s.free === s.pool! - pages, `${s.pool! - s.free! - pages} pages neither free nor in the balloon`, THREAD);
  return s;
}

const balloonInflateDeflate: QemuScenario = {
  name: 'balloon-inflate-deflate',
  driver: 'balloon',
  summary: "QMP balloon down 8 MiB and back up: the config interrupt reaches the driver and QEMU's actual converges both ways within 2 s of kernel time",
  setup,
  async run(ctx) {
    const a = await attach(ctx);
    ctx.check(a.features === a.device_features, `the driver negotiated 0x${a.features!.toString(16)}, QEMU holds 0x${a.device_features!.toString(16)}`, ATTACH);
    await inflateTo(ctx, 2048, 'inflate to 2048 pages');
    await inflateTo(ctx, 512, 'deflate to 512 pages');
    await inflateTo(ctx, 0, 'deflate to 0 pages');
  },
};

const balloonStaleActual: QemuScenario = {
  name: 'balloon-stale-actual',
  driver: 'balloon',
  summary: "an 'actual' left in config space by an earlier guest: attach does not panic, the balloon converges to the host's target",
  setup,
  async run(ctx) {
    ctx.step('an earlier guest left actual = 1000');
    await ctx.ok('reg_write', { width: 4, port: ctx.machine.devices[0]!.iobase + ACTUAL_REG, v: 1000 });
    await attach(ctx);
    ctx.step('settle with no request');
    const s = await settle(ctx, 0, SETTLE_TICKS);
    ctx.check(s.balloon === 0 && (await hostActual(ctx)) === RAM, `with num_pages 0 the driver holds ${s.balloon} pages and QEMU reports ${(RAM - (await hostActual(ctx))) / PAGE} ballooned`, THREAD);
    await inflateTo(ctx, 1024, 'inflate to 1024 pages afterwards');
  },
};

const balloonUnload: QemuScenario = {
  name: 'balloon-unload',
  driver: 'balloon',
  summary: 'unloading the balloon with 2048 pages inflated gives every page back to the VM and tells the host; no DMA memory left',
  setup,
  async run(ctx) {
    await attach(ctx);
    await inflateTo(ctx, 2048, 'inflate to 2048 pages');
    ctx.step('unload');
    const d = await ctx.ok('detach_child', {}, DETACH);
    ctx.check(d.free === d.pool, `${d.pool! - d.free!} pages not returned to the VM after unload`, DETACH);
    const host = await hostActual(ctx);
    ctx.check(host === RAM, `QEMU still counts ${(RAM - host) / PAGE} pages in the balloon after unload`, DETACH);
    ctx.check(d.dma_bytes === 0 && d.dma_objects === 0, `${d.dma_bytes} bytes of DMA memory and ${d.dma_objects} DMA tags/maps left after unload`, DETACH);
    ctx.step('unload virtio');
    const p = await ctx.ok('detach_parent', {}, { file: 'virtio.c', text: 'virtio_detach(device_t' });
    ctx.check(p.dma_bytes === 0, `${p.dma_bytes} bytes of DMA memory left after unloading virtio`, { file: 'virtio.c', text: 'virtio_detach(device_t' });
  },
};

const balloonAttachFailure: QemuScenario = {
  name: 'balloon-attach-failure',
  driver: 'balloon',
  summary: "a failed attach (the deflate queue's ring cannot be allocated) leaves the parent as it found it: the balloon attaches later, virtio unloads",
  setup,
  async run(ctx) {
    ctx.step('attach with the second DMA allocation failing');
    await ctx.ok('fail_dma', { nth: 2 });
    const a = await ctx.machine.request('attach', POOL);
    ctx.check(a.r === 0 && a.attached === 0, `attach with a failing ring allocation: r ${a.r}, balloon attached ${a.attached}`, ATTACH);
    ctx.check(a.dma_bytes === 0 && a.dma_objects === 0, `the failed attach left ${a.dma_bytes} bytes of DMA memory and ${a.dma_objects} DMA tags/maps behind`, ATTACH);
    ctx.step('load the balloon again');
    const c = await ctx.machine.request('attach_child');
    ctx.check(c.r === 0 && c.attached === 1, `the balloon cannot attach after a failed attempt (r ${c.r}): the parent still holds the failed child's state`, ATTACH);
    await inflateTo(ctx, 256, 'inflate to 256 pages');
    await inflateTo(ctx, 0, 'deflate to 0 pages');
    ctx.step('unload both');
    await ctx.ok('detach_child', {}, DETACH);
    const p = await ctx.ok('detach_parent', {}, { file: 'virtio.c', text: 'virtio_detach(device_t' });
    ctx.check(p.dma_bytes === 0 && p.dma_objects === 0, `${p.dma_bytes} DMA bytes left after unloading both`, DETACH);
  },
};

export const BALLOON_SCENARIOS: readonly QemuScenario[] = [balloonInflateDeflate, balloonStaleActual, balloonUnload, balloonAttachFailure];
