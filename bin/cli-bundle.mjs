// The CLI runs from an esbuild bundle of src/ kept in node_modules/.cache/port-virtio: loading
// TypeScript through tsx costs about 0.45 s per start (and again per worker thread), loading the
// bundle about 0.05 s. The bundle is rebuilt when any file it was built from changed (sizes and
// mtimes, from esbuild's metafile), written beside itself and renamed into place, so parallel
// starts never load half a bundle. Without esbuild, or when building fails, tsx runs src/ as before.
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const CACHE = join(ROOT, 'node_modules/.cache/port-virtio');
const STAMP = join(CACHE, 'inputs.json');
/** The entry points: the CLI (ES modules, a chunk per command), and the batch worker thread (src/batch/worker-pool.ts starts it; one CommonJS file). */
const CLI_ENTRY = 'src/cli/main.ts';
const WORKER_ENTRY = 'src/batch/worker.ts';

/** The CLI's `main(argv)`, from a fresh bundle when possible. */
export async function loadMain() {
  if (process.env.PORT_VIRTIO_NO_BUNDLE !== '1') {
    try {
      const dir = isFresh() ? currentDir() : await build();
      return (await import(pathToFileURL(join(dir, 'cli.mjs')).href)).main;
    } catch (e) {
      if (process.env.PORT_VIRTIO_DEBUG_BUNDLE) process.stderr.write(`port-virtio: bundle not used: ${e.stack ?? e}\n`);
    }
  }
  const { register } = await import('tsx/esm/api');
  register();
  return (await import('../src/cli/main.ts')).main;
}

function currentDir() {
  return join(CACHE, JSON.parse(readFileSync(STAMP, 'utf8')).dir);
}

/** Every input of the current bundle still has the size and mtime it had when built (exported for the tests). */
export function isFresh() {
  if (!existsSync(STAMP)) return false;
  const { inputs, dir } = JSON.parse(readFileSync(STAMP, 'utf8'));
  if (!existsSync(join(CACHE, dir, 'cli.mjs'))) return false;
  for (const [file, seen] of Object.entries(inputs)) {
    let st;
    try {
      st = statSync(join(ROOT, file));
    } catch {
      return false;
    }
    if (st.size !== seen.size || st.mtimeMs !== seen.mtimeMs) return false;
  }
  return true;
}

/** Builds into a new folder, then points the stamp at it (the rename is the commit). */
async function build() {
  const esbuild = await import('esbuild');
  const dir = `b-${process.pid}-${Date.now()}`;
  const outdir = join(CACHE, dir);
  mkdirSync(outdir, { recursive: true });
  const common = {
    bundle: true,
    platform: 'node',
    target: 'node20',
    // Native addons and what only development uses stay in node_modules; yargs and diff are
    // bundled: loading their dozens of ES modules one by one cost more than the rest of the start.
    // (yaml is required on first use from node_modules, src/files/yaml-library.ts: a warm start
    // reads no YAML.)
    external: ['tree-sitter', 'tree-sitter-c', 'tsx', 'tsx/*', 'ts-morph', 'esbuild'],
    metafile: true,
    logLevel: 'silent',
    define: { PORT_VIRTIO_BUNDLED_WORKER: JSON.stringify(pathToFileURL(join(outdir, 'worker.cjs')).href), 'Intl.Segmenter': 'LazySegmenter' },
    inject: [join(ROOT, 'bin/lazy-segmenter.mjs')],
    plugins: [keepModuleUrls, lazyStringWidth],
  };
  const [cli, worker] = await Promise.all([
    esbuild.build({
      ...common,
      entryPoints: { cli: join(ROOT, CLI_ENTRY) },
      outdir,
      outExtension: { '.js': '.mjs' },
      splitting: true,
      format: 'esm',
      // Bundled CommonJS (yaml's node build) requires Node built-ins: give each chunk a require.
      banner: { js: "import { createRequire as __pvCreateRequire } from 'node:module'; const require = __pvCreateRequire(import.meta.url);" },
    }),
    // The batch worker thread is one CommonJS file: a thread pays for its own start (it cannot
    // share the CLI's loaded modules), and Node's CommonJS loader starts it sooner than the ES
    // module loader, which wraps every built-in it imports.
    esbuild.build({ ...common, entryPoints: [join(ROOT, WORKER_ENTRY)], outfile: join(outdir, 'worker.cjs'), format: 'cjs' }),
  ]);
  const inputs = {};
  for (const file of [...Object.keys(cli.metafile.inputs), ...Object.keys(worker.metafile.inputs), 'bin/cli-bundle.mjs', 'package.json']) {
    const rel = relative(ROOT, resolve(ROOT, file));
    const st = statSync(join(ROOT, rel));
    inputs[rel] = { size: st.size, mtimeMs: st.mtimeMs };
  }
  const tmp = `${STAMP}.${process.pid}`;
  writeFileSync(tmp, JSON.stringify({ dir, inputs }));
  renameSync(tmp, STAMP);
  pruneOldBundles(dir);
  return outdir;
}

/**
 * Each module keeps its own import.meta.url (the source file's), so paths computed from it
 * (the project root, the engine fingerprint's src/ folder) mean what they mean under tsx.
 */
const keepModuleUrls = {
  name: 'keep-module-urls',
  setup(b) {
    b.onLoad({ filter: /\.(ts|mjs|js)$/ }, (args) => {
      const text = readFileSync(args.path, 'utf8');
      if (!text.includes('import.meta.url')) return undefined;
      return { contents: text.replaceAll('import.meta.url', JSON.stringify(pathToFileURL(args.path).href)), loader: args.path.endsWith('.ts') ? 'ts' : 'js' };
    });
  },
};

/** yargs' string-width is bin/lazy-string-width.mjs, which loads the real one when first called. */
const lazyStringWidth = {
  name: 'lazy-string-width',
  setup(b) {
    b.onResolve({ filter: /^string-width$/ }, (args) => (/[\\/]yargs[\\/]/.test(args.importer) ? { path: join(ROOT, 'bin/lazy-string-width.mjs') } : undefined));
  },
};

/**
 * Bundle folders other than the current one, once an hour old: a process that started from one
 * may still be loading its chunks, and building takes well under a second.
 */
function pruneOldBundles(keep) {
  for (const name of readdirSync(CACHE)) {
    const path = join(CACHE, name);
    if (name.startsWith('b-') && name !== keep && Date.now() - statSync(path).mtimeMs > 3_600_000) rmSync(path, { recursive: true, force: true });
  }
}
