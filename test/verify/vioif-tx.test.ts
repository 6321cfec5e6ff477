import { describe, expect, it } from 'vitest';
import { loadProject } from '../../src/cli/project.js';
import { extractVioifTx, VIOIF_TX_FUNCTIONS } from '../../src/verify/harness/vioif-extract.js';
import { checkVioifTx, vioifTx } from '../../src/verify/scenarios/vioif-tx.js';
import { readVectors } from '../../src/verify/vectors/vector-file.js';
import { verify } from '../../src/verify/verify.js';

/**
 * The net driver's transmit path (issues 5 and 7): the translated vioif_start/vioif_tx_vq_done/
 * vioif_watchdog, compiled for the host over the translated virtqueue core, against QEMU's bh mode.
 * The mutants that break it (no-notify-fence, no-tx-restart) are in mutants.test.ts.
 */
describe('vioif tx path', () => {
  const project = loadProject();
  const vectors = readVectors().filter((v) => v.scenario === vioifTx.name);

  it('has its vectors, and they exercise the paths under test', () => {
    expect(vectors.map((v) => v.name)).toEqual(vioifTx.seeds.map((s) => `vioif-tx-${s}`));
    const all = vectors.flatMap((v) => v.steps);
    const cb = all.flatMap((s) => s.expect.cb);
    const dev = all.flatMap((s) => s.expect.dev);
    expect(cb).toContain('devstart_sched 0'); // a completed batch with packets waiting
    expect(cb).toContain('if_start 1'); // ... restarts output later
    expect(cb).toContain('watchdog 0');
    expect(all.some((s) => s.expect.ret.oactive === 1)).toBe(true); // the ring was full
    expect(dev.some((e) => e.startsWith('tx bh rescheduled'))).toBe(true); // NO_NOTIFY kept set across bottom halves
    expect(all.some((s) => s.op.do === 'net_send' && s.op.concurrent)).toBe(true);
    expect(dev.filter((e) => e.startsWith('irq 1')).length).toBeGreaterThan(0); // the empty-ring interrupt
  });

  it('runs the translated driver two-way (model vs translated): every vector passes', async () => {
    const r = await verify(project, { driver: 'net', vectors });
    expect(r.pluginBuilds?.net?.ok).toBe(true);
    expect(r.vectors.flatMap((v) => v.failures)).toEqual([]);
    expect(r.vectors).toHaveLength(vectors.length);
  }, 120_000);

  it('checks fail on a run that lost, reordered or double-freed a packet', () => {
    const steps = vectors[0]!.steps.map((s) => ({ op: s.op, record: s.expect }));
    expect(checkVioifTx(steps)).toEqual([]);
    const i = steps.findIndex((s) => s.record.dev.some((e) => e.startsWith('tx id=')));
    const lost = steps.map((s, j) => (j === i ? { ...s, record: { ...s.record, dev: s.record.dev.filter((e) => !e.startsWith('tx id=')) } } : s));
    expect(checkVioifTx(lost).join('\n')).toMatch(/the device sent/);
    const k = steps.findIndex((s) => s.record.cb.some((c) => c.startsWith('m_freem')));
    const twice = steps.map((s, j) => (j === k ? { ...s, record: { ...s.record, cb: [...s.record.cb, s.record.cb.find((c) => c.startsWith('m_freem'))!] } } : s));
    expect(checkVioifTx(twice).join('\n')).toMatch(/freed twice/);
  });

  it('extracts the functions byte for byte and refuses a file without them', () => {
    const src = 'struct s;\nstatic device_method_t m[] = {};\n' + VIOIF_TX_FUNCTIONS.map((f) => `static int\n${f}(void)\n{\n\treturn 0;\n}\n`).join('\n');
    const out = extractVioifTx(src);
    for (const f of VIOIF_TX_FUNCTIONS) expect(out).toContain(`static int\n${f}(void)\n{\n\treturn 0;\n}\n`);
    expect(out).toMatch(/#include "drivers\/vioif-tx-fixture.h"\n$/);
    expect(() => extractVioifTx(src.replace('vioif_start(', 'vioif_begin('))).toThrow(/no definition of vioif_start/);
  });
});
