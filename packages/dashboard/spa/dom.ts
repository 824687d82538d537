/** Tiny DOM builders: elements with attributes and children, no `innerHTML` anywhere. */

/** An attribute value: `true` sets an empty attribute; `false`, `null`, `undefined` skip it. */
export type AttributeValue = string | number | boolean | null | undefined;

/** A child: nodes as is, strings and numbers as text, nullish and `false` skipped. */
export type Child = Node | string | number | null | undefined | false;

/** Creates an HTML element. */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes?: Readonly<Record<string, AttributeValue>> | null,
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  setAttributes(element, attributes);
  append(element, children);
  return element;
}

const SVG = 'http://www.w3.org/2000/svg';

/** Creates an SVG element. */
export function svg<K extends keyof SVGElementTagNameMap>(
  tag: K,
  attributes?: Readonly<Record<string, AttributeValue>> | null,
  ...children: Child[]
): SVGElementTagNameMap[K] {
  const element = document.createElementNS(SVG, tag);
  setAttributes(element, attributes);
  append(element, children);
  return element;
}

/** Replaces the children of `parent`. */
export function replace(parent: Element, ...children: Child[]): void {
  parent.replaceChildren();
  append(parent, children);
}

function setAttributes(
  element: Element,
  attributes: Readonly<Record<string, AttributeValue>> | null | undefined,
): void {
  if (!attributes) return;
  for (const [name, value] of Object.entries(attributes)) {
    if (value === false || value === null || value === undefined) continue;
    element.setAttribute(name, value === true ? '' : String(value));
  }
}

function append(parent: Element, children: readonly Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    parent.append(typeof child === 'number' ? String(child) : child);
  }
}
