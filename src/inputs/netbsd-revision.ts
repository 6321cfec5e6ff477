/**
 * NetBSD files carry their CVS identity in an RCS keyword near the top:
 *   `$NetBSD: virtio.c,v 1.3 2011/11/02 23:05:52 njoly Exp $`
 * It is the only record of the revision that survives the git mirror, so the manifest takes
 * revisions from it, and a --src tree whose file differs can be told apart from a newer revision.
 */
export interface NetBSDId {
  /** File name as CVS knew it (basename, without `,v`). */
  file: string;
  revision: string;
  /** `YYYY/MM/DD HH:MM:SS` as written in the keyword (UTC). */
  date: string;
  author: string;
}

const NETBSD_ID = /\$NetBSD: ([^\s,$]+),v ([0-9]+(?:\.[0-9]+)+) ([0-9]{4}\/[0-9]{2}\/[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}) (\S+) \w+ \$/;

/**
 * The first `$NetBSD$` keyword in the text. The first one is the file's own: later ones (such as
 * the __KERNEL_RCSID string) repeat it, and ids of other files never come before it.
 * Returns undefined when there is none or it was never expanded (`$NetBSD$`).
 */
export function findNetBSDId(text: string): NetBSDId | undefined {
  const m = NETBSD_ID.exec(text);
  if (!m) return undefined;
  return { file: m[1]!, revision: m[2]!, date: m[3]!, author: m[4]! };
}
