import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { IN_TREE_VIRTIO, inTreeClashes, loadInTreeNames } from '../../src/analyze/in-tree-clashes.js';
import { loadProject } from '../../src/cli/project.js';
import { formatDiagnostic } from '../../src/diagnostics/format-text.js';
import { moduleSymbolPrefix } from '../../src/transform/module-symbol-prefix.js';
import { portModules } from '../../src/translate/port-modules.js';
import { resolveDragonflyDir } from '../../src/verify/build/dragonfly-corpus.js';

/** PV4301 against DragonFly's in-tree virtio drivers (../shared/corpus/dragonfly/sys/dev/virtual/virtio). */
describe('the names the emitted modules share with DragonFly\'s in-tree virtio', () => {
  const project = loadProject();
  const inTree = loadInTreeNames(join(resolveDragonflyDir(), IN_TREE_VIRTIO))!;
  const clashes = (transforms = project.transforms, plans = project.plans): string[] => {
    const r = portModules({ srcDir: join(project.root, 'NetBSD_code'), plans, selected: plans, rules: project.rules, transforms, shapes: project.shapes });
    return inTreeClashes(r.modules, inTree, project.shapes, 'sys/dev/virtio').map(formatDiagnostic);
  };

  it('reads the in-tree API and module names', () => {
    expect(inTree.symbols.get('virtio_negotiate_features')).toMatch(/^virtio\/virtio\.[ch]:\d+$/);
    expect(inTree.symbols.has('virtqueue_enqueue')).toBe(true);
    expect(inTree.symbols.has('vtpci_probe')).toBe(false); // static
    for (const n of ['virtio', 'virtio_pci', 'vtnet', 'virtio_blk']) expect(inTree.modules.has(n), n).toBe(true);
  });

  it('finds none with link/module-symbol-prefix', () => {
    expect(clashes()).toEqual([]);
  });

  it('finds the parent\'s virtio_negotiate_features, at its definition and its prototype, without it', () => {
    const found = clashes(project.transforms.filter((t) => t.id !== moduleSymbolPrefix.id));
    expect(found).toEqual([
      expect.stringMatching(/^sys\/dev\/virtio\/virtio\/virtio\.c:\d+:1: warning: PV4301: global symbol 'virtio_negotiate_features' is also one of DragonFly's in-tree virtio \(virtio\/virtio\.c:\d+\).*\[link\/module-symbol-prefix\]\n {2}from sys\/dev\/pci\/virtio\.c:\d+/),
      expect.stringMatching(/^sys\/dev\/virtio\/virtio\/virtiovar\.h:\d+:\d+: warning: PV4301: global symbol 'virtio_negotiate_features'/),
    ]);
  });
});
