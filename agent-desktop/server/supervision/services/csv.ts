/**
 * CSV as Russian Excel opens it by double-click: UTF-8 with a BOM (else Cyrillic is garbled),
 * `;` between fields (the comma is the decimal separator), CRLF line ends.
 */
export type CsvCell = string | number | null | undefined;

const BOM = '\uFEFF';

function cell(value: CsvCell): string {
  if (value === null || value === undefined) return '';
  const text = typeof value === 'number' ? String(value).replace('.', ',') : value;
  // A leading =, +, - or @ would make Excel run it as a formula (CSV injection).
  const safe = typeof value === 'string' && /^[=+\-@]/.test(text) ? `'${text}` : text;
  return /[;"\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

export function toCsv(header: readonly string[], rows: readonly (readonly CsvCell[])[]): string {
  return BOM + [header, ...rows].map((row) => row.map(cell).join(';')).join('\r\n') + '\r\n';
}

/** A file name a browser saves as is: `<report>_<from>_<to>.csv`. */
export function csvFileName(report: string, from: string, to: string): string {
  return `${report}_${from}_${to}.csv`;
}
