import { parseC, type SyntaxNode } from '../../parse/tree-sitter-c.js';
import { evaluateConstExpr } from './const-expr.js';

/** One integer `#define` of a C header or source. */
export interface CDefine {
  name: string;
  value: bigint;
  /** The expression as written, for the generated file's comments. */
  text: string;
  line: number;
}

export interface CField {
  name: string;
  offset: number;
  /** Bytes of the whole field (0 for a flexible `ring[0]` array). */
  size: number;
  /** For arrays: size of one element. */
  elementSize?: number;
}

export interface CStruct {
  name: string;
  size: number;
  packed: boolean;
  fields: CField[];
  line: number;
}

const SCALARS: Record<string, number> = {
  uint8_t: 1, int8_t: 1, uint16_t: 2, int16_t: 2, uint32_t: 4, int32_t: 4, uint64_t: 8, int64_t: 8,
};

/** Integer defines whose name passes `keep`, in file order; defines that are not integer expressions are skipped. */
export function extractDefines(text: string, keep: (name: string) => boolean): CDefine[] {
  const root = parseC(text).rootNode;
  const known = new Map<string, bigint>();
  const out: CDefine[] = [];
  for (const def of root.descendantsOfType('preproc_def')) {
    const name = def.childForFieldName('name')?.text;
    const expr = def.childForFieldName('value')?.text.trim();
    if (!name || !expr) continue;
    const value = evaluateConstExpr(expr, known);
    if (value === undefined) continue;
    known.set(name, value);
    if (keep(name)) out.push({ name, value, text: expr, line: def.startPosition.row + 1 });
  }
  return out;
}

/**
 * Layouts of the named structs. Fields are the struct's direct members (a member under `#if 0`
 * is not one); `__packed` (parsed as the declaration's declarator) selects packed layout, else
 * natural alignment as on LP64.
 */
export function extractStructs(text: string, names: readonly string[]): CStruct[] {
  const root = parseC(text).rootNode;
  const done = new Map<string, CStruct>();
  for (const spec of root.descendantsOfType('struct_specifier')) {
    const name = spec.childForFieldName('name')?.text;
    const body = spec.childForFieldName('body');
    if (!name || !body || !names.includes(name)) continue;
    // `struct x {...} __packed;` parses as a declaration whose declarator is __packed
    const decl = spec.parent?.type === 'declaration' ? spec.parent : undefined;
    const packed = decl?.childrenForFieldName('declarator').some((d) => d.text === '__packed') ?? false;
    done.set(name, layout(name, body, packed, done, spec.startPosition.row + 1));
  }
  const missing = names.filter((n) => !done.has(n));
  if (missing.length > 0) throw new Error(`struct(s) not found: ${missing.join(', ')}`);
  return names.map((n) => done.get(n)!);
}

function layout(name: string, body: SyntaxNode, packed: boolean, known: ReadonlyMap<string, CStruct>, line: number): CStruct {
  const fields: CField[] = [];
  let offset = 0;
  let maxAlign = 1;
  for (const member of body.namedChildren.filter((c) => c.type === 'field_declaration')) {
    const typeNode = member.childForFieldName('type')!;
    const elem = typeNode.type === 'struct_specifier' ? known.get(typeNode.childForFieldName('name')?.text ?? '') : undefined;
    const elemSize = elem ? elem.size : SCALARS[typeNode.text];
    if (elemSize === undefined) throw new Error(`${name}: unsupported member type '${typeNode.text}'`);
    if (elem && !packed) throw new Error(`${name}: struct member '${member.text}' in a non-packed struct (alignment not modelled)`);
    const align = packed ? 1 : elemSize;
    let declarator = member.childForFieldName('declarator')!;
    let count = 1;
    let isArray = false;
    if (declarator.type === 'array_declarator') {
      isArray = true;
      count = Number(declarator.childForFieldName('size')?.text ?? '0');
      declarator = declarator.childForFieldName('declarator')!;
    }
    offset = Math.ceil(offset / align) * align;
    maxAlign = Math.max(maxAlign, align);
    const field: CField = { name: declarator.text, offset, size: elemSize * count };
    if (isArray) field.elementSize = elemSize;
    fields.push(field);
    offset += elemSize * count;
  }
  return { name, size: Math.ceil(offset / maxAlign) * maxAlign, packed, fields, line };
}
