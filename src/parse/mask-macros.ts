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
  shape: 'foreach' | 'anonymous-type';
}

/**
 * Rewrites known macro invocations into plain C of exactly the same length (see
 * rules/macro-shapes.yml), so tree offsets stay offsets into the original text. Token pastes
 * (`##`) in #define bodies are masked too (mask-token-paste.ts).
 */
export function maskMacros(text: string, shapes: MacroShapes): { masked: string; sites: MacroSite[] } {
  const chars = text.split('');
  const code = codeMask(text);
  const sites: MacroSite[] = [];
  for (const m of text.matchAll(/\b[A-Z_][A-Z0-9_]*\b/g)) {
    const name = m[0];
    const start = m.index;
    const shape = shapes.foreach.has(name) ? 'foreach' : shapes.anonymousType.has(name) ? 'anonymous-type' : undefined;
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
    } else {
      const first = commas.list[0];
      if (first === undefined || text.slice(open + 1, first).trim() !== '') continue;
      chars[first] = ' ';
    }
    sites.push({ name, nameStart: start, nameEnd: start + name.length, shape });
  }
  maskTokenPastes(chars, text, code);
  maskDefineComments(chars, text, code);
  maskOffsetofDesignators(chars, text, code);
  return { masked: chars.join(''), sites };
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
