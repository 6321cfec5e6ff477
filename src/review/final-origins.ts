import { diffLines } from 'diff';
import type { LineOrigin } from '../translate/line-origins.js';

/**
 * Line provenance of the bytes actually emitted. Usually that is the translation itself; when
 * patch overlays changed it, lines the overlays kept keep their origin and lines they wrote are
 * attributed to the overlay (`patch:<file>`), next to the NetBSD line they replaced.
 */
export function finalOrigins(translated: string, origins: readonly LineOrigin[], final: string, overlays: readonly string[]): LineOrigin[] {
  if (translated === final) return [...origins];
  const ids = overlays.map((o) => `patch:${o}`);
  const out: LineOrigin[] = [];
  let oldLine = 0;
  for (const part of diffLines(translated, final)) {
    const n = part.count ?? 0;
    if (part.removed) {
      oldLine += n;
      continue;
    }
    if (part.added) {
      const near = origins[Math.min(oldLine, origins.length - 1)]?.srcLine ?? 0;
      for (let i = 0; i < n; i++) out.push({ kind: 'rewritten', srcLine: near, ruleIds: ids });
      continue;
    }
    for (let i = 0; i < n; i++) out.push(origins[oldLine + i]!);
    oldLine += n;
  }
  return out;
}
