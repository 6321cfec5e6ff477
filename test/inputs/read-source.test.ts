import { chmod, writeFile } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import path from 'node:path';
import Parser from 'tree-sitter';
import C from 'tree-sitter-c';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/inputs/input-error.js';
import { decodeText, encodeText, readSourceFile, readSourceFileSync } from '../../src/inputs/read-source.js';
import { tempDir } from './helpers.js';

// "/* Jérôme Müller */\r\n" in ISO-8859-1 (é=E9, ô=F4, ü=FC), then an invalid UTF-8 sequence in a
// string, a lone CR, a NUL and a byte of every value, so nothing can round-trip by luck.
const header = Buffer.concat([
  Buffer.from('/* J'),
  Buffer.from([0xe9]),
  Buffer.from('r'),
  Buffer.from([0xf4]),
  Buffer.from('me M'),
  Buffer.from([0xfc]),
  Buffer.from('ller */\r\n'),
]);
const body = Buffer.from('static const char s[] = "\xc3\x28\xff";\r\nint answer = 42;\rint z;\n\0', 'latin1');
const allBytes = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
const sample = Buffer.concat([header, body, Buffer.from('/* '), allBytes, Buffer.from(' */\r\n')]);

describe('readSourceFile', () => {
  it('round-trips ISO-8859-1 bytes and CRLF exactly, with string index == byte offset', async () => {
    const file = path.join(await tempDir(), 'latin1.c');
    await writeFile(file, sample);
    const src = await readSourceFile(file);
    expect(src.path).toBe(file);
    expect(src.bytes.equals(sample)).toBe(true);
    expect(src.text.length).toBe(sample.length);
    expect(src.text.startsWith('/* Jérôme Müller */\r\n')).toBe(true);
    expect(src.text.indexOf('answer')).toBe(sample.indexOf('answer'));
    expect(encodeText(src.text).equals(sample)).toBe(true);
    expect(src.sha256).toBe(createHash('sha256').update(sample).digest('hex'));
    expect(readSourceFileSync(file)).toEqual(src);
  });

  it('gives tree-sitter positions that are byte offsets', async () => {
    const file = path.join(await tempDir(), 'ts.c');
    // Old files mix ISO-8859-1 and UTF-8; add a UTF-8 "ë" (2 bytes, 1 UTF-16 unit once decoded).
    await writeFile(file, Buffer.concat([header, Buffer.from('/* Zoë */\n', 'utf8'), body]));
    const src = await readSourceFile(file);
    const parser = new Parser();
    parser.setLanguage(C as unknown as Parser.Language);
    const tree = parser.parse(src.text);
    const id = tree.rootNode.descendantsOfType('identifier').find((n) => n.text === 'answer');
    expect(id?.startIndex).toBe(src.bytes.indexOf('answer'));
    // A UTF-8 decode of the same bytes shifts every later index by one: the reason for latin1.
    expect(src.bytes.toString('utf8').indexOf('answer')).toBe(id!.startIndex - 1);
  });

  it('encodeText refuses characters that are not bytes instead of truncating them', () => {
    expect(() => encodeText('ok \u2014 no')).toThrow(/U\+2014 at index 3/);
    expect(encodeText(decodeText(allBytes)).equals(allBytes)).toBe(true);
  });

  it('throws a diagnostic naming a missing file', async () => {
    const file = path.join(await tempDir(), 'nope.c');
    const e = await readSourceFile(file).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(InputError);
    expect((e as InputError).diagnostics[0]).toMatchObject({ code: 'PV4002', file, line: 1, column: 1 });
    expect(() => readSourceFileSync(file, 'shown/as.c')).toThrow('shown/as.c:1:1: error: PV4002: file not found');
  });

  it.skipIf(process.getuid?.() === 0)('throws a diagnostic naming an unreadable file', async () => {
    const file = path.join(await tempDir(), 'secret.c');
    await writeFile(file, 'x');
    await chmod(file, 0o000);
    await expect(readSourceFile(file)).rejects.toThrow(`${file}:1:1: error: PV4004: cannot read file: EACCES`);
  });

  it('throws a diagnostic for a directory in place of a file', async () => {
    const dir = await tempDir();
    await expect(readSourceFile(dir)).rejects.toThrow(`${dir}:1:1: error: PV4004: cannot read file: EISDIR`);
  });
});
