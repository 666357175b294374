// Types of notices.mjs, for the TypeScript tests that import it.
export interface Metafile {
  readonly inputs: Readonly<Record<string, readonly string[]>>;
}
export declare function bundledPackages(metafile: Metafile): Map<string, string>;
export declare function licenceWithNotices(root: string, metafile: Metafile): string;
