// Where `seqlab predict` puts its CSV, a block of rows at a time, so memory holds one block whatever
// the number of rows: with --out, a temp file beside the target, renamed over it at the end (fsync and
// rename, as every write of SeqLab's); without, a temp file that is copied to stdout at the end. Either
// way nothing is shown until the answer is whole, and `restart` can throw away what was written (the
// streaming path starts over in column mode when the rows turn out not to be in order).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { AtomicFileWriter } from '../io/atomicWrite';

/** Bytes buffered before a write (the block). Lines are copied into bytes at once: a line kept as a
 *  string until its block is written would outlive two scavenges and fill V8's old generation. */
const BLOCK_BYTES = 1 << 16;

/** RFC 4180: fields with a comma, quote or line break are quoted. */
const NEEDS_QUOTES = /[",\r\n]/;

function csvLine(cells: string[]): string {
  return cells.map((text) => (NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text)).join(',');
}

export class CsvOutput {
  /** Data rows written (the header not counted). */
  rows = 0;
  /** The header, and the last `keepLast` rows (for predict --json's preview). */
  header_: string[] = [];
  readonly last: string[][] = [];
  private readonly block = Buffer.allocUnsafe(BLOCK_BYTES);
  private used = 0;
  // Opened with the first full block, so a short answer touches the disk only when it is whole.
  private writer: AtomicFileWriter | null = null;
  private scratchDir: string | null = null;

  /**
   * `out`: the --out file; null: stdout, through `print` (one call per block of whole lines, without
   * the last line break). `keepLast`: how many of the last rows to keep in `last`.
   */
  constructor(private readonly out: string | null, private readonly print: (text: string) => void, private readonly keepLast = 0) {}

  header(cells: string[]): void {
    this.header_ = cells;
    this.line(cells);
  }

  row(cells: string[]): void {
    this.rows++;
    if (this.keepLast > 0) {
      if (this.last.length === this.keepLast) this.last.shift();
      this.last.push(cells);
    }
    this.line(cells);
  }

  /** Forgets every line written so far. */
  restart(): void {
    this.used = 0;
    this.rows = 0;
    this.last.length = 0;
    this.writer?.truncate();
  }

  /** Makes the output whole: renames the --out file into place, or prints the lines. */
  finish(): void {
    if (this.out === null && this.writer === null) {
      // It all fit in one block: no file needed.
      if (this.used > 0) this.print(this.block.toString('utf8', 0, this.used - 1));
      this.used = 0;
      return;
    }
    this.flush();
    this.writer!.commit();
    this.writer = null;
    if (this.scratchDir === null) return;
    try {
      copyLines(path.join(this.scratchDir, 'predictions.csv'), this.print);
    } finally {
      this.removeScratch();
    }
  }

  /** Leaves no file behind (the --out target keeps its previous version). */
  abort(): void {
    this.writer?.abort();
    this.writer = null;
    this.removeScratch();
  }

  private removeScratch(): void {
    if (this.scratchDir !== null) fs.rmSync(this.scratchDir, { recursive: true, force: true });
    this.scratchDir = null;
  }

  /** Writes one CSV line straight into the block (no line string is built). */
  private line(cells: string[]): void {
    let chars = cells.length;
    for (const cell of cells) chars += cell.length;
    const most = 6 * chars + 8; // UTF-8 bytes, with every character a quote doubled
    if (this.used + most > BLOCK_BYTES) {
      this.flush();
      if (most > BLOCK_BYTES) {
        this.writer!.write(`${csvLine(cells)}\n`); // a line longer than a block (thousands of classes)
        return;
      }
    }
    for (let i = 0; i < cells.length; i++) {
      if (i > 0) this.block[this.used++] = 0x2c; // ,
      const cell = cells[i];
      this.used += this.block.write(NEEDS_QUOTES.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell, this.used);
    }
    this.block[this.used++] = 0x0a; // \n
  }

  private flush(): void {
    if (!this.writer) {
      if (this.out === null) this.scratchDir = fs.mkdtempSync(path.join(os.tmpdir(), 'seqlab-predict-'));
      this.writer = new AtomicFileWriter(this.out ?? path.join(this.scratchDir!, 'predictions.csv'));
    }
    if (this.used === 0) return;
    this.writer.write(this.block.subarray(0, this.used));
    this.used = 0;
  }
}

/** Hands `file`'s lines to `print` in blocks of whole lines, each without its last line break. */
function copyLines(file: string, print: (text: string) => void): void {
  const fd = fs.openSync(file, 'r');
  try {
    const buffer = Buffer.allocUnsafe(BLOCK_BYTES);
    const decoder = new StringDecoder('utf8'); // a character may straddle two reads
    let carry = '';
    for (;;) {
      const bytes = fs.readSync(fd, buffer, 0, buffer.length, null);
      if (bytes === 0) break;
      const text = carry + decoder.write(buffer.subarray(0, bytes));
      const end = text.lastIndexOf('\n');
      if (end < 0) {
        carry = text;
        continue;
      }
      print(text.slice(0, end));
      carry = text.slice(end + 1);
    }
    if (carry.length > 0) print(carry);
  } finally {
    fs.closeSync(fd);
  }
}
