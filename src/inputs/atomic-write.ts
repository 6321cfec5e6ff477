import { randomBytes } from 'node:crypto';
import { open, rename, rm } from 'node:fs/promises';
import path from 'node:path';

/**
 * Writes `data` to a temporary file next to `dest`, flushes it, then renames it over `dest`.
 * rename() within one directory is atomic on POSIX, so a reader (or a second sync interrupted
 * half-way) sees either the old complete file or the new complete file, never a truncated one
 * whose hash would later be misreported. The temp name is unique per process and call, so two
 * concurrent syncs cannot write into each other's temp file.
 */
export async function writeFileAtomic(dest: string, data: Uint8Array | string): Promise<void> {
  const tmp = path.join(
    path.dirname(dest),
    `.${path.basename(dest)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`,
  );
  try {
    const fh = await open(tmp, 'wx', 0o644);
    try {
      await fh.writeFile(data);
      await fh.sync();
    } finally {
      await fh.close();
    }
    await rename(tmp, dest);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
}
