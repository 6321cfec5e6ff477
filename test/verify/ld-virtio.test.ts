import { describe, expect, it } from 'vitest';
import { loadProject } from '../../src/cli/project.js';
import { BioQueue, BUF_CMD_READ, BUF_CMD_WRITE, type Bio } from '../../src/verify/model/ld-bioq.js';
import { checkLdDetach, checkLdStrategy } from '../../src/verify/scenarios/ld-virtio-checks.js';
import { ldDetach, ldStrategy } from '../../src/verify/scenarios/ld-virtio.js';
import type { RunStep } from '../../src/verify/scenarios/scenario.js';
import { readVectors } from '../../src/verify/vectors/vector-file.js';
import { verify } from '../../src/verify/verify.js';

/**
 * The block driver (issues 4 and 7): the translated ld_virtio.c's strategy/start/done and
 * open/close/detach, compiled for the host over the translated virtqueue core, against the blk
 * device model. The mutants that break it (blk-detach-while-open, blk-status-ignored) are in
 * mutants.test.ts.
 */
describe('ld_virtio', () => {
  const project = loadProject();
  const vectors = readVectors().filter((v) => v.scenario === ldStrategy.name || v.scenario === ldDetach.name);
  const steps = (name: string): RunStep[] => vectors.find((v) => v.name === name)!.steps.map((s) => ({ op: s.op, record: s.expect }));

  it('has its vectors, and they exercise the paths under test', () => {
    expect(vectors.map((v) => v.name).sort()).toEqual([...ldStrategy.seeds.map((s) => `ld-strategy-${s}`), ...ldDetach.seeds.map((s) => `ld-detach-${s}`)].sort());
    const all = vectors.flatMap((v) => v.steps);
    const dev = all.flatMap((s) => s.expect.dev);
    expect(dev.some((e) => / status=1$/.test(e) || e.includes(' status=1 '))).toBe(true); // IOERR
    expect(dev.some((e) => e.includes(' status=2'))).toBe(true); // UNSUPP
    expect(all.some((s) => Number(s.expect.ret.queued) > 0)).toBe(true); // bios waited behind a full ring
    expect(all.some((s) => s.op.do === 'driver' && s.op.call === 'ld_detach' && s.expect.ret.r === 16)).toBe(true);
    expect(all.some((s) => s.op.do === 'driver' && s.op.call === 'ld_bio' && s.expect.ret.error === 6)).toBe(true); // ENXIO at detach
    expect(all.some((s) => s.expect.cb.includes('zsleep 100'))).toBe(true); // detach waited
  });

  it('runs the translated driver two-way (model vs translated): every vector passes', async () => {
    const r = await verify(project, { driver: 'blk', vectors });
    expect(r.pluginBuilds?.blk?.ok).toBe(true);
    expect(r.vectors.flatMap((v) => v.failures)).toEqual([]);
    expect(r.vectors).toHaveLength(vectors.length);
  }, 120_000);

  it('strategy checks fail when a device error completes as success or a read returns other data', () => {
    const s = steps('ld-strategy-1');
    expect(checkLdStrategy(s)).toEqual([]);
    const i = s.findIndex((x) => x.op.do === 'driver' && x.op.call === 'ld_bio' && x.record.ret.error === 5);
    const silent = s.map((x, j) => (j === i ? { ...x, record: { ...x.record, ret: { ...x.record.ret, error: 0, berror: 0, resid: 0 } } } : x));
    expect(checkLdStrategy(silent).join('\n')).toMatch(/failed on the device .* completed with error 0/);
    const k = s.findIndex((x) => x.op.do === 'read_buf');
    const wrong = s.map((x, j) => (j === k ? { ...x, record: { ...x.record, ret: { hex: `00${String(x.record.ret.hex).slice(2)}` } } } : x));
    expect(checkLdStrategy(wrong).join('\n')).toMatch(/other data than the device stored/);
  });

  it('detach checks fail when detach while open changes anything, or teardown ends out of order', () => {
    const s = steps('ld-detach-1');
    expect(checkLdDetach(s)).toEqual([]);
    const busy = s.findIndex((x) => x.op.do === 'driver' && x.op.call === 'ld_detach' && x.record.ret.r === 16);
    const touched = s.map((x, j) => (j === busy ? { ...x, record: { ...x.record, io: ['w1 18=0x0'] } } : x));
    expect(checkLdDetach(touched).join('\n')).toMatch(/detach while open/);
    const last = s.findIndex((x) => x.op.do === 'driver' && x.op.call === 'ld_detach' && x.record.ret.r === 0);
    const early = s.map((x, j) => (j === last ? { ...x, record: { ...x.record, cb: x.record.cb.map((c) => c.replace('disk_destroy 15', 'disk_destroy 14')) } } : x));
    expect(checkLdDetach(early).join('\n')).toMatch(/teardown ended/);
  });

  it('sorts bios as bioqdisksort does: reads before the first queued write, every fifth read lets linear writes in', () => {
    const q = new BioQueue();
    const bio = (id: number, cmd: number, offset: number): Bio => ({ id, cmd, offset, len: 512, addr: 0, done: false, error: 0, resid: 0, berror: false });
    q.sort(bio(0, BUF_CMD_WRITE, 0));
    q.sort(bio(1, BUF_CMD_WRITE, 512));
    q.sort(bio(2, BUF_CMD_WRITE, 4096));
    for (let i = 3; i < 9; i++) q.sort(bio(i, BUF_CMD_READ, i * 512));
    const order: number[] = [];
    for (let b = q.first(); b; b = q.first()) order.push(b.id) && q.remove(b);
    // reads 3..7 go before write 0; the fifth moves the transition past the linear writes 0 and 1, so read 8 follows them
    expect(order).toEqual([3, 4, 5, 6, 7, 0, 1, 8, 2]);
  });
});
