import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { API_MAP_RELATIVE_PATH } from '../analyze/netbsd-only-identifiers.js';
import { writeFileAtomic } from '../inputs/atomic-write.js';
import { loadApiMap } from '../review/api-map.js';
import { renderPage } from '../review/render-page.js';
import { reviewData } from '../review/review-model.js';
import { ruleInfos } from '../review/rule-info.js';
import { readRunRecord, RunRecordError } from '../review/run-record.js';
import { readVerifyResults } from '../review/verify-results.js';
import { outputTree, shownPath } from './output-tree.js';
import { loadProject } from './project.js';

/** The page's default place: beside sys/ in the output root, outside the tree a run replaces. */
export const REVIEW_FILE = 'port-virtio-review.html';

/**
 * `port-virtio review [--driver X] [--out DIR] [--html FILE]`: one self-contained HTML page of
 * the tree under DIR as the last run recorded it (see src/review/).
 */
export async function runReviewCommand(args: { driver?: string | undefined; out?: string | undefined; html?: string | undefined }): Promise<number> {
  const { root, dest } = outputTree(args.out);
  let record;
  try {
    record = readRunRecord(dest);
  } catch (e) {
    if (!(e instanceof RunRecordError)) throw e;
    process.stderr.write(`port-virtio: ${e.message}\n`);
    return 1;
  }
  if (!record) {
    process.stderr.write(`port-virtio: no run recorded in ${shownPath(dest)}; run 'port-virtio --driver all --out ${shownPath(root)} --check' first\n`);
    return 1;
  }
  if (args.driver && args.driver !== 'all' && !record.modules.some((m) => m.module === args.driver)) {
    process.stderr.write(`port-virtio: module '${args.driver}' is not in ${shownPath(dest)} (it has: ${record.modules.map((m) => m.module).join(', ')})\n`);
    return 1;
  }
  const project = loadProject();
  const data = reviewData(dest, record, ruleInfos(project.root, project.rules, project.transforms), readVerifyResults(dest), args.driver);
  const apiMap = loadApiMap(resolve(project.root, API_MAP_RELATIVE_PATH));
  const title = `port-virtio review: ${args.driver && args.driver !== 'all' ? args.driver : 'all modules'}`;
  const html = renderPage(data, apiMap, title);
  const file = args.html ? resolve(args.html) : join(root, REVIEW_FILE);
  mkdirSync(dirname(file), { recursive: true });
  await writeFileAtomic(file, html);
  const files = data.modules.reduce((n, m) => n + m.files.length, 0);
  const warnings = data.modules.flatMap((m) => m.files.flatMap((f) => f.warnings));
  for (const w of warnings) process.stderr.write(`port-virtio: warning: ${w}\n`);
  process.stderr.write(`wrote ${shownPath(file)} (${Math.round(Buffer.byteLength(html) / 1024)} KiB: ${data.modules.length} modules, ${files} files, ${data.rules.length} rules)\n`);
  return 0;
}
