/** The issue's targets, evaluated on one run's results (printed, never asserted). */
export function targetsOf(r: Results): { target: string; value: number | null; limit: number; met: boolean | null }[] {
  const t = (target: string, value: number | null | undefined, limit: number) => ({ target, value: value ?? null, limit, met: value == null ? null : value <= limit });
  const agWall = r.tools.astGrep?.wallMs;
  return [
    t('10 rules wall / ast-grep wall (dry run)', r.ratioAstGrep, 1.0),
    t('10 rules wall / ast-grep wall (apply -U)', r.ratioAstGrepApply, 1.0),
    t('10 rules wall / spatch wall', r.ratioSpatch, 0.1),
    t('peer-union sites we miss', r.sites.astGrep === null && r.sites.spatch === null ? null : r.sites.oursMissOfPeerUnion, 0),
    t('peak RSS of our 10-rule run (MiB)', r.tools.ours?.peakRssMiB, 200),
    t('full rule set wall / ast-grep 10-rule wall', r.fullRuleSet && agWall ? Math.round((r.fullRuleSet.wallMs / agWall) * 1000) / 1000 : null, 2.0),
    t('port-virtio --driver all wall (s)', r.portAll ? r.portAll.wallMs / 1000 : null, 1.0),
  ];
}

export function printTable(r: Results & { targets: ReturnType<typeof targetsOf> }): void {
  const rows: string[][] = [['run', 'wall ms (median)', 'peak RSS MiB', 'sites / applications']];
  const row = (name: string, m: Tool | null, sites: string): void => void (m && rows.push([name, String(m.wallMs), String(m.peakRssMiB ?? '?'), sites]));
  row('ours: 10 rules', r.tools.ours, String(r.sites.ours));
  row('ast-grep: 10 rules, dry run', r.tools.astGrep, String(r.sites.astGrep ?? ''));
  row('ast-grep: 10 rules, -U', r.tools.astGrepApply, String(r.sites.astGrep ?? ''));
  row('spatch -j 2: 10 rules', r.tools.spatch, String(r.sites.spatch ?? ''));
  row('ours: no worker threads', r.ideas.noWorkerThreads, '');
  row('ours: no literal pre-filter', r.ideas.noLiteralPrefilter, '');
  row('ours: whole-file parses', r.ideas.wholeFileParses, '');
  row('ours: warm cache', r.ideas.warmCache, '');
  row('ours: full rule set', r.fullRuleSet, `${r.fullRuleSet?.applications ?? ''} applications`);
  row('port-virtio --driver all', r.portAll, `exit ${r.portAll?.exitCode ?? '?'}`);
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((x) => x[i]!.length)));
  const out = rows.map((x) => x.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  '));
  out.splice(1, 0, widths.map((w) => '-'.repeat(w)).join('  '));
  for (const s of r.skipped) out.push(`skipped ${s.tool}: ${s.why}`);
  out.push('', `sites: ours ${r.sites.ours}, peer union ${r.sites.peerUnion}, of which we miss ${r.sites.oursMissOfPeerUnion}`);
  for (const [why, v] of Object.entries(r.sites.missesExplained)) out.push(`  missed, ${why}: ${v.count} (${v.examples.join('; ')})`);
  for (const [peer, extra] of [['ast-grep', r.sites.oursNotAstGrep], ['spatch', r.sites.oursNotSpatch]] as const)
    if (extra) out.push(`ours not ${peer}: ${extra.count} (${Object.entries(extra.why).map(([w, v]) => `${w}: ${v.count}`).join(', ')})`);
  out.push('', 'targets:');
  for (const t of r.targets) out.push(`  ${t.met === null ? 'n/a ' : t.met ? 'met ' : 'MISS'}  ${t.target}: ${t.value ?? '-'} (limit ${t.limit})`);
  process.stdout.write(out.join('\n') + '\n');
}

interface Tool {
  wallMs: number;
  peakRssMiB: number | null;
}

interface Explained {
  count: number;
  why: Record<string, { count: number }>;
}

export interface Results {
  tools: { ours: Tool | null; astGrep: Tool | null; astGrepApply: Tool | null; spatch: Tool | null };
  skipped: { tool: string; why: string | undefined }[];
  ratioAstGrep: number | null;
  ratioAstGrepApply: number | null;
  ratioSpatch: number | null;
  sites: {
    ours: number;
    astGrep: number | null;
    spatch: number | null;
    peerUnion: number;
    oursMissOfPeerUnion: number;
    missesExplained: Record<string, { count: number; examples: string[] }>;
    oursNotAstGrep: Explained | null;
    oursNotSpatch: Explained | null;
  };
  ideas: { noWorkerThreads: Tool | null; noLiteralPrefilter: Tool | null; wholeFileParses: Tool | null; warmCache: Tool | null };
  fullRuleSet: (Tool & { applications: number }) | null;
  portAll: (Tool & { exitCode: number | undefined }) | null;
}
