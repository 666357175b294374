import { findNodeAtLocation, parseTree, type Node } from 'jsonc-parser';

// The label a run carries: what changed in its config against the config's previous run, as dotted
// paths with the old and new values (`model.hiddenSize 64→128`, several joined by commas), `rerun`
// when nothing changed. Which settings changed is decided on the configs with their defaults applied
// (so writing out a default is no change); the values are printed as written in each config's text
// (`1e-3` stays `1e-3`), falling back to JSON for a value the text leaves to its default. Pure.

export interface ConfigVersion {
  /** The config's JSON text as the run used it. */
  readonly text: string;
  /** The same config with every default applied (the engine's validateConfig). */
  readonly config: unknown;
}

export const FIRST_RUN_LABEL = 'first run';
export const RERUN_LABEL = 'rerun';
const MAX_VALUE_LENGTH = 40;

export function changeLabel(previous: ConfigVersion | null, next: ConfigVersion): string {
  if (!previous) return FIRST_RUN_LABEL;
  const changes: string[] = [];
  const before = parseTree(previous.text);
  const after = parseTree(next.text);
  walk(previous.config, next.config, [], (segments, old, now) => {
    changes.push(`${segments.join('.')} ${printed(before, previous.text, segments, old)}→${printed(after, next.text, segments, now)}`);
  });
  return changes.length > 0 ? changes.join(', ') : RERUN_LABEL;
}

type Visit = (segments: (string | number)[], old: unknown, now: unknown) => void;

/** Calls `visit` for every leaf (scalar, array, or an object on one side only) that differs. */
function walk(old: unknown, now: unknown, segments: (string | number)[], visit: Visit): void {
  if (isObject(old) && isObject(now)) {
    const keys = new Set([...Object.keys(old), ...Object.keys(now)]);
    for (const key of keys) walk(old[key], now[key], [...segments, key], visit);
    return;
  }
  if (JSON.stringify(old) !== JSON.stringify(now)) visit(segments, old, now);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The value at `segments` as `text` writes it (whitespace collapsed), else as JSON. */
function printed(tree: Node | undefined, text: string, segments: (string | number)[], value: unknown): string {
  const node = tree ? findNodeAtLocation(tree, segments) : undefined;
  const source = node ? text.slice(node.offset, node.offset + node.length) : value === undefined ? '(none)' : JSON.stringify(value);
  const compact = source.replace(/\s+/g, ' ').replace(/\[ /g, '[').replace(/ \]/g, ']');
  return compact.length > MAX_VALUE_LENGTH ? `${compact.slice(0, MAX_VALUE_LENGTH - 1)}…` : compact;
}
