import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadProject } from '../../src/cli/project.js';
import { findExecutable } from '../../src/verify/build/find-executable.js';
import { buildPluginHarness } from '../../src/verify/harness/plugin-harness.js';
import { translateModule } from '../../src/verify/harness/translated-virtio.js';
import { CBackend } from '../../src/verify/run/c-backend.js';
import { runOps } from '../../src/verify/run/run-ops.js';
import type { Op } from '../../src/verify/run/step.js';
import { VIOIF_WHOLE_PLUGIN } from '../../src/verify/scenarios/vioif-whole-plugin.js';

const IFF_UP = 0x1;
const IFF_RUNNING = 0x40;
const IFF_PROMISC = 0x100;
const IFM_ETHER = 0x20; // | IFM_AUTO (0)
const IFM_AVALID = 0x1;
const IFM_ACTIVE = 0x2;
const BASE_FLAGS = 0x2 | 0x800 | 0x8000; // BROADCAST | SIMPLEX | MULTICAST, as vioif_attach sets them

const driver = (call: string, args: Record<string, unknown> = {}): Op => ({ do: 'driver', call, args }) as unknown as Op;
const frame = (n: number): string => Array.from({ length: 60 }, (_, i) => ((i * 7 + n) & 0xff).toString(16).padStart(2, '0')).join('');

/**
 * The whole translated if_vioif.c (attach, ioctl, media, rx, tx, detach) compiles unmodified
 * against the DragonFly host shims (-nostdlibinc, implicit declarations are errors), links with the
 * translated virtio.c, its fixture and the net kernel shims, and runs against the net device model:
 * attach through newbus, SIOCSIFFLAGS up (rx buffers posted), packets sent through the send queue,
 * frames received through if_input, a refill without clusters retried by its callout, SIOCGIFMEDIA,
 * down, detach with no DMA tag, map or cluster left.
 */
describe.skipIf(!findExecutable('clang-19'))('whole vioif harness', () => {
  it('compiles, links and runs the whole translated if_vioif.c over the translated virtio.c', async () => {
    const project = loadProject();
    const parent = translateModule(project, 'virtio');
    const cache = mkdtempSync(join(tmpdir(), 'vioif-whole-cache-'));
    try {
      expect(parent.failed).toBe(false);
      const build = await buildPluginHarness(project, VIOIF_WHOLE_PLUGIN, undefined, parent.dir, cache);
      expect(build.ok, build.ok ? '' : build.log).toBe(true);
      if (!build.ok) return;

      const ops: Op[] = [
        driver('vioif_attach', { deviceid: 1 }),
        driver('vioif_flags', { flags: BASE_FLAGS | IFF_UP }),
        driver('vioif_send', { frames: [frame(1), frame(2), frame(3)] }),
        { do: 'device', action: { kind: 'tx_bh' } },
        driver('vioif_mclfail', { n: 1 }),
        { do: 'device', action: { kind: 'rx', n: 2 } },
        driver('vioif_tick', { ticks: 100 }),
        driver('vioif_media'),
        driver('vioif_flags', { flags: BASE_FLAGS }),
        driver('vioif_detach'),
      ];
      const backend = await CBackend.start('translated', build.binary);
      try {
        const out = await runOps(ops, { kind: 'net', queueSize: 16, notifyOnEmpty: true }, backend);
        expect(out.failure).toBeUndefined();
        const [attach, up, send, tx, , rx, tick, media, down, detach] = out.records.map((r) => r);
        expect(attach!.ret).toMatchObject({ r: 0, attached: 1, nvqs: 2, mac: '525400123456', flags: BASE_FLAGS });
        expect(attach!.cb).toContain(`ether_ifattach ${0x525400123456}`);
        // no control queue offered: vioif_rx_filter falls back to promiscuous mode
        expect(up!.ret).toMatchObject({ r: 0, flags: BASE_FLAGS | IFF_UP | IFF_RUNNING | IFF_PROMISC, clusters: 16 });
        expect(send!.cb.filter((c) => c.startsWith('if_start'))).toHaveLength(3);
        expect(tx!.dev.filter((e) => e.startsWith('tx id='))).toHaveLength(3);
        expect(rx!.cb.filter((c) => c.startsWith('rx '))).toHaveLength(2);
        // the refill found no cluster: the rx refill callout is armed for a second and refills then
        expect(rx!.cb).toContain(`callout_reset 100`);
        expect(tick!.cb).toContain('callout 0');
        expect(tick!.dev).toContain('kick 0 avail=18');
        expect(tick!.ret).toMatchObject({ rx_frames: 2, ipackets: 2, opackets: 3, oerrors: 0, clusters: 16 });
        // one automatic Ethernet entry, link up (no VIRTIO_NET_F_STATUS offered)
        expect(media!.ret).toMatchObject({ r: 0, current: IFM_ETHER, active: IFM_ETHER, status: IFM_AVALID | IFM_ACTIVE, count: 1 });
        expect(down!.ret).toMatchObject({ r: 0, flags: BASE_FLAGS, clusters: 0 });
        expect(detach!.ret).toMatchObject({ r: 0, attached: 0, dma_live: 0 });
        expect(out.records.flatMap((r) => r.viol)).toEqual([]);
      } finally {
        await backend.close();
      }
    } finally {
      parent.dispose();
      rmSync(cache, { recursive: true, force: true });
    }
  }, 180_000);
});
