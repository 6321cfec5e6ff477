import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadProject } from '../../src/cli/project.js';
import { loadRuleDir } from '../../src/match/load-rules.js';
import { translateFile } from '../../src/translate/translate-file.js';

const project = loadProject();
const rules = loadRuleDir(join(project.root, 'bench/rules'), project.root);

describe('--allow-partial gap markers next to rewrites', () => {
  // `CAST_OF(m, char *)` (a type argument; no macro shape declares CAST_OF) is an ERROR region
  // inside an argument that dma/bus-dmamap-sync drops.
  const text = 'void\nf(void)\n{\n\tbus_dmamap_sync(t, map,\n\t    CAST_OF(m, char *) - base, len,\n\t    BUS_DMASYNC_PREREAD);\n}\n';

  it('a marker whose line lies in a rewritten statement goes before the statement, not into it', () => {
    const t = translateFile('gap.c', text, { rules, transforms: [], shapes: project.shapes, module: undefined, modules: [], allowPartial: true });
    expect(t.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(t.output.text).toBe(
      'void\nf(void)\n{\n/* port-virtio: PV1001: untranslated region: the parser could not read gap.c:5; rules did not match in it */\n\tbus_dmasync(t, map, BUS_DMASYNC_PREREAD);\n}\n',
    );
  });

  it('the markers themselves do not count as new parse errors', () => {
    // In this DBRUN(...) the markers (comments) change tree-sitter's error recovery: one more region.
    const dbrun = 'void\nf(void)\n{\n\tDBRUN(X,\n\t    struct ether_header *eh;\n\t    eh = CAST_OF(m, struct ether_header *);\n\t    g("%s\\n",\n\t    h(eh->a)));\n\n\tmutex_enter(&l);\n}\n';
    const t = translateFile('dbrun.c', dbrun, { rules, transforms: [], shapes: project.shapes, module: undefined, modules: [], allowPartial: true });
    expect(t.edits.filter((e) => e.ruleId === 'parse/partial-gap').length).toBeGreaterThan(1);
    expect(t.diagnostics.filter((d) => d.code === 'PV3002')).toEqual([]);
    expect(t.output.text).toContain('mtx_lock(&l);');
  });
});
