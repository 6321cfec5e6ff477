import { basename } from 'node:path';
import { MODULE_ORDER } from '../emit/module-plan.js';
import { sha256Hex } from '../inputs/hash.js';
import { countOrigins, type LineOrigin } from '../translate/line-origins.js';
import type { PortResult } from '../translate/port-modules.js';
import { finalOrigins } from './final-origins.js';
import { RUN_RECORD_SCHEMA, type FileRecord, type ModuleRecord, type OriginRecord, type RunRecord } from './run-record.js';

export interface RecordInputs {
  result: PortResult;
  /** The emitted tree as it will be written (after patch overlays), relative to sys/dev/virtio/. */
  files: ReadonlyMap<string, Buffer>;
  overlays: readonly { patch: string; file: string }[];
  /** Per module and emitted file (`net/if_vioif.c`), NetBSD-only identifiers left (from the report). */
  unhandled: ReadonlyMap<string, { name: string; line: number; column: number }[]>;
  srcDir: string;
  /** The tree's previous record: modules this run keeps (not regenerated) keep their entries. */
  previous: RunRecord | undefined;
}

const KIND = { untouched: 'u', rewritten: 'r', template: 't' } as const;

/** The record of this run, with the kept modules' entries carried over, in module order. */
export function buildRunRecord(inp: RecordInputs): RunRecord {
  const fresh = inp.result.modules.map((m): ModuleRecord => {
    const files = m.files.map((f) => {
      const output = `${m.plan.name}/${basename(f.path)}`;
      const bytes = inp.files.get(output) ?? Buffer.alloc(0);
      const overlays = inp.overlays.filter((o) => o.file === output).map((o) => o.patch);
      const origins = finalOrigins(f.output.text, f.origins, bytes.toString('latin1'), overlays);
      return fileRecord(output, bytes, origins, {
        input: f.path,
        inputSha256: sha256Hex(Buffer.from(f.source.text, 'latin1')),
        applications: f.applications.map((a): [string, number, number] => [a.ruleId, a.line, a.column]),
        unhandled: inp.unhandled.get(output) ?? [],
        overlays,
      });
    });
    // Generated files (the module Makefile) have no NetBSD counterpart: every line is template.
    for (const [rel, bytes] of inp.files) {
      if (!rel.startsWith(`${m.plan.name}/`) || files.some((f) => f.output === rel)) continue;
      const lines = bytes.toString('latin1').split('\n').slice(0, -1);
      const origins = lines.map((): LineOrigin => ({ kind: 'template', srcLine: 0, ruleIds: [] }));
      files.push(fileRecord(rel, bytes, origins, { applications: [], unhandled: [], overlays: inp.overlays.filter((o) => o.file === rel).map((o) => o.patch) }));
    }
    // Summed over the emitted files, so patch overlays count as they do per file.
    const lineOrigins = { untouched: 0, rewritten: 0, template: 0 };
    for (const f of files) for (const k of ['untouched', 'rewritten', 'template'] as const) lineOrigins[k] += f.lineOrigins[k];
    return { module: m.plan.name, kmod: m.plan.kmod, src: inp.srcDir, lineOrigins, files };
  });
  const regenerated = new Set(fresh.map((m) => m.module));
  const kept = (inp.previous?.modules ?? []).filter((m) => !regenerated.has(m.module));
  const order = (name: string): number => {
    const i = (MODULE_ORDER as readonly string[]).indexOf(name);
    return i < 0 ? MODULE_ORDER.length : i;
  };
  const modules = [...fresh, ...kept].sort((a, b) => order(a.module) - order(b.module) || a.module.localeCompare(b.module));
  return { schemaVersion: RUN_RECORD_SCHEMA, modules };
}

function fileRecord(output: string, bytes: Buffer, origins: LineOrigin[], rest: Omit<FileRecord, 'output' | 'outputSha256' | 'lineOrigins' | 'origins'>): FileRecord {
  return {
    output,
    outputSha256: sha256Hex(bytes),
    ...(rest.input !== undefined ? { input: rest.input, inputSha256: rest.inputSha256! } : {}),
    lineOrigins: countOrigins(origins),
    applications: rest.applications,
    origins: origins.map((o): OriginRecord => [KIND[o.kind], o.srcLine, ...o.ruleIds]),
    unhandled: rest.unhandled,
    overlays: rest.overlays,
  };
}

/** The origins of a recorded file in the engine's shape. */
export function originsOf(f: FileRecord): LineOrigin[] {
  const kinds = { u: 'untouched', r: 'rewritten', t: 'template' } as const;
  return f.origins.map(([k, srcLine, ...ruleIds]) => ({ kind: kinds[k], srcLine, ruleIds }));
}
