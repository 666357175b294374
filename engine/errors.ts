// Errors a user can act on. Everything SeqLab reports about bad input is a SeqLabError: it names where
// (file, row, column or JSON path) and what was expected. Anything else that escapes is an internal bug.

export type ErrorCode =
  | 'BAD_ARGUMENT' // a CLI flag or API argument is wrong
  | 'BAD_CONFIG' // a .seqlab.json fails the schema or a semantic check
  | 'BAD_DATA' // a CSV or text file cannot be used as given
  | 'BAD_MODEL' // an ONNX file or checkpoint is malformed or not one SeqLab can run
  | 'IO' // a file cannot be read or written
  | 'DIVERGED' // training produced a non-finite loss or gradient
  | 'STOPPED' // the user stopped the run
  | 'UNAVAILABLE'; // a platform feature (e.g. onnxruntime's binary) is missing

export interface ErrorWhere {
  file?: string;
  /** 1-based data row (header excluded) or line. */
  row?: number;
  /** Column name or 1-based index. */
  column?: string | number;
  /** JSON path, e.g. `/training/batchSize`. */
  path?: string;
}

export class SeqLabError extends Error {
  override readonly name = 'SeqLabError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly where: ErrorWhere = {},
    readonly hint?: string,
  ) {
    super(message);
  }

  /** One line a user reads: `file:row, column "x": message (hint)`. */
  describe(): string {
    const { file, row, column, path } = this.where;
    const place = [
      file,
      row !== undefined ? `row ${row}` : undefined,
      column !== undefined ? `column ${typeof column === 'number' ? column : JSON.stringify(column)}` : undefined,
      path !== undefined ? `at ${path}` : undefined,
    ].filter((part) => part !== undefined).join(', ');
    const text = place ? `${place}: ${this.message}` : this.message;
    return this.hint ? `${text}\n  hint: ${this.hint}` : text;
  }
}

export function isSeqLabError(error: unknown): error is SeqLabError {
  return error instanceof SeqLabError;
}
