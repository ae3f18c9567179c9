/**
 * The uploaded audience: a CSV with a header line, `account` required, `date` optional (e.g. the
 * restriction date of a notice). Separator `,` or `;` (Excel in a Russian locale writes `;`),
 * quotes as in RFC 4180. Every bad row is reported with its line number; nothing is dropped
 * silently — an upload with errors is refused whole.
 */
export interface CsvAudienceRow {
  line: number;
  account: string;
  variables: { date?: string };
}

export interface CsvRowError {
  line: number;
  message: string;
}

export interface CsvAudienceParse {
  rows: CsvAudienceRow[];
  errors: CsvRowError[];
}

const ACCOUNT = /^\d{6,20}$/;
const DATE = /^\d{2}\.\d{2}\.\d{4}$/;
const KNOWN_COLUMNS = new Set(['account', 'date']);

function splitLine(line: string, separator: string): string[] | undefined {
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const char = line[i]!;
    if (quoted) {
      if (char === '"' && line[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (char === '"') quoted = false;
      else cell += char;
    } else if (char === '"' && cell === '') quoted = true;
    else if (char === separator) {
      cells.push(cell.trim());
      cell = '';
    } else cell += char;
  }
  if (quoted) return undefined;
  cells.push(cell.trim());
  return cells;
}

function parseRow(
  raw: string,
  line: number,
  columns: readonly string[],
  separator: string,
  seen: ReadonlyMap<string, number>,
): CsvAudienceRow | CsvRowError {
  const cells = splitLine(raw, separator);
  if (!cells) return { line, message: 'Незакрытая кавычка' };
  if (cells.length !== columns.length) {
    return { line, message: `Ожидалось столбцов: ${columns.length}, в строке: ${cells.length}` };
  }
  const value = (name: string) => cells[columns.indexOf(name)] ?? '';
  const account = value('account');
  const date = columns.includes('date') ? value('date') : '';
  if (!ACCOUNT.test(account)) return { line, message: `Неверный номер лицевого счёта «${account}»` };
  if (date !== '' && !DATE.test(date)) {
    return { line, message: `Неверная дата «${date}», нужен формат ДД.ММ.ГГГГ` };
  }
  const earlier = seen.get(account);
  if (earlier !== undefined)
    return { line, message: `Лицевой счёт ${account} уже указан в строке ${earlier}` };
  return { line, account, variables: date ? { date } : {} };
}

export function parseAudienceCsv(text: string): CsvAudienceParse {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const header = lines[0] ?? '';
  const separator = header.includes(';') ? ';' : ',';
  const columns = (splitLine(header, separator) ?? []).map((c) => c.toLowerCase());
  const errors: CsvRowError[] = [];
  if (!columns.includes('account')) {
    return {
      rows: [],
      errors: [{ line: 1, message: 'В заголовке нет столбца «account» (номер лицевого счёта)' }],
    };
  }
  for (const column of columns) {
    if (!KNOWN_COLUMNS.has(column)) errors.push({ line: 1, message: `Неизвестный столбец «${column}»` });
  }
  const rows: CsvAudienceRow[] = [];
  const seen = new Map<string, number>();
  lines.slice(1).forEach((raw, index) => {
    const line = index + 2;
    if (raw.trim() === '') return;
    const row = parseRow(raw, line, columns, separator, seen);
    if ('message' in row) errors.push(row);
    else {
      seen.set(row.account, line);
      rows.push(row);
    }
  });
  if (rows.length === 0 && errors.length === 0)
    errors.push({ line: 1, message: 'В файле нет ни одной строки' });
  return { rows, errors };
}
