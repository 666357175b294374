import * as path from 'node:path';

// Which files SeqLab trains on: one list for the Explorer and editor-title menus (their `when`
// clauses in package.json), the file picker and the code. test/unit/extension/dataFiles.test.ts
// keeps package.json and the engine's task-by-extension rule (`taskForFile`) in step with it.

/** Lower-case extensions, with the dot; matched case-insensitively (`DATA.CSV` exports are common). */
export const DATA_FILE_EXTENSIONS: readonly string[] = ['.csv', '.tsv', '.txt'];

/** True for the files in DATA_FILE_EXTENSIONS, in any letter case. */
export function isTrainableDataFile(filePath: string): boolean {
  return DATA_FILE_EXTENSIONS.includes(path.posix.extname(filePath).toLowerCase());
}

/** Extensions for the file picker's filter; Linux file systems are case-sensitive, so both cases. */
export const trainableExtensionFilter: readonly string[] = DATA_FILE_EXTENSIONS
  .flatMap((extension) => [extension.slice(1), extension.slice(1).toUpperCase()]);

/** The `when` clause condition package.json's menus use for a data file (regex literal, `i` flag). */
export const DATA_FILE_WHEN = `resourceExtname =~ /^\\.(${DATA_FILE_EXTENSIONS.map((e) => e.slice(1)).join('|')})$/i`;
