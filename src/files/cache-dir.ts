import { fileURLToPath } from 'node:url';

/**
 * port-virtio's own cache folder, npm's conventional place (`node_modules/.cache/<tool>`): the
 * CLI bundle, parsed rule files, `--check` build results. Everything in it is keyed by content
 * (or checked against its inputs' sizes and mtimes), so deleting it only costs time.
 */
export const CACHE_DIR = fileURLToPath(new URL('../../node_modules/.cache/port-virtio', import.meta.url));
