import type { Rule } from '../match/rule.js';
import type { Transform } from '../transform/transform.js';
import type { Mutant } from './mutants.js';

/**
 * Transform `id` with the text of the edits it marks `template` altered (`undefined`: any of its
 * edits): for glue that exists only as a transform's output (no NetBSD line, so no rule can reach
 * it). Throws when a file gets such edits and none holds the text, so a mutant never silently
 * turns into the unmutated translation.
 */
export function alterTemplate(transforms: readonly Transform[], id: string, template: string | undefined, from: RegExp, to: string): Transform[] {
  if (!transforms.some((t) => t.id === id)) throw new Error(`mutant: no transform ${id}`);
  return transforms.map((t) =>
    t.id !== id
      ? t
      : {
          ...t,
          create(ctx) {
            const res = t.create(ctx);
            let seen = false;
            let altered = false;
            const edits = res.edits.map((e) => {
              if (template !== undefined && e.template !== template) return e;
              seen = true;
              const parts = e.parts.map((p) => (typeof p === 'string' ? p.replace(from, to) : p));
              if (parts.every((p, i) => p === e.parts[i])) return e;
              altered = true;
              return { ...e, parts };
            });
            if (seen && !altered) throw new Error(`mutant: ${template ? `template ${template} of ` : ''}${id} has no ${from}`);
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
    qemu: ['blk-lifecycle'],
    driver: 'blk',
    scenario: 'ld-detach',
    apply: (rules) => [...rules],
    transforms: (ts) => alterTemplate(ts, 'disk/ld-to-disk', 'ld-disk-glue', /\tif \(sc->sc_opencnt > 0 \|\|\n[^{]*\{\n\t\tlwkt_serialize_exit\(&sc->sc_slz\);\n\t\treturn\(EBUSY\);\n\t\}\n/, ''),
  },
  {
    name: 'blk-status-ignored',
    description: "ld_virtio_vq_done1() ignores the status byte (`vr->vr_status != VIRTIO_BLK_S_OK` becomes 0): an IOERR or UNSUPP completion ends the bio as a success",
    caughtBy: 'vectors',
    qemu: ['blk-errors'],
    driver: 'blk',
    scenario: 'ld-strategy',
    apply: (rules) => addBlkRewrite(rules, 'blk-status-ignored', '$S != VIRTIO_BLK_S_OK', '0', { S: { regex: /vr_status$/ } }),
  },
];

/** Rule `id`'s first rewrite with another replacement text. */
function withReplace(rules: readonly Rule[], id: string, replace: string): Rule[] {
  if (!rules.some((r) => r.id === id && r.rewrites?.length)) throw new Error(`mutant: no rewrite rule ${id}`);
  return rules.map((r) => (r.id === id && r.rewrites ? { ...r, rewrites: [{ ...r.rewrites[0]!, replace }, ...r.rewrites.slice(1)] } : r));
}

/**
 * NetBSD's behaviour where the model vectors do not tell (see BALLOON_DEVICE_MUTANTS): for
 * `verify --mutant` and the real-device scenarios, not in MUTANTS.
 */
export const BLK_DEVICE_MUTANTS: readonly Mutant[] = [
  {
    name: 'blk-flush-noop',
    description: 'blk/flush-request removed (NetBSD 6 and the translation before it): VIRTIO_BLK_F_FLUSH is not negotiated and a BUF_CMD_FLUSH bio completes at once without reaching the device',
    caughtBy: 'qemu',
    qemu: ['blk-flush'],
    driver: 'blk',
    apply: (rules) => rules.filter((r) => r.id !== 'blk/flush-request'),
  },
  {
    name: 'blk-attach-finish-leak',
    description: "blk/attach-finish's failure branch only jumps to the error exit (NetBSD 6): when virtio_child_attach_finish() fails, the request memory and its 2 * qsize maps are leaked",
    caughtBy: 'qemu',
    qemu: ['blk-attach-failure'],
    driver: 'blk',
    apply: (rules) => withReplace(rules, 'blk/attach-finish', 'if (virtio_child_attach_finish($SC->sc_virtio) != 0)\n\tgoto err;'),
  },
  {
    name: 'blk-sector-in-bytes',
    description: "ld_virtio_start puts the bio's byte offset into the request's sector field (a units misreading, as capacity-units guards against for the disk size): every I/O but the first sector's lands elsewhere or past the end",
    caughtBy: 'qemu',
    qemu: ['blk-io'],
    driver: 'blk',
    apply: (rules) => [...rules],
    transforms: (ts) => alterTemplate(ts, 'disk/ld-to-disk', undefined, /^->bio_offset \/ DEV_BSIZE$/, '->bio_offset'),
  },
];

