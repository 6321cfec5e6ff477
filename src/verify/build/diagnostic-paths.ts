import path from 'node:path';

/** Where the compiler ran and which directory the caller wants paths relative to. */
export interface PathContext {
  /** Directory clang ran in (the obj dir): relative paths in its output are relative to it. */
  cwd: string;
  /** The module's source dir (as bmake's .CURDIR, i.e. after realpath). */
  moduleDir: string;
}

function isInside(parent: string, child: string): boolean {
  const rel = path.relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

const toPosix = (p: string) => p.split(path.sep).join('/');

/**
 * Clang prints sources by absolute path (kmod.mk compiles `${.IMPSRC}`), includes through the
 * obj dir as './@/sys/bus.h' or 'bus_if.h'. Obj-dir files keep obj-relative names because the obj
 * dir is temporary; everything else becomes relative to the module dir so sibling-module headers
 * read as '../virtio/virtiovar.h'.
 */
export function displayPath(raw: string, ctx: PathContext): { file: string; inObjDir: boolean } {
  const abs = path.resolve(ctx.cwd, raw);
  if (isInside(ctx.cwd, abs)) return { file: toPosix(path.relative(ctx.cwd, abs)), inObjDir: true };
  return { file: toPosix(path.relative(ctx.moduleDir, abs)), inObjDir: false };
}
