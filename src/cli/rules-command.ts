import { loadProject } from './project.js';

/** `port-virtio rules`: every rule and transform, in run order, with its one-line why. */
export function runRulesCommand(): number {
  const project = loadProject();
  for (const r of project.rules) process.stdout.write(`${r.id}\t${r.scope.drivers ? `[${r.scope.drivers.join(',')}] ` : ''}${r.summary}\n`);
  for (const t of project.transforms) process.stdout.write(`${t.id}\t(transform) ${t.meta.summary}\n`);
  return 0;
}
