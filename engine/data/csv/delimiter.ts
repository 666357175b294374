// Delimiter detection from the first lines: the candidate (comma, semicolon, tab) that splits the header
// and the next lines into the same number of fields (more than one), counted outside quotes.
import { SeqLabError } from '../../errors';

export type Delimiter = ',' | ';' | '\t';
const CANDIDATES: Delimiter[] = [',', ';', '\t'];

/** Counts of each candidate per line, outside double quotes, for up to `maxLines` complete lines. */
function countPerLine(sample: string, maxLines: number): Map<Delimiter, number[]> {
  const counts = new Map<Delimiter, number[]>(CANDIDATES.map((c) => [c, [0]]));
  let inQuotes = false;
  let lines = 0;
  const text = sample.charCodeAt(0) === 0xfeff ? sample.slice(1) : sample;
  for (let i = 0; i < text.length && lines < maxLines; i++) {
    const ch = text[i];
    if (ch === '"') inQuotes = !inQuotes;
    else if (!inQuotes && (ch === '\n' || ch === '\r')) {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      lines++;
      for (const list of counts.values()) list.push(0);
    } else if (!inQuotes && (ch === ',' || ch === ';' || ch === '\t')) {
      const list = counts.get(ch as Delimiter) as number[];
      list[list.length - 1]++;
    }
  }
  // The last line of a sample may be cut short; drop it unless the sample is all there is.
  for (const list of counts.values()) {
    if (list.length > 1) list.pop();
  }
  return counts;
}

export function detectDelimiter(sample: string, file: string): Delimiter {
  const counts = countPerLine(sample, 50);
  let best: Delimiter | undefined;
  let bestScore = 0;
  for (const candidate of CANDIDATES) {
    const perLine = counts.get(candidate) as number[];
    const header = perLine[0];
    if (header === 0) continue;
    const consistent = perLine.filter((n) => n === header).length / perLine.length;
    // Prefer a delimiter that splits every line alike; among those, the one giving more fields.
    const score = consistent * 1000 + header;
    if (score > bestScore) {
      best = candidate;
      bestScore = score;
    }
  }
  if (best) return best;
  // One column: no delimiter appears in the header. A single-column CSV is legal; read it with a comma.
  if (sample.trim().length === 0) throw new SeqLabError('BAD_DATA', 'the file is empty', { file }, 'a CSV needs a header line and at least one data row');
  return ',';
}
