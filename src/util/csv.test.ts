import { describe, expect, it } from 'vitest';
import { csvCell, neutralizeFormula, toCsv } from './csv';

describe('shared CSV writer', () => {
  it('quotes fields with commas, quotes, CR/LF or edge spaces, doubling quotes; leaves plain fields bare', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell('cr\rhere')).toBe('"cr\rhere"');
    expect(csvCell('trail ')).toBe('"trail "');
    expect(csvCell(null)).toBe('');
    expect(csvCell(undefined)).toBe('');
    expect(csvCell(true)).toBe('true');
    expect(toCsv(['a', 'b,c'], [[1, 'x,y']])).toBe('a,"b,c"\r\n1,"x,y"\r\n');
  });

  it('neutralises every text cell a spreadsheet would run as a formula (OWASP list)', () => {
    const hostile = ['=1+1', '+1', '-2+3', '@SUM(A1)', '\t=x', '\rx', '\nx', '  =cmd', ' @x', '=HYPERLINK("http://x")'];
    for (const text of hostile) expect(neutralizeFormula(text)).toBe(`'${text}`);
    expect(csvCell('=1+1')).toBe("'=1+1");
    expect(csvCell('-2+3')).toBe("'-2+3");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('\t=x')).toBe("'\t=x");
    expect(csvCell('=HYPERLINK("x"),1')).toBe('"\'=HYPERLINK(""x""),1"');
    expect(csvCell('  =cmd')).toBe("'  =cmd");
    // harmless text stays as it was
    for (const text of ['a=b', 'x-y', 'mail@host', '', 'threshold=-0.5']) expect(neutralizeFormula(text)).toBe(text);
  });

  it('keeps numbers the app writes as numbers (negative too); text that looks like a number is still text', () => {
    expect(csvCell(-0.5)).toBe('-0.5');
    expect(csvCell(1e-7)).toBe('1e-7');
    expect(csvCell(-3)).toBe('-3');
    expect(csvCell(Number.NaN)).toBe('');
    expect(csvCell(Number.POSITIVE_INFINITY)).toBe('');
    expect(csvCell('-0.5')).toBe("'-0.5");
  });

  it('neutralises header cells too', () => {
    expect(toCsv(['=cmd|calc', 'ok'], [])).toBe("'=cmd|calc,ok\r\n");
  });
});
