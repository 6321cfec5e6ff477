import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadProject } from '../../src/cli/project.js';
import { buildHarness } from '../../src/verify/harness/build-harness.js';
import { translateModule } from '../../src/verify/harness/translated-virtio.js';
import { CBackend } from '../../src/verify/run/c-backend.js';
import { ModelBackend } from '../../src/verify/run/model-backend.js';
import { runOps } from '../../src/verify/run/run-ops.js';
import type { DeviceSpec, Op } from '../../src/verify/run/step.js';

const project = loadProject();
const netbsd = join(project.root, 'NetBSD_code/sys');
const spec: DeviceSpec = { kind: 'generic', deviceId: 4, features: 0, queueSizes: [4] };

async function harnesses(): Promise<{ name: string; binary: string; source: string }[]> {
  const t = translateModule(project, 'virtio');
  const source = readFileSync(join(t.dir, 'virtio.c'), 'latin1');
  const [d, n] = await Promise.all([
    buildHarness({ flavour: 'dragonfly', underTest: [join(t.dir, 'virtio.c')], includeDirs: [t.dir] }),
    buildHarness({ flavour: 'netbsd', underTest: [join(netbsd, 'dev/pci/virtio.c')], includeDirs: [netbsd] }),
  ]).finally(() => t.dispose());
  if (!d.ok || !n.ok) throw new Error(`harness build failed:\n${!d.ok ? d.log : ''}${!n.ok ? n.log : ''}`);
  return [
    { name: 'translated', binary: d.binary, source },
    { name: 'original', binary: n.binary, source: readFileSync(join(netbsd, 'dev/pci/virtio.c'), 'latin1') },
  ];
}

describe('harness processes', () => {
  it('report a KKASSERT/KASSERT in the code under test with its source line, like the model reports the broken precondition', async () => {
    const ops: Op[] = [{ do: 'attach', features: 0, vqs: [[4096, 2]] }, { do: 'prep', vq: 0 }, { do: 'reserve', vq: 0, slot: 0, nsegs: 0 }];
    const model = await runOps(ops, spec, new ModelBackend());
    expect(model.failure).toMatchObject({ step: 2 });
    for (const h of await harnesses()) {
      const b = await CBackend.start(h.name, h.binary);
      const run = await runOps(ops, spec, b);
      await b.close();
      expect(run.failure, h.name).toMatchObject({ step: 2, message: expect.stringMatching(/assertion/) });
      const line = Number(/^virtio\.c:(\d+)$/.exec(run.failure!.at ?? '')?.[1]);
      expect(h.source.split('\n')[line - 1], h.name).toMatch(/K?KASSERT\(1 <= nsegs/);
    }
  }, 120_000);

  it('run the device concurrently at the first event of a call and record where', async () => {
    const ops: Op[] = [
      { do: 'attach', features: 0, vqs: [[4096, 2]] },
      { do: 'vq_intr', concurrent: { kind: 'config', value: 9 } },
    ];
    for (const h of await harnesses()) {
      const b = await CBackend.start(h.name, h.binary);
      const run = await runOps(ops, spec, b);
      await b.close();
      expect(run.records[1]!.dev, h.name).toEqual(['config 9', 'irq config', 'interrupt delivered']);
      expect(run.records[1]!.cb, h.name).toEqual(['config_change value=9']);
      expect(run.trails[1]!.events.find((e) => e.startsWith('device runs concurrently')), h.name).toMatch(/at virtio\.c:\d+$/);
    }
  }, 120_000);
});
