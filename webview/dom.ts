// Small DOM helpers for the panel's views. Attributes only, never a `style` attribute: the CSP allows
// style sheets from the extension alone (computed sizes and colours go through the CSSOM instead,
// e.g. `element.style.width`, which the CSP does not restrict).

export type Child = Node | string | number | null | undefined | false;
export type Attributes = Readonly<Record<string, string | number | boolean | null | undefined>>;

/** A new element with attributes (false/null/undefined ones left out; true as "") and children. */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attributes: Attributes = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  setAttributes(element, attributes);
  element.append(...nodes(children));
  return element;
}

const SVG = 'http://www.w3.org/2000/svg';

export function svg<K extends keyof SVGElementTagNameMap>(tag: K, attributes: Attributes = {}, ...children: Child[]): SVGElementTagNameMap[K] {
  const element = document.createElementNS(SVG, tag);
  setAttributes(element, attributes);
  element.append(...nodes(children));
  return element;
}

function setAttributes(element: Element, attributes: Attributes): void {
  for (const [name, value] of Object.entries(attributes)) {
    if (value === false || value === null || value === undefined) continue;
    element.setAttribute(name, value === true ? '' : String(value));
  }
}

function nodes(children: readonly Child[]): (Node | string)[] {
  return children.filter((child): child is Node | string | number => child !== null && child !== undefined && child !== false)
    .map((child) => (typeof child === 'number' ? String(child) : child));
}

/** Replaces an element's children. */
export function replaceChildren(parent: Element, ...children: Child[]): void {
  parent.replaceChildren(...nodes(children));
}

/** The element with `id`, checked to be of `type` (the page's structure is a contract with main.ts). */
export function byId<T extends HTMLElement>(id: string, type: new () => T): T {
  const found = document.getElementById(id);
  if (!(found instanceof type)) throw new Error(`The panel's page has no #${id}`);
  return found;
}

/**
 * Rebuilds `container`'s content with `rebuild` and gives the focus back to the element that had it,
 * matched by its `data-focus-key` (a keyboard user's place survives a live update).
 */
export function keepingFocus(container: Element, rebuild: () => void): void {
  const active = document.activeElement;
  const key = active instanceof HTMLElement && container.contains(active) ? active.dataset.focusKey : undefined;
  rebuild();
  if (key) container.querySelector<HTMLElement>(`[data-focus-key="${CSS.escape(key)}"]`)?.focus();
}

/**
 * Makes `parent`'s children look like `fresh` while keeping every existing node whose content did not
 * change: a live update (several a second while a run trains) then never swaps the button under a
 * user's pointer between mousedown and click, nor resets a hover. Attributes are copied; children are
 * compared node by node and replaced only where they differ in kind or count.
 */
export function morphChildren(parent: Element, fresh: readonly Node[], keyAttribute?: string): void {
  const old = [...parent.childNodes];
  if (keyAttribute) {
    morphKeyed(parent, fresh, keyAttribute);
    return;
  }
  if (old.length !== fresh.length) {
    parent.replaceChildren(...fresh);
    return;
  }
  old.forEach((node, i) => morph(node, fresh[i]));
}

/**
 * Children matched by `keyAttribute` rather than position: a new item at the top (the newest text
 * sample) is inserted before the others, which stay in place (and keep their scroll positions).
 */
function morphKeyed(parent: Element, fresh: readonly Node[], keyAttribute: string): void {
  const keyOf = (node: Node): string | null => (node instanceof Element ? node.getAttribute(keyAttribute) : null);
  const byKey = new Map<string, Node>();
  for (const node of parent.childNodes) {
    const key = keyOf(node);
    if (key !== null) byKey.set(key, node);
  }
  let cursor: ChildNode | null = parent.firstChild;
  for (const node of fresh) {
    const key = keyOf(node);
    const kept = key === null ? undefined : byKey.get(key);
    if (kept) morph(kept, node);
    const wanted = kept && kept.parentNode === parent ? kept : node;
    if (wanted === cursor) cursor = cursor.nextSibling;
    else parent.insertBefore(wanted, cursor);
  }
  while (cursor) {
    const next: ChildNode | null = cursor.nextSibling;
    cursor.remove();
    cursor = next;
  }
}

function morph(node: Node, fresh: Node): void {
  if (node.nodeType !== fresh.nodeType || node.nodeName !== fresh.nodeName) {
    node.parentNode?.replaceChild(fresh, node);
    return;
  }
  if (!(node instanceof Element) || !(fresh instanceof Element)) {
    if (node.textContent !== fresh.textContent) node.textContent = fresh.textContent;
    return;
  }
  if (node.outerHTML === fresh.outerHTML) return;
  for (const { name } of [...node.attributes]) if (!fresh.hasAttribute(name)) node.removeAttribute(name);
  for (const { name, value } of [...fresh.attributes]) if (node.getAttribute(name) !== value) node.setAttribute(name, value);
  // The CSSOM styles (a confusion cell's shade) are not attributes the CSP would let us copy as text.
  if (node instanceof HTMLElement && fresh instanceof HTMLElement && node.style.cssText !== fresh.style.cssText) node.style.cssText = fresh.style.cssText;
  morphChildren(node, [...fresh.childNodes]);
}
