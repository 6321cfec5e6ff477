import { describe, expect, it } from 'vitest';
import { makeFailed, makeFailureDiagnostic } from '../../../src/verify/build/make-failure.js';

describe('make failure detection', () => {
  it('sees a failure that bmake -k reports with exit status 0', () => {
    expect(makeFailed(0, "false\n*** Error code 1 (continuing)\n`all' not remade because of errors.\n")).toBe(true);
    expect(makeFailed(0, 'cc -c x.c\n')).toBe(false);
    expect(makeFailed(2, '')).toBe(true);
  });

  it('turns bmake complaints into one error', () => {
    const log = 'bmake: don\'t know how to make nosuch_if.h. Stop\n\nbmake: stopped in /m\n';
    const d = makeFailureDiagnostic(log, { exitCode: 2, timedOut: false });
    expect(d).toMatchObject({ file: 'Makefile', line: 0, severity: 'error' });
    expect(d.message).toBe("bmake failed (exit 2): don't know how to make nosuch_if.h. Stop");
  });

  it('reports a timeout as such', () => {
    expect(makeFailureDiagnostic('', { exitCode: undefined, timedOut: true }).message).toMatch(/timed out/);
  });
});
