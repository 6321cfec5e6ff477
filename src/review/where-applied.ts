import type { RunRecord } from './run-record.js';

export interface Place {
  module: string;
  /** NetBSD source root of the run, and the file under it (empty for generated files). */
  src: string;
  input: string;
  /** NetBSD line:column of the edit (0 when the id only marks emitted lines, e.g. a patch overlay). */
  line: number;
  column: number;
  /** Emitted file (relative to sys/dev/virtio/) and the first of its lines the edit produced, if any. */
  output: string;
  outputLine?: number;
}

/** Every place rule `id` applied in the recorded run, in module and file order. */
export function whereApplied(record: RunRecord, id: string): Place[] {
  const out: Place[] = [];
  for (const m of record.modules)
    for (const f of m.files) {
      const apps = f.applications.filter(([r]) => r === id);
      for (const [, line, column] of apps) {
        // Emitted lines naming the id between the rule's previous and next applications: the first
        // from this NetBSD line on, else the nearest before it (an edit composed into another rule's
        // replacement shares that rule's first line). None when the edit only deleted code.
        const prev = Math.max(0, ...apps.map(([, l]) => l).filter((l) => l < line));
        const next = Math.min(...apps.map(([, l]) => l).filter((l) => l > line));
        const lines = f.origins.flatMap(([, src, ...ids], i) => (src > prev && src < next && ids.includes(id) ? [{ i, src }] : []));
        const i = (lines.find((x) => x.src >= line) ?? lines[lines.length - 1])?.i ?? -1;
        out.push({ module: m.module, src: m.src, input: f.input ?? '', line, column, output: f.output, ...(i >= 0 ? { outputLine: i + 1 } : {}) });
      }
      if (apps.length > 0) continue;
      // Ids with no edit of their own (patch overlays): the first line of each run of lines they wrote.
      f.origins.forEach(([, src, ...ids], i) => {
        if (ids.includes(id) && !f.origins[i - 1]?.slice(2).includes(id))
          out.push({ module: m.module, src: m.src, input: f.input ?? '', line: src, column: 0, output: f.output, outputLine: i + 1 });
      });
    }
  return out;
}
