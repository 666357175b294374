import type { WebviewToHost } from '../webview/protocol';

// A webview is a web page: whatever it posts arrives as untyped JSON, so the host checks every
// message against the protocol before acting on it. No `vscode` import here, so vitest can test it.

type Fields = Readonly<Record<string, unknown>>;

const isString = (value: unknown): value is string => typeof value === 'string';

/** One validator per message type: adding a type to WebviewToHost without one fails to compile. */
const validators: { readonly [K in WebviewToHost['type']]: (message: Fields) => boolean } = {
  ready: () => true,
  error: (message) => isString(message.message),
  cspViolation: (message) => isString(message.directive) && isString(message.blockedUri),
  stop: (message) => isString(message.id),
};

export function isWebviewToHost(value: unknown): value is WebviewToHost {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const message = value as Fields;
  const type = message.type;
  return isString(type) && Object.hasOwn(validators, type) && validators[type as WebviewToHost['type']](message);
}

/** A short, single-line description of a message for the log, whatever it contains. */
export function describeMessage(value: unknown, maxLength = 200): string {
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > maxLength ? `${text.slice(0, maxLength)}…` : text;
}
