import { mkdirSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { hasErrors } from '../diagnostics/diagnostic.js';
import { formatDiagnostic } from '../diagnostics/format-text.js';
import { encodeText, readSourceFileSync } from '../inputs/read-source.js';
import { InputError } from '../inputs/input-error.js';
import { translateFile } from '../translate/translate-file.js';
import { formatFileDiff, useColor } from './print-diff.js';
import { createProgress } from './progress.js';
import { loadProject } from './project.js';

/** `port-virtio translate FILE... --out DIR`: the general rules (no driver scope) on any NetBSD C file. */
export async function runTranslateCommand(args: { files: string[]; out: string; diff: boolean; report?: string | undefined; allowPartial?: boolean; color?: boolean }): Promise<number> {
  const project = loadProject();
  const general = project.rules.filter((r) => !r.scope.drivers && !r.scope.files);
  const transforms = project.transforms.filter((t) => t.appliesTo(undefined, ''));
  const outDir = resolve(args.out);
  let failed = false;
  const report: unknown[] = [];
  const progress = createProgress('translating', args.files.length);
  for (const path of args.files) {
    progress.step(path);
    let raw;
    try {
      raw = readSourceFileSync(resolve(path), path);
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
      progress.clear();
      for (const d of e.diagnostics) process.stderr.write(`${formatDiagnostic(d)}\n`);
      failed = true;
      continue;
    }
    const t = translateFile(path, raw.text, { rules: general, transforms, shapes: project.shapes, module: undefined, modules: project.plans, allowPartial: args.allowPartial === true });
    if (t.diagnostics.some((d) => d.severity !== 'note')) progress.clear();
    for (const d of t.diagnostics) if (d.severity !== 'note') process.stderr.write(`${formatDiagnostic(d)}\n`);
    if (args.diff) {
      progress.clear();
      process.stdout.write(formatFileDiff(t, basename(path), useColor(args.color !== false)));
    }
    report.push({ input: path, rules: t.applications, diagnostics: t.diagnostics });
    if (hasErrors(t.diagnostics)) {
      failed = true;
      continue;
    }
    mkdirSync(outDir, { recursive: true });
    writeFileSync(join(outDir, basename(path)), encodeText(t.output.text));
  }
  progress.done();
  if (args.report) writeFileSync(resolve(args.report), JSON.stringify({ schema: 1, files: report }, null, 2) + '\n');
  return failed ? 1 : 0;
}
