// Types of targets.mjs, for the TypeScript tests that import it.
export declare const TARGETS: Readonly<Record<string, readonly [string, string, readonly string[]]>>;
export declare function onnxruntimeFiles(target: string, listDir: (dir: string) => string[]): string[];
