/**
 * Puts translations into the page: `data-i18n="key"` sets the text, and
 * `data-i18n-attr="aria-label:key;title:key"` sets attributes. `fillInto` puts a sentence with
 * values into an element, each value isolated in a `<bdi>` so a Latin case id or name inside
 * Arabic or Hebrew text (or an Arabic name inside English) keeps its own direction.
 */
import { parts } from '../i18n/i18n.js';

export function translate(root, t) {
  for (const element of root.querySelectorAll('[data-i18n]')) element.textContent = t(element.dataset.i18n);
  for (const element of root.querySelectorAll('[data-i18n-attr]')) {
    for (const pair of element.dataset.i18nAttr.split(';')) {
      const [attribute, key] = pair.split(':').map((part) => part.trim());
      if (attribute && key) element.setAttribute(attribute, t(key));
    }
  }
}

/**
 * Fills `element` with the text of `key`, each placeholder as its own `<bdi>`.
 * @param {HTMLElement} element
 * @param {function} t a translator (see i18n.js)
 * @param {string} key
 * @param {object} values
 * @param {string[]} [ltr] values that are always left to right (case ids, links, numbers)
 */
export function fillInto(element, t, key, values, ltr = []) {
  const nodes = parts(t.template(key)).map((part) => {
    if (typeof part === 'string') return document.createTextNode(part);
    if (!(part.name in values)) return document.createTextNode(`{${part.name}}`);
    const bdi = document.createElement('bdi');
    if (ltr.includes(part.name)) bdi.dir = 'ltr';
    bdi.textContent = String(values[part.name]);
    return bdi;
  });
  element.replaceChildren(...nodes);
}
