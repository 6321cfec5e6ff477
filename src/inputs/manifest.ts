import { readFile } from 'node:fs/promises';
import { InputCode, fileDiagnostic } from './codes.js';
import { InputError } from './input-error.js';

/**
 * NetBSD_code/manifest.json pins the exact NetBSD sources the port rules were written against:
 * path, CVS revision and SHA-256 of each file. Rules match text, so a silently different input
 * would give a silently different port; the hashes turn that into a diagnostic.
 */
export const MANIFEST_SCHEMA = 1;

/**
 * `virtio`: a file the port translates. `reference`: read to understand semantics the port must
 * reproduce (NetBSD's ld(4) framework that ld_virtio.c plugs into), never translated itself.
 */
export const INPUT_ROLES = ['virtio', 'reference'] as const;
export type InputRole = (typeof INPUT_ROLES)[number];

export interface ManifestFile {
  /** POSIX path relative to the tree root, as in a NetBSD checkout: `sys/dev/pci/virtio.c`. */
  path: string;
  /** CVS revision from the file's `$NetBSD: file,v REV ...$` line. */
  revision: string;
  /** Lowercase hex SHA-256 of the file's bytes. */
  sha256: string;
  role: InputRole;
}

export interface Manifest {
  schema: typeof MANIFEST_SCHEMA;
  upstream: { repository: string; commit: string };
  files: ManifestFile[];
}

export async function loadManifest(manifestPath: string): Promise<Manifest> {
  let text: string;
  try {
    text = await readFile(manifestPath, 'utf8');
  } catch (e) {
    const reason = (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'not found' : (e as Error).message;
    throw new InputError([
      fileDiagnostic(InputCode.manifestInvalid, 'error', manifestPath, `cannot read manifest: ${reason}`),
    ]);
  }
  return parseManifest(text, manifestPath);
}

/** Parses and validates; every problem found is reported at once, each naming the manifest file. */
export function parseManifest(text: string, manifestPath: string): Manifest {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    const message = (e as Error).message;
    const { line, column } = jsonErrorPosition(text, message);
    throw new InputError([
      fileDiagnostic(InputCode.manifestInvalid, 'error', manifestPath, `manifest is not valid JSON: ${message}`, line, column),
    ]);
  }
  const problems = validateManifest(data);
  if (problems.length > 0) {
    throw new InputError(
      problems.map((p) => fileDiagnostic(InputCode.manifestInvalid, 'error', manifestPath, `invalid manifest: ${p}`)),
    );
  }
  return data as Manifest;
}

/** Stable text form: the same bytes every time, so a refresh without changes leaves no git diff. */
export function serializeManifest(manifest: Manifest): string {
  const ordered: Manifest = {
    schema: manifest.schema,
    upstream: { repository: manifest.upstream.repository, commit: manifest.upstream.commit },
    files: manifest.files.map((f) => ({ path: f.path, revision: f.revision, sha256: f.sha256, role: f.role })),
  };
  return `${JSON.stringify(ordered, null, 2)}\n`;
}

const SHA256 = /^[0-9a-f]{64}$/;
const GIT_COMMIT = /^[0-9a-f]{40}$/;
const CVS_REVISION = /^[0-9]+(\.[0-9]+)+$/;
// Plain relative POSIX paths only: no absolute paths, backslashes or `..`, so joining a manifest
// path onto a tree can never escape the tree (sync-inputs writes to these paths).
const SAFE_SEGMENT = /^[A-Za-z0-9_][A-Za-z0-9._+-]*$/;

export function validateManifest(data: unknown): string[] {
  const problems: string[] = [];
  if (!isObject(data)) return ['top level must be a JSON object'];
  unknownKeys(data, ['schema', 'upstream', 'files'], '', problems);

  if (data.schema !== MANIFEST_SCHEMA) {
    problems.push(`schema: expected ${MANIFEST_SCHEMA}, got ${JSON.stringify(data.schema)}`);
  }

  const upstream = data.upstream;
  if (!isObject(upstream)) {
    problems.push('upstream: expected an object with "repository" and "commit"');
  } else {
    unknownKeys(upstream, ['repository', 'commit'], 'upstream.', problems);
    if (typeof upstream.repository !== 'string' || upstream.repository.trim() === '') {
      problems.push('upstream.repository: expected a non-empty string');
    }
    if (typeof upstream.commit !== 'string' || !GIT_COMMIT.test(upstream.commit)) {
      problems.push(`upstream.commit: expected 40 lowercase hex digits, got ${JSON.stringify(upstream.commit)}`);
    }
  }

  const files = data.files;
  if (!Array.isArray(files) || files.length === 0) {
    problems.push('files: expected a non-empty array');
    return problems;
  }
  const seen = new Set<string>();
  files.forEach((f: unknown, i) => {
    const at = `files[${i}]`;
    if (!isObject(f)) {
      problems.push(`${at}: expected an object`);
      return;
    }
    unknownKeys(f, ['path', 'revision', 'sha256', 'role'], `${at}.`, problems);
    if (typeof f.path !== 'string' || !f.path.split('/').every((s) => SAFE_SEGMENT.test(s))) {
      problems.push(`${at}.path: expected a relative POSIX path without "..", got ${JSON.stringify(f.path)}`);
    } else if (seen.has(f.path)) {
      problems.push(`${at}.path: duplicate entry for ${f.path}`);
    } else {
      seen.add(f.path);
    }
    if (typeof f.revision !== 'string' || !CVS_REVISION.test(f.revision)) {
      problems.push(`${at}.revision: expected a CVS revision such as "1.3", got ${JSON.stringify(f.revision)}`);
    }
    if (typeof f.sha256 !== 'string' || !SHA256.test(f.sha256)) {
      problems.push(`${at}.sha256: expected 64 lowercase hex digits, got ${JSON.stringify(f.sha256)}`);
    }
    if (typeof f.role !== 'string' || !(INPUT_ROLES as readonly string[]).includes(f.role)) {
      problems.push(`${at}.role: expected one of ${INPUT_ROLES.join(', ')}, got ${JSON.stringify(f.role)}`);
    }
  });
  return problems;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

// Unknown keys are rejected: a misspelt "sha265" must not silently leave a file unchecked.
function unknownKeys(obj: Record<string, unknown>, allowed: string[], prefix: string, problems: string[]): void {
  for (const key of Object.keys(obj)) {
    if (!allowed.includes(key)) problems.push(`${prefix}${key}: unknown field`);
  }
}

/** V8 reports "... at position N"; turn it into line:column so editors jump to the mistake. */
function jsonErrorPosition(text: string, message: string): { line: number; column: number } {
  const m = /at position (\d+)/.exec(message);
  if (!m) return { line: 1, column: 1 };
  const offset = Math.min(Number(m[1]), text.length);
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  const column = offset - (before.lastIndexOf('\n') + 1) + 1;
  return { line, column };
}
