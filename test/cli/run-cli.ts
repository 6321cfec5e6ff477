import { execFile, spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';

export const root = join(import.meta.dirname, '../..');
const cli = join(root, 'bin/port-virtio.mjs');

export interface CliResult {
  code: number | null;
  signal?: string | null;
  stdout: string;
  stderr: string;
}

/** Runs the real CLI (through tsx, as a user would) and returns its exit code and output. */
export async function runCli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  try {
    const r = await promisify(execFile)(process.execPath, [cli, ...args], { cwd: root, env: { ...process.env, ...env }, maxBuffer: 64 << 20 });
    return { code: 0, ...r };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

/** Starts the CLI and sends `signal` after `delayMs`. */
export function interruptCli(args: string[], signal: NodeJS.Signals, delayMs: number): Promise<CliResult> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [cli, ...args], { cwd: root });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill(signal), delayMs);
    child.on('exit', (code, sig) => {
      clearTimeout(timer);
      resolve({ code, signal: sig, stdout, stderr });
    });
  });
}

const temps: string[] = [];

/** A temporary folder removed by cleanupTemps() (call it from afterAll). */
export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  temps.push(dir);
  return dir;
}

export function cleanupTemps(): void {
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** A private copy of the NetBSD input tree that a test may damage. */
export function copyInputs(): string {
  const dir = tempDir('pv-src-');
  cpSync(join(root, 'NetBSD_code/sys'), join(dir, 'sys'), { recursive: true });
  return dir;
}

/** Every file under `dir` with its bytes (latin1), for byte-identity checks. */
export function snapshot(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string): void => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out.set(relative(dir, p), readFileSync(p, 'latin1'));
    }
  };
  walk(dir);
  return out;
}
