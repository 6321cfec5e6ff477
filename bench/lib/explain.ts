import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseSource } from '../../src/parse/parse-source.js';
import type { MacroShapes } from '../../src/parse/macro-shapes.js';
import type { Site } from './sites.js';

/** Why a tool can miss a site that another tool rewrote: a fact about the site, checked in the original. */
export type Reason = 'in a #define body' | 'in a non-UTF-8 file' | 'in an #if 0 block' | 'in a tree-sitter ERROR region' | 'file not written (ours: errors)' | 'other';

/** Classifies sites by the first reason that holds, for the printed explanation of every miss. */
export function explainSites(root: string, sites: readonly Site[], shapes: MacroShapes, unwritten: ReadonlySet<string>): Map<Reason, Site[]> {
  const out = new Map<Reason, Site[]>();
  const byFile = new Map<string, Site[]>();
  for (const s of sites) byFile.set(s.file, [...(byFile.get(s.file) ?? []), s]);
  for (const [file, list] of byFile) {
    const bytes = readFileSync(join(root, file));
    const text = bytes.toString('latin1');
    const utf8 = isUtf8(bytes);
    const if0 = ifZeroRanges(text);
    let errors: { start: number; end: number }[] | undefined;
    for (const s of list) {
      let reason: Reason = 'other';
      if (unwritten.has(file)) reason = 'file not written (ours: errors)';
      else if (inDefine(text, s.offset)) reason = 'in a #define body';
      else if (!utf8) reason = 'in a non-UTF-8 file';
      else if (if0.some((r) => r.start <= s.offset && s.offset < r.end)) reason = 'in an #if 0 block';
      else {
        errors ??= parseSource(file, text, shapes, { macroBodies: false }).problems.filter((p) => p.kind === 'error');
        if (errors.some((r) => r.start <= s.offset && s.offset < r.end)) reason = 'in a tree-sitter ERROR region';
      }
      out.set(reason, [...(out.get(reason) ?? []), s]);
    }
  }
  return out;
}

function isUtf8(bytes: Buffer): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/** Whether `offset` lies on a `#define` line or one of its backslash-continued lines. */
function inDefine(text: string, offset: number): boolean {
  let start = text.lastIndexOf('\n', offset - 1) + 1;
  while (start >= 2 && text[start - 2] === '\\') start = text.lastIndexOf('\n', start - 2) + 1;
  return /^\s*#\s*define\b/.test(text.slice(start, start + 200));
}

/** Ranges of `#if 0` ... matching `#else`/`#elif`/`#endif`, nesting counted. */
function ifZeroRanges(text: string): { start: number; end: number }[] {
  const ranges: { start: number; end: number }[] = [];
  const stack: { zero: boolean; start: number }[] = [];
  for (const m of text.matchAll(/^[ \t]*#[ \t]*(if|ifdef|ifndef|elif|else|endif)\b(.*)$/gm)) {
    const [, kw, rest] = m;
    if (kw === 'if' || kw === 'ifdef' || kw === 'ifndef') stack.push({ zero: kw === 'if' && /^\s*0\s*(\/[*/].*)?$/.test(rest!), start: m.index });
    else {
      const top = stack[stack.length - 1];
      if (top?.zero) ranges.push({ start: top.start, end: m.index });
      if (kw === 'endif') stack.pop();
      else if (top) top.zero = false;
    }
  }
  return ranges;
}
