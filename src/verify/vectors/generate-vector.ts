import { ModelBackend } from '../run/model-backend.js';
import { Run } from '../run/run-ops.js';
import type { StepRecord, Vector } from '../run/step.js';
import { Rng, type RunStep, type Scenario, type ScenarioContext } from '../scenarios/scenario.js';

/** Deterministic per scenario and seed, so that every scenario's seed 1 is a different stream. */
export function scenarioSeed(name: string, seed: number): number {
  let h = seed * 0x9e3779b1;
  for (const c of name) h = Math.imul(h ^ c.charCodeAt(0), 0x01000193);
  return h >>> 0;
}

export class ScenarioError extends Error {}

/**
 * Runs a scenario on the model and records every step: the vector. The model must itself keep
 * the protocol (no device-side violation) and the scenario's own checks, or generation fails.
 */
export async function generateVector(s: Scenario, seed: number): Promise<Vector> {
  const spec = s.device(seed);
  const backend = s.modelBackend?.() ?? new ModelBackend();
  const run = new Run(spec, backend);
  const steps: { op: RunStep['op']; expect: StepRecord }[] = [];
  const ctx: ScenarioContext = {
    rng: new Rng(scenarioSeed(s.name, seed)),
    device: run.device,
    last: undefined,
    do: async (op) => {
      const record = await run.step(op);
      if (run.outcome.failure) throw new ScenarioError(`${s.name}-${seed}: the model failed at step ${steps.length}: ${run.outcome.failure.message}`);
      steps.push({ op, expect: record });
      ctx.last = record;
      return record;
    },
  };
  await s.generate(ctx);
  const problems = [
    ...steps.flatMap((st, i) => st.expect.viol.map((v) => `step ${i}: ${v}`)),
    ...(s.check?.(steps.map((st) => ({ op: st.op, record: st.expect }))) ?? []),
  ];
  if (problems.length > 0) throw new ScenarioError(`${s.name}-${seed}: the model's own run breaks the scenario:\n  ${problems.join('\n  ')}`);
  return { schema: 1, name: `${s.name}-${seed}`, scenario: s.name, seed, device: spec, steps };
}
