// Tiny element builders: pages are built from text nodes only (never innerHTML), so nothing a
// session or block carries (names, errors, activity lines) can turn into markup.

const SVG = 'http://www.w3.org/2000/svg';

function build(element, attrs, children) {
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key.startsWith('on') && typeof value === 'function') {
      element.addEventListener(key.slice(2), value);
    } else if (key === 'class') {
      element.setAttribute('class', value);
    } else if (key === 'text') {
      element.textContent = value;
    } else {
      element.setAttribute(key, value === true ? '' : String(value));
    }
  }
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return element;
}

/** An HTML element: h('a', {href: '#/'}, 'text', otherNode). */
export function h(tag, attrs, ...children) {
  return build(document.createElement(tag), attrs, children);
}

/** An SVG element. */
export function s(tag, attrs, ...children) {
  return build(document.createElementNS(SVG, tag), attrs, children);
}

export function badge(status) {
  return h('span', {class: `badge ${status}`, 'data-status': status}, status);
}

/** A JSON value as an indented block, or a dash. */
export function jsonBlock(value) {
  if (value === null || value === undefined) return h('span', {class: 'muted'}, '—');
  return h('pre', {}, JSON.stringify(value, null, 2));
}

/** A definition list of [label, value] pairs; null values are left out. */
export function facts(pairs) {
  return h('dl', {class: 'facts'}, pairs.filter(([, v]) => v !== null && v !== undefined && v !== '')
    .map(([label, value]) => [h('dt', {}, label), h('dd', {}, value)]));
}

export function table(headers, rows, emptyText) {
  if (rows.length === 0) return h('div', {class: 'empty'}, emptyText);
  return h('table', {},
    h('thead', {}, h('tr', {}, headers.map(hd => h('th', {class: hd.num ? 'num' : null}, hd.label ?? hd)))),
    h('tbody', {}, rows));
}
