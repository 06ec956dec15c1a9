/**
 * Building DOM and SVG nodes without HTML strings: every text a relay sends
 * becomes a text node, so no answer can inject markup.
 * @module
 */

/** An attribute value; `false`/`undefined` leave the attribute out; functions become listeners. */
export type AttrValue = string | number | boolean | undefined | ((event: Event) => void)

/** A child: nodes, text, or nothing. */
export type Child = Node | string | number | null | undefined | false

function apply(node: Element, attrs: Record<string, AttrValue>, children: Child[]): void {
  for (const [name, value] of Object.entries(attrs)) {
    if (typeof value === 'function') node.addEventListener(name.slice(2).toLowerCase(), value)
    else if (value === true) node.setAttribute(name, '')
    else if (value !== false && value !== undefined) node.setAttribute(name, String(value))
  }
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue
    node.append(typeof child === 'number' ? String(child) : child)
  }
}

/** An HTML element with attributes (`onclick` etc. as listeners) and children. */
export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, AttrValue> = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag)
  apply(node, attrs, children)
  return node
}

const SVG_NS = 'http://www.w3.org/2000/svg'

/** An SVG element with attributes and children. */
export function svg<K extends keyof SVGElementTagNameMap>(
  tag: K,
  attrs: Record<string, AttrValue> = {},
  ...children: Child[]
): SVGElementTagNameMap[K] {
  const node = document.createElementNS(SVG_NS, tag)
  apply(node, attrs, children)
  return node
}

/** A short note in a panel (e.g. "not served by this relay yet"). */
export function note(text: string, kind: 'info' | 'missing' = 'info'): HTMLParagraphElement {
  return el('p', { class: `note note-${kind}` }, text)
}

/** A link that opens outside the console. */
export function externalLink(href: string | undefined, text: string): Node {
  if (href === undefined || !/^https?:\/\//i.test(href)) return document.createTextNode(text)
  return el('a', { href, target: '_blank', rel: 'noopener noreferrer' }, text)
}

/** A titled panel (a labelled region) with its content. */
export function panel(id: string, title: string, ...children: Child[]): HTMLElement {
  return el(
    'section',
    { class: 'panel', id, 'aria-labelledby': `${id}-title` },
    el('h2', { id: `${id}-title` }, title),
    ...children,
  )
}
