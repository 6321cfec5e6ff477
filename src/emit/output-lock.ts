import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';

/** A second run on the same output while one is writing: its message says which process holds it. */
export class OutputLockedError extends Error {}

/**
 * Takes `<dest>.lock` (a sibling: `dest` itself is swapped by rename). A lock whose process is gone
 * is stale and taken over, so a killed run does not block the next one forever.
 */
export function acquireOutputLock(dest: string): () => void {
  const path = `${dest}.lock`;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, 'wx');
      writeSync(fd, `${process.pid}\n`);
      closeSync(fd);
      return () => rmSync(path, { force: true });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const pid = Number(readFileSync(path, 'utf8').trim());
      if (Number.isInteger(pid) && pid > 0 && isAlive(pid))
        throw new OutputLockedError(`${dest} is being written by another port-virtio run (pid ${pid}); wait for it to finish (lock: ${path})`);
      rmSync(path, { force: true });
    }
  }
  throw new OutputLockedError(`could not take the lock ${path}`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
