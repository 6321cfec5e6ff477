import type { MacroShapes } from '../parse/macro-shapes.js';
import { translateFile } from '../translate/translate-file.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { ModulePlan } from '../emit/module-plan.js';
import type { Rule, RuleExample } from './rule.js';

const PREFIX = 'void\n__example(void)\n{\n';
const SUFFIX = '}\n';

/** Statement examples are run inside a function body; include and file/struct-level examples as they are. */
function wrapsInFunction(rule: Rule, example: RuleExample): boolean {
  if (rule.include || /^\s*#/.test(example.before)) return false;
  if (rule.rewrites?.every((r) => r.context !== 'function')) return false;
  return true;
}

const indent = (s: string): string => s.replace(/^(?=.)/gm, '\t');
const dedent = (s: string): string => s.replace(/^\t/gm, '');

/**
 * Runs one rule (alone) on one of its examples, as the file and driver the example names (default:
 * the rule's own scope), and returns the text to compare with `after`.
 */
export function runRuleExample(rule: Rule, example: RuleExample, shapes: MacroShapes): { output: string; diagnostics: Diagnostic[] } {
  const wrap = wrapsInFunction(rule, example);
  const input = wrap ? PREFIX + indent(example.before) + SUFFIX : example.before;
  const driver = example.driver ?? rule.scope.drivers?.[0];
  const file = example.file ?? rule.scope.files?.[0] ?? 'example.c';
  const module: ModulePlan | undefined = driver
    ? { name: driver, kmod: driver, driver, parent: 'virtiobus', bus: false, sources: [], headers: [], interfaces: [] }
    : undefined;
  const t = translateFile(`examples/${file}`, input, { rules: [rule], transforms: [], shapes, module, modules: [] });
  let output = t.output.text;
  if (wrap && output.startsWith(PREFIX) && output.endsWith(SUFFIX)) output = dedent(output.slice(PREFIX.length, output.length - SUFFIX.length));
  return { output, diagnostics: t.diagnostics.filter((d) => d.severity !== 'note') };
}
