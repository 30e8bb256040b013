/**
 * RFC 4180 CSV: CRLF line ends, fields quoted when they hold a comma, quote or line break. A text
 * cell that a spreadsheet would run as a formula (starting = + - @, tab or CR) is prefixed with a
 * single quote; plain numbers such as "-12.50" are left as numbers.
 */

const plainNumber = /^-?[0-9]+(\.[0-9]+)?$/;

export function csvCell(value: unknown): string {
  let text =
    value === undefined || value === null
      ? ''
      : typeof value === 'object'
        ? JSON.stringify(value)
        : String(value);
  if (/^[=+\-@\t\r]/.test(text) && !plainNumber.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function toCsv(header: readonly string[], rows: ReadonlyArray<Record<string, unknown>>): string {
  const records = [header, ...rows.map((r) => header.map((h) => r[h]))].map((row) =>
    row.map(csvCell).join(','),
  );
  return records.map((record) => `${record}\r\n`).join('');
}
