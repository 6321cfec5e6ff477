import { codeMask } from './code-spans.js';
import type { MacroShapes } from './macro-shapes.js';
import { maskTokenPastes } from './mask-token-paste.js';
import { maskDefineComments } from './mask-define-comments.js';
import { maskOffsetofDesignators } from './mask-offsetof.js';

/** A macro invocation the masker rewrote; rename rules reach its name through this site. */
export interface MacroSite {
  name: string;
  nameStart: number;
  nameEnd: number;
  shape: 'foreach' | 'anonymous-type' | 'type-argument';
  /** type-argument: the masked type; renames reach its names token by token. */
  type?: { start: number; end: number };
}

/**
 * Rewrites known macro invocations into plain C of exactly the same length (see
 * rules/macro-shapes.yml), so tree offsets stay offsets into the original text. Token pastes
 * (`##`) in #define bodies are masked too (mask-token-paste.ts), as are comments that break a
 * #define line (mask-define-comments.ts) and offsetof member designators (mask-offsetof.ts).
 */
export function maskMacros(text: string, shapes: MacroShapes): { masked: string; sites: MacroSite[] } {
  // Sparse: only masked positions are set (a per-character array of a large file cost more than
  // the masking); the maskers only write to it.
  const chars: string[] = [];
  const code = codeMask(text);
  const sites: MacroSite[] = [];
  for (const m of text.matchAll(shapeNames(shapes))) {
    const name = m[0];
    const start = m.index;
    const shape = shapes.foreach.has(name) ? 'foreach' : shapes.anonymousType.has(name) ? 'anonymous-type' : shapes.typeArgument.has(name) ? 'type-argument' : undefined;
    if (!shape || !code[start]) continue;
    const open = skipSpace(text, start + name.length);
    if (text[open] !== '(') continue;
    const commas = topLevelCommas(text, code, open);
    if (!commas) continue;
    if (shape === 'foreach') {
      if (commas.list.length < 2) continue;
      chars[start] = 'f';
      chars[start + 1] = 'o';
      chars[start + 2] = 'r';
      for (let i = start + 3; i < start + name.length; i++) chars[i] = ' ';
      chars[commas.list[0]!] = ';';
      chars[commas.list[commas.list.length - 1]!] = ';';
    } else if (shape === 'anonymous-type') {
      const first = commas.list[0];
      if (first === undefined || text.slice(open + 1, first).trim() !== '') continue;
      chars[first] = ' ';
    } else {
      // `mtod(m, struct ip *)`: the type becomes one identifier of the same length, so the call
      // parses (a type is no expression); a plain type name parses as it is.
      const type = trimmed(text, (commas.list[commas.list.length - 1] ?? open) + 1, commas.close);
      if (/^[A-Za-z_]\w*$/.test(text.slice(type.start, type.end)) || !/^[A-Za-z_]/.test(text.slice(type.start, type.end))) continue;
      for (let i = type.start; i < type.end; i++) if (!/\w/.test(text[i]!)) chars[i] = '_';
      sites.push({ name, nameStart: start, nameEnd: start + name.length, shape, type });
      continue;
    }
    sites.push({ name, nameStart: start, nameEnd: start + name.length, shape });
  }
  maskTokenPastes(chars, text, code);
  maskDefineComments(chars, text, code);
  maskOffsetofDesignators(chars, text, code);
  return { masked: withMasks(text, chars), sites };
}

const shapeNamePatterns = new WeakMap<MacroShapes, RegExp>();

/** The known macro names as whole words: the same matches as every upper-case word filtered by name. */
function shapeNames(shapes: MacroShapes): RegExp {
  let re = shapeNamePatterns.get(shapes);
  if (!re) {
    const names = [...shapes.foreach, ...shapes.anonymousType, ...shapes.typeArgument].sort((a, b) => b.length - a.length).map((n) => n.replace(/[^\w]/g, '\\$&'));
    re = names.length > 0 ? new RegExp(`\\b(?:${names.join('|')})\\b`, 'g') : /(?!)/g;
    shapeNamePatterns.set(shapes, re);
  }
  return re;
}

/** `text` with the single characters set in the sparse `chars` (integer keys come in ascending order). */
function withMasks(text: string, chars: string[]): string {
  const parts: string[] = [];
  let pos = 0;
  for (const key of Object.keys(chars)) {
    const i = Number(key);
    parts.push(text.slice(pos, i), chars[i]!);
    pos = i + 1;
  }
  if (pos === 0) return text;
  parts.push(text.slice(pos));
  return parts.join('');
}

function trimmed(text: string, start: number, end: number): { start: number; end: number } {
  while (start < end && /\s/.test(text[start]!)) start++;
  while (end > start && /\s/.test(text[end - 1]!)) end--;
  return { start, end };
}

function skipSpace(text: string, i: number): number {
  while (i < text.length && /\s/.test(text[i]!)) i++;
  return i;
}

/** Offsets of the commas at nesting depth 1 of the parenthesis at `open`, or undefined if unbalanced. */
function topLevelCommas(text: string, code: Uint8Array, open: number): { list: number[]; close: number } | undefined {
  const list: number[] = [];
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (!code[i]) continue;
    const c = text[i];
    if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') {
      depth--;
      if (depth === 0) return { list, close: i };
    } else if (c === ',' && depth === 1) list.push(i);
  }
  return undefined;
}
