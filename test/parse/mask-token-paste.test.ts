import { describe, expect, it } from 'vitest';
import { loadProject } from '../../src/cli/project.js';
import { codeMask } from '../../src/parse/code-spans.js';
import { maskTokenPastes } from '../../src/parse/mask-token-paste.js';
import { parseSource } from '../../src/parse/parse-source.js';

const mask = (text: string): string => {
  const chars = text.split('');
  maskTokenPastes(chars, text, codeMask(text));
  return chars.join('');
};

describe('token-paste masking', () => {
  it('joins `a ## b` into one identifier of the same length', () => {
    const text = 'sc->sc_ ##map = BUS_DMA_ ## rw;';
    expect(mask(text)).toBe('sc->sc____map = BUS_DMA_____rw;');
    expect(mask(text)).toHaveLength(text.length);
  });

  it('leaves `##` in strings and comments alone', () => {
    const text = 'f("a ## b"); /* x ## y */';
    expect(mask(text)).toBe(text);
  });

  it('lets a token-pasting #define body parse, so rules reach it; captures keep the paste', () => {
    const text = '#define D(map) do { if (sc->sc_ ##map) free(sc->sc_ ##map); } while (0)\n';
    const file = parseSource('x.c', text, loadProject().shapes);
    expect(file.problems).toEqual([]);
    const body = file.fragments.find((f) => f.kind === 'macro-body')!;
    const call = body.tree.rootNode.descendantsOfType('call_expression')[0]!;
    const arg = call.childForFieldName('arguments')!.namedChild(0)!;
    expect(text.slice(arg.startIndex + body.offset, arg.endIndex + body.offset)).toBe('sc->sc_ ##map');
  });
});
