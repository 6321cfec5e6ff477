import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadProject } from '../../src/cli/project.js';
import type { Rule } from '../../src/match/rule.js';
import { findExecutable } from '../../src/verify/build/find-executable.js';
import { buildPluginHarness } from '../../src/verify/harness/plugin-harness.js';
import { translateModule, type TranslatedModule } from '../../src/verify/harness/translated-virtio.js';
import { findMutant } from '../../src/verify/mutants.js';
import { CBackend } from '../../src/verify/run/c-backend.js';
import { runOps } from '../../src/verify/run/run-ops.js';
import type { Op } from '../../src/verify/run/step.js';
import { VIOIF_WHOLE_PLUGIN } from '../../src/verify/scenarios/vioif-whole-plugin.js';
import { NET_DEVICE_MUTANTS } from '../../src/verify/vioif-mutants.js';
import { emittedSource, functionBody } from './emitted-source.js';

/**
 * The net driver's run-time fixes (net/keep-features, net/ctrl-poll, net/rx-refill-retry,
 * net/rx-filter-on-change) and the mutants that give NetBSD's behaviour back. The model vectors
 * do not reach these paths (vioif-tx compiles the transmit functions only), so: the translation
 * with and without each fix, and, where the net device model can show it (it offers no control
 * queue), the whole translated driver run in the whole-vioif harness.
 */
const project = loadProject();
const IFF_UP = 0x1;
const IFF_PROMISC = 0x100;
const BASE_FLAGS = 0x2 | 0x800 | 0x8000; // BROADCAST | SIMPLEX | MULTICAST, as vioif_attach sets them

function mutantRules(name: string): Rule[] {
  const m = findMutant(name);
  if (!m) throw new Error(`no mutant ${name}`);
  return m.apply(project.rules);
}

/** The emitted if_vioif.c, with mutant `name` (or the project's rules). */
const vioifSource = (name?: string): string => emittedSource(project, 'net', 'if_vioif.c', name);
const body = functionBody;

describe('vioif device mutants', () => {
  it('are known to verify --mutant, for the net driver', () => {
    expect(NET_DEVICE_MUTANTS.map((m) => m.name)).toEqual(['net-features-forgotten', 'net-ctrl-sleep', 'net-rx-slot-leak', 'net-rx-filter-every-flags', 'net-rx-length-with-header', 'net-detach-keeps-mems', 'net-attach-finish-leak', 'net-tx-map-short']);
    for (const m of NET_DEVICE_MUTANTS) expect(findMutant(m.name)).toBe(m);
  });

  it('give back NetBSD 6 code, and the fixes are in the translation', () => {
    const fixed = vioifSource();
    expect(body(fixed, 'vioif_attach')).toContain('sc->sc_features = features;');
    expect(body(fixed, 'vioif_ctrl_rx')).toContain('vioif_ctrl_poll(sc, slot)');
    expect(body(fixed, 'vioif_ctrl_rx')).not.toMatch(/sc_ctrl_inuse != DONE/);
    expect(body(fixed, 'vioif_populate_rx_mbufs')).toContain('virtio_enqueue_abort(vsc, vq, slot);');
    expect(body(fixed, 'vioif_ioctl')).toContain('(ifp->if_flags ^ sc->sc_ifflags) & (IFF_PROMISC | IFF_ALLMULTI)');

    expect(body(vioifSource('net-features-forgotten'), 'vioif_attach')).not.toContain('sc->sc_features =');
    const sleep = vioifSource('net-ctrl-sleep');
    for (const fn of ['vioif_ctrl_rx', 'vioif_set_rx_filter'])
      expect(body(sleep, fn)).toMatch(/while \(sc->sc_ctrl_inuse != DONE\)\n\t\tzsleep\(&sc->sc_ctrl_inuse, &sc->sc_slz, 0, "vioctl", 0\);/);
    expect(body(sleep, 'vioif_ctrl_vq_done')).toContain('sc->sc_ctrl_inuse = DONE;');
    const leak = body(vioifSource('net-rx-slot-leak'), 'vioif_populate_rx_mbufs');
    expect(leak).not.toContain('virtio_enqueue_abort');
    expect(leak).not.toContain('callout_reset');
    expect(body(vioifSource('net-rx-filter-every-flags'), 'vioif_ioctl')).toMatch(/if \(ifp->if_flags & IFF_RUNNING\)\n\t\t\tr = vioif_rx_filter\(ifp->if_softc\);/);
  }, 60_000);
});

const driver = (call: string, args: Record<string, unknown> = {}): Op => ({ do: 'driver', call, args }) as unknown as Op;
const device = { kind: 'net', queueSize: 16, notifyOnEmpty: true } as const;

describe.skipIf(!findExecutable('clang-19'))('vioif run-time fixes in the whole-driver harness', () => {
  let parent: TranslatedModule;
  let cache: string;
  beforeAll(() => {
    parent = translateModule(project, 'virtio');
    cache = mkdtempSync(join(tmpdir(), 'vioif-device-mutants-'));
  });
  afterAll(() => {
    parent.dispose();
    rmSync(cache, { recursive: true, force: true });
  });

  async function run(rules: readonly Rule[] | undefined, ops: Op[]) {
    const build = await buildPluginHarness(project, VIOIF_WHOLE_PLUGIN, rules, parent.dir, cache);
    if (!build.ok) throw new Error(`the whole-vioif harness does not build:\n${build.log}`);
    const backend = await CBackend.start('translated', build.binary);
    try {
      const out = await runOps(ops, device, backend);
      expect(out.failure).toBeUndefined();
      return out.records;
    } finally {
      await backend.close();
    }
  }

  it('renegotiates the features attach negotiated after the reset of vioif_init (net-features-forgotten: none of the net ones)', async () => {
    const ops = [driver('vioif_attach', { deviceid: 1 }), driver('vioif_flags', { flags: BASE_FLAGS | IFF_UP })];
    /** What the driver wrote to the guest features register (legacy header offset 4). */
    const guestFeatures = (io: readonly string[]): number[] => io.filter((e) => e.startsWith('w4 4=')).map((e) => Number(e.slice('w4 4='.length)));
    const [attach, up] = await run(undefined, ops);
    const features = (attach!.ret as { features: number }).features;
    const NET_FEATURES = 0x20 | 0x01000000; // VIRTIO_NET_F_MAC | VIRTIO_F_NOTIFY_ON_EMPTY, both offered by the model
    expect(features & NET_FEATURES).toBe(NET_FEATURES);
    expect(guestFeatures(attach!.io)).toEqual([features]);
    expect(guestFeatures(up!.io)).toEqual([features]); // after vioif_stop's reset
    const [attachM, upM] = await run(mutantRules('net-features-forgotten'), ops);
    expect(guestFeatures(attachM!.io)).toEqual([features]);
    const [again] = guestFeatures(upM!.io);
    expect(again! & NET_FEATURES).toBe(0); // only what the core adds by itself (indirect descriptors)
  }, 180_000);

  it('gives a refill slot back and retries from the callout when no cluster came (net-rx-slot-leak: the ring stays empty)', async () => {
    const ops: Op[] = [
      driver('vioif_attach', { deviceid: 1 }),
      driver('vioif_mclfail', { n: 1 }), // the first M_NOWAIT cluster allocation fails
      driver('vioif_flags', { flags: BASE_FLAGS | IFF_UP }),
      driver('vioif_tick', { ticks: 150 }),
      { do: 'device', action: { kind: 'rx', n: 2 } },
      driver('vioif_tick', { ticks: 1 }),
    ];
    const [, , up, tick, rx] = await run(undefined, ops);
    expect(up!.cb).toEqual(expect.arrayContaining(['m_getcl 0', expect.stringMatching(/^callout_reset /)]));
    expect(up!.ret).toMatchObject({ clusters: 0 });
    expect(tick!.ret).toMatchObject({ clusters: 16 }); // the callout refilled the whole ring
    expect(rx!.cb.filter((c) => c.startsWith('rx '))).toHaveLength(2);

    const [, , upM, tickM, rxM] = await run(mutantRules('net-rx-slot-leak'), ops);
    expect(upM!.cb.some((c) => c.startsWith('callout_reset'))).toBe(false);
    expect(upM!.ret).toMatchObject({ clusters: 0 });
    expect(tickM!.ret).toMatchObject({ clusters: 0 }); // nothing refills the empty ring
    expect(rxM!.cb.filter((c) => c.startsWith('rx '))).toHaveLength(0);
  }, 180_000);

  it('without a control queue keeps IFF_PROMISC set across SIOCSIFFLAGS (the device receives everything)', async () => {
    const ops = [
      driver('vioif_attach', { deviceid: 1 }),
      driver('vioif_flags', { flags: BASE_FLAGS | IFF_UP }),
      driver('vioif_flags', { flags: BASE_FLAGS | IFF_UP }), // PROMISC cleared by the caller
    ];
    const [, up, again] = await run(undefined, ops);
    expect((up!.ret as { flags: number }).flags & IFF_PROMISC).toBe(IFF_PROMISC);
    expect((again!.ret as { flags: number }).flags & IFF_PROMISC).toBe(IFF_PROMISC);
  }, 180_000);
});
