/** A rule as loaded from rules/<area>/<name>.yml (see rules/README.md for the format). */
export type RenameKind = 'identifier' | 'type' | 'field' | 'macro' | 'label';

export interface RuleScope {
  /** Driver modules the rule applies to; undefined = every file (the general rules). */
  drivers?: string[];
  /** Base names of files the rule applies to; undefined = every file. */
  files?: string[];
  /** Driver modules the rule does not apply to (another rule handles them). */
  excludeDrivers?: string[];
}

export interface RuleExample {
  name: string;
  before: string;
  after?: string;
  unchanged?: boolean;
  /** File name the example pretends to be (scope checks); default example.c */
  file?: string;
  driver?: string;
}

export interface PatternRewrite {
  match: string;
  replace: string;
  /** Where the match pattern is parsed: in a function body (default), a struct body, or at file scope. */
  context: 'function' | 'struct' | 'file';
  /** Conditions on captures: regex the capture's text must (or must not) match. */
  where: Record<string, { regex?: RegExp; notRegex?: RegExp }>;
}

export interface IncludeMapping {
  /** `<sys/kmem.h>` -> replacement lines (`<sys/malloc.h>` becomes `#include <sys/malloc.h>`; other lines are copied). */
  [header: string]: string[];
}

export interface Rule {
  id: string;
  summary: string;
  see?: string;
  /** Path of the rule file relative to the project root, for diagnostics. */
  file: string;
  /** 1-based line of the rule in its file. */
  line: number;
  scope: RuleScope;
  rename?: { kinds: RenameKind[]; map: Map<string, string>; inside?: string };
  rewrites?: PatternRewrite[];
  include?: Map<string, string[]>;
  examples: RuleExample[];
}

export function ruleApplies(rule: { scope: RuleScope }, driver: string | undefined, fileBase: string): boolean {
  if (rule.scope.drivers && (!driver || !rule.scope.drivers.includes(driver))) return false;
  if (rule.scope.files && !rule.scope.files.includes(fileBase)) return false;
  if (rule.scope.excludeDrivers && driver && rule.scope.excludeDrivers.includes(driver)) return false;
  return true;
}
