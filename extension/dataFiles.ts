import * as path from 'node:path';

// Which files SeqLab trains on. The Explorer menu's `when` clause in package.json says the same
// (`resourceExtname =~ /^\.(csv|txt)$/i`): keep the two in step.

const TRAINABLE_EXTENSIONS = new Set(['.csv', '.txt']);

/** True for `.csv` and `.txt` files, in any letter case (`DATA.CSV` exports are common). */
export function isTrainableDataFile(filePath: string): boolean {
  return TRAINABLE_EXTENSIONS.has(path.posix.extname(filePath).toLowerCase());
}

/** Extensions for the file picker's filter; Linux file systems are case-sensitive, so both cases. */
export const trainableExtensionFilter: readonly string[] = [...TRAINABLE_EXTENSIONS]
  .flatMap((extension) => [extension.slice(1), extension.slice(1).toUpperCase()]);
