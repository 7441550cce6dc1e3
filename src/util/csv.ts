/**
 * The one CSV writer of the app and the runner (RFC 4180 + OWASP "CSV injection" neutralising).
 *
 * - Records end in CRLF; a field holding a comma, quote, CR or LF, or with leading/trailing white space, is quoted
 *   and its quotes doubled.
 * - Numbers the app writes from numeric values are written as numbers (`-0.5`, `1e-7`); NaN and ±Infinity are empty
 *   cells. A number cannot start a formula, so it is never prefixed: a negative metric stays a number.
 * - Every text cell (dataset text, run names, column names from imported bundles, header cells) that a spreadsheet
 *   could read as a formula gets a leading apostrophe: text starting with `=`, `+`, `-`, `@`, tab, CR or LF, or with
 *   white space followed by one of `= + - @`. Text that merely looks like a number (`"-0.5"` from a dataset) is
 *   still text and is neutralised too: only the writer's own numbers are trusted.
 */
export type CsvCell = string | number | boolean | null | undefined;

const FORMULA_START = /^(?:[=+\-@\t\r\n]|\s+[=+\-@])/;
const NEEDS_QUOTES = /[",\r\n]|^\s|\s$/;

/** Text a spreadsheet would not run as a formula: a leading apostrophe where it could. */
export function neutralizeFormula(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/** One CSV field (see the module comment for the rules). */
export function csvCell(value: CsvCell): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'boolean') return String(value);
  const text = neutralizeFormula(value);
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** A whole CSV text: the header row, then one record per row, each ending in CRLF. */
export function toCsv(header: readonly string[], rows: readonly (readonly CsvCell[])[]): string {
  const lines = [header, ...rows].map((row) => row.map(csvCell).join(','));
  return lines.join('\r\n') + '\r\n';
}
