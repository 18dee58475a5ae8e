/**
 * A plain table uploaded as .xlsx or .csv (the units upload, the accounts upload): its rows as
 * text, each with the number the person sees beside it in the file. The workbook goes through
 * the same guards as the entry workbooks (zip-guard.ts: size, shape, inflated size; the
 * streaming reader's limits); a file that cannot be read is refused as a whole, on row 0.
 */
import { RowProblemsError, formatNumber, parseCsvRows, DomainError, type CsvRow, type RowProblem } from '@giaoban/core';
import { XlsxReader, XlsxRefused, type XlsxCell } from './xlsx-reader.ts';
import { ZipRefused, checkZip } from './zip-guard.ts';

export type TableFileKind = 'xlsx' | 'csv';

export interface TableFileLimits {
  /** Largest file, in bytes. */
  readonly maxBytes: number;
  /** Most rows (the header included). */
  readonly maxRows: number;
  /** Most bytes a workbook may inflate to. */
  readonly maxUnzippedBytes: number;
}

export const DEFAULT_TABLE_FILE_LIMITS: TableFileLimits = Object.freeze({ maxBytes: 5 * 1024 * 1024, maxRows: 20_000, maxUnzippedBytes: 50 * 1024 * 1024 });

const refuse = (message: string, messageEn: string): never => {
  throw new RowProblemsError([{ line: 0, column: 'file', message, messageEn }]);
};

const mb = (bytes: number) => (bytes >= 1024 * 1024 ? `${formatNumber(bytes / (1024 * 1024), 1)} MB` : `${formatNumber(Math.ceil(bytes / 1024), 0)} KB`);

const CELL_PROBLEMS = {
  formula: ['Ô chứa công thức; hãy dán giá trị thay cho công thức.', 'The cell holds a formula; paste its value instead.'],
  date: ['Ô chứa ngày tháng; hãy nhập dạng văn bản.', 'The cell holds a date; type it as text.'],
  boolean: ['Ô chứa giá trị đúng/sai; hãy nhập dạng văn bản.', 'The cell holds TRUE/FALSE; type it as text.'],
  error: ['Ô chứa giá trị lỗi.', 'The cell holds an error value.'],
} as const;

const letter = (column: number): string => {
  let s = '';
  for (let n = column; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
};

/**
 * The rows of the file (blank rows left out); throws RowProblemsError for a file that is
 * empty, too large, not a workbook or CSV, or whose cells hold formulas, dates or errors.
 */
export async function readTableFile(bytes: Buffer, kind: TableFileKind, limits: TableFileLimits = DEFAULT_TABLE_FILE_LIMITS): Promise<CsvRow[]> {
  if (bytes.length === 0) refuse('Tệp rỗng.', 'The file is empty.');
  if (bytes.length > limits.maxBytes) {
    refuse(`Tệp nặng ${mb(bytes.length)}, vượt giới hạn ${mb(limits.maxBytes)}.`, `The file is ${mb(bytes.length)}, over the ${mb(limits.maxBytes)} limit.`);
  }
  const rows = kind === 'csv' ? readCsv(bytes) : await readXlsx(bytes, limits);
  if (rows.length > limits.maxRows) {
    refuse(`Tệp có ${formatNumber(rows.length)} dòng, vượt giới hạn ${formatNumber(limits.maxRows)} dòng.`, `The file has ${rows.length} rows, over the limit of ${limits.maxRows}.`);
  }
  return rows;
}

function readCsv(bytes: Buffer): CsvRow[] {
  // A zip (an .xlsx sent as CSV) or other binary is not text a person typed.
  if (bytes.subarray(0, 2).toString('latin1') === 'PK' || bytes.includes(0)) {
    refuse('Tệp không phải tệp CSV (văn bản): hãy lưu bảng tính dưới dạng CSV UTF-8 hoặc tải lên tệp .xlsx.', 'The file is not CSV text: save the sheet as CSV UTF-8 or upload the .xlsx.');
  }
  try {
    return parseCsvRows(bytes.toString('utf8'));
  } catch (error) {
    if (error instanceof DomainError) return refuse(error.message, error.messageEn);
    throw error;
  }
}

async function readXlsx(bytes: Buffer, limits: TableFileLimits): Promise<CsvRow[]> {
  try {
    await checkZip(bytes, { maxUnzippedBytes: limits.maxUnzippedBytes, maxEntries: 1_000 });
    const book = await XlsxReader.open(bytes, {
      maxEntries: 1_000, maxSharedStrings: 20 * limits.maxRows + 1_000, maxSharedStringChars: 400 * limits.maxRows + 100_000, maxTextChars: 32_767,
    });
    const sheet = book.sheets.find((s) => s.part !== null);
    if (!sheet) return refuse('Bảng tính không có trang nào.', 'The workbook has no sheet.');
    const rows: CsvRow[] = [];
    const problems: RowProblem[] = [];
    let current: string[] = [];
    await book.readSheet(sheet, {
      cell(_row: number, column: number, value: XlsxCell) {
        while (current.length < column - 1) current.push('');
        if ('text' in value) current[column - 1] = value.text;
        else if ('number' in value) current[column - 1] = String(value.number);
        else {
          const [message, messageEn] = CELL_PROBLEMS[value.problem];
          problems.push({ line: _row, column: letter(column), message: `Ô ${letter(column)}${_row}: ${message}`, messageEn: `Cell ${letter(column)}${_row}: ${messageEn}` });
        }
      },
      rowEnd(row: number) {
        if (current.some((f) => f.trim() !== '')) rows.push({ line: row, fields: current });
        current = [];
        return rows.length <= limits.maxRows;
      },
    });
    if (problems.length > 0) throw new RowProblemsError(problems);
    return rows;
  } catch (error) {
    if (error instanceof ZipRefused) {
      switch (error.problem.kind) {
        case 'too_large_unzipped':
          return refuse(`Nội dung tệp khi giải nén vượt ${mb(error.problem.limit)} (có thể là tệp nén độc hại); tệp bị từ chối.`, `The file inflates to more than ${mb(error.problem.limit)} (possibly a zip bomb); it is refused.`);
        case 'unsupported':
          return refuse('Tệp dùng định dạng nén không được hỗ trợ; hãy lưu lại bằng Excel hoặc LibreOffice.', 'The file uses an unsupported compression; save it again with Excel or LibreOffice.');
        default:
          return refuse('Tệp không phải bảng tính Excel (.xlsx): hãy lưu lại dưới dạng .xlsx hoặc CSV rồi tải lên.', 'The file is not an Excel workbook (.xlsx): save it as .xlsx or CSV and upload it again.');
      }
    }
    if (error instanceof XlsxRefused) {
      return refuse('Không đọc được tệp: tệp không phải bảng tính Excel (.xlsx) hợp lệ hoặc quá lớn.', 'The file could not be read: it is not a valid Excel workbook (.xlsx), or it is too large.');
    }
    throw error;
  }
}
