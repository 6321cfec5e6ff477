import type { MacroShapes } from '../../src/parse/macro-shapes.js';
import { explainSites } from './explain.js';
import type { Site } from './sites.js';

type Sites = Map<string, Site>;

/** Counts, the union of the peers' sites, what we miss of it and why, and what each peer misses of ours and why. */
export function compareSites(root: string, sites: { ours: Sites; astGrep: Sites | undefined; spatch: Sites | undefined }, shapes: MacroShapes, unwritten: ReadonlySet<string>) {
  const union = new Map<string, Site>([...(sites.astGrep ?? []), ...(sites.spatch ?? [])]);
  const missed = [...union].filter(([k]) => !sites.ours.has(k)).map(([, s]) => s);
  const explain = (list: Site[]): Record<string, { count: number; examples: string[] }> => {
    const out: Record<string, { count: number; examples: string[] }> = {};
    for (const [reason, s] of explainSites(root, list, shapes, unwritten)) out[reason] = { count: s.length, examples: s.slice(0, 5).map((x) => `${x.file}:${x.line}:${x.column} ${x.name}`) };
    return out;
  };
  const onlyOurs = (peer: Sites | undefined): Site[] | undefined => (peer ? [...sites.ours].filter(([k]) => !peer.has(k)).map(([, s]) => s) : undefined);
  const ourExtraVsAstGrep = onlyOurs(sites.astGrep);
  const ourExtraVsSpatch = onlyOurs(sites.spatch);
  return {
    ours: sites.ours.size,
    astGrep: sites.astGrep?.size ?? null,
    spatch: sites.spatch?.size ?? null,
    peerUnion: union.size,
    oursMissOfPeerUnion: missed.length,
    missesExplained: explain(missed),
    oursNotAstGrep: ourExtraVsAstGrep ? { count: ourExtraVsAstGrep.length, why: explain(ourExtraVsAstGrep) } : null,
    oursNotSpatch: ourExtraVsSpatch ? { count: ourExtraVsSpatch.length, why: explain(ourExtraVsSpatch) } : null,
  };
}
