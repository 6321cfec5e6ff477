import type { Rule } from '../match/rule.js';
import type { Transform } from '../transform/transform.js';
import type { Mutant } from './mutants.js';

/**
 * Transform `id` with the text of the edits it marks `template` altered: for glue that exists only
 * as a transform's template (no NetBSD line, so no rule can reach it). Throws when the text is not
 * there, so a mutant never silently turns into the unmutated translation.
 */
export function alterTemplate(transforms: readonly Transform[], id: string, template: string, from: RegExp, to: string): Transform[] {
  if (!transforms.some((t) => t.id === id)) throw new Error(`mutant: no transform ${id}`);
  return transforms.map((t) =>
    t.id !== id
      ? t
      : {
          ...t,
          create(ctx) {
            const res = t.create(ctx);
            const edits = res.edits.map((e) => {
              if (e.template !== template) return e;
              const parts = e.parts.map((p) => (typeof p === 'string' ? p.replace(from, to) : p));
              if (parts.every((p, i) => p === e.parts[i])) throw new Error(`mutant: template ${template} of ${id} has no ${from}`);
              return { ...e, parts };
            });
            return { ...res, edits };
          },
        },
  );
}

/** A rewrite rule scoped to the blk module's ld_virtio.c. */
function addBlkRewrite(rules: readonly Rule[], name: string, match: string, replace: string, where: NonNullable<Rule['rewrites']>[number]['where'] = {}): Rule[] {
  const rule: Rule = { id: `mutant/${name}`, summary: `mutant: ${name}`, file: 'src/verify/blk-mutants.ts', line: 1, scope: { drivers: ['blk'], files: ['ld_virtio.c'] }, rewrites: [{ match, replace, context: 'function', where }], examples: [] };
  return [...rules, rule];
}

/**
 * The block driver's mutants (issues 4 and 7), each caught by one ld scenario alone (the
 * translated ld_virtio.c over the translated virtqueue core).
 */
export const BLK_MUTANTS: readonly Mutant[] = [
  {
    name: 'blk-detach-while-open',
    description: "disk/ld-to-disk's ld_virtio_disk_begindetach() without its open-count check (template ld-disk-glue): detach tears the disk down while it is open instead of failing with EBUSY",
    caughtBy: 'vectors',
    driver: 'blk',
    scenario: 'ld-detach',
    apply: (rules) => [...rules],
    transforms: (ts) => alterTemplate(ts, 'disk/ld-to-disk', 'ld-disk-glue', /\tif \(sc->sc_opencnt > 0 \|\|\n[^{]*\{\n\t\tlwkt_serialize_exit\(&sc->sc_slz\);\n\t\treturn\(EBUSY\);\n\t\}\n/, ''),
  },
  {
    name: 'blk-status-ignored',
    description: "ld_virtio_vq_done1() ignores the status byte (`vr->vr_status != VIRTIO_BLK_S_OK` becomes 0): an IOERR or UNSUPP completion ends the bio as a success",
    caughtBy: 'vectors',
    driver: 'blk',
    scenario: 'ld-strategy',
    apply: (rules) => addBlkRewrite(rules, 'blk-status-ignored', '$S != VIRTIO_BLK_S_OK', '0', { S: { regex: /vr_status$/ } }),
  },
];
