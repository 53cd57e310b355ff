// @ts-check
// Element builders: text goes in as textContent only (payloads are attacker-controlled; Trusted Types forbid HTML sinks anyway).

const SVG_NS = 'http://www.w3.org/2000/svg';

/**
 * @template {keyof HTMLElementTagNameMap} K
 * @param {K} tag @param {string} [cls] @param {string} [text]
 * @returns {HTMLElementTagNameMap[K]}
 */
export function h(tag, cls, text) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}

/** @param {string} tag @param {Record<string, string | number>} [attrs] @returns {SVGElement} */
export function svg(tag, attrs = {}) {
  const e = /** @type {SVGElement} */ (document.createElementNS(SVG_NS, tag));
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  return e;
}

/** An element the page must have: a missing one is a broken page, said plainly. @param {string} id */
export function byId(id) {
  const e = document.getElementById(id);
  if (!e) throw new Error('dashboard.html has no #' + id);
  return e;
}

/** @template {HTMLElement} T @param {string} id @param {new () => T} type @returns {T} */
export function byIdAs(id, type) {
  const e = byId(id);
  if (!(e instanceof type)) throw new Error('#' + id + ' is not a ' + type.name);
  return e;
}

/** "12 s ago", "3 min ago": activity at a glance. @param {number} ms @param {number} now */
export function ago(ms, now) {
  if (!ms) return '—';
  const s = Math.max(0, Math.round((now - ms) / 1000));
  if (s < 60) return s + ' s ago';
  if (s < 3600) return Math.floor(s / 60) + ' min ago';
  return Math.floor(s / 3600) + ' h ago';
}
