// Proves CSV output follows RFC 4180 and cannot smuggle spreadsheet formulas, while numbers stay numbers.
import { describe, expect, it } from 'vitest';
import { csvCell, toCsv } from '../../functions/http/csv.js';

describe('csv', () => {
  it.each([
    ['=HYPERLINK("http://x")', `"'=HYPERLINK(""http://x"")"`],
    ['+1+1', "'+1+1"],
    ['-2+3', "'-2+3"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tTab', "'\tTab"],
  ])('escapes the formula %s', (input, expected) => {
    expect(csvCell(input)).toBe(expected);
  });

  it.each([
    ['-12.50', '-12.50'],
    ['945.00', '945.00'],
    ['Sunshine Play CIC', 'Sunshine Play CIC'],
  ])('leaves %s as it is', (input, expected) => {
    expect(csvCell(input)).toBe(expected);
  });

  it('quotes commas, quotes and line breaks, and ends every record with CRLF', () => {
    expect(toCsv(['a', 'b'], [{ a: 'x,y', b: 'say "hi"\nthen' }, { a: 1 }])).toBe(
      'a,b\r\n"x,y","say ""hi""\nthen"\r\n1,\r\n',
    );
  });
});
