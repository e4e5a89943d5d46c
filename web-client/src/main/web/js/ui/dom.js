/** Small DOM helpers shared by the views. */
import { ICONS } from './icons.js';

/** The element with this id (throws when the page lacks it: a broken page should fail loudly). */
export function byId(id, root = document) {
  const element = root.querySelector(`#${id}`);
  if (!element) throw new Error(`The page has no #${id}`);
  return element;
}

/**
 * Creates an element: `h('button', {class: 'control', 'data-testid': 'mute'}, 'text', child)`.
 * `icon` in attrs puts a named icon first; `on*` functions become listeners.
 */
export function h(tag, attrs = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (name === 'icon') element.insertAdjacentHTML('afterbegin', ICONS[value]);
    else if (name.startsWith('on') && typeof value === 'function') element.addEventListener(name.slice(2), value);
    else element.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return element;
}

/** An icon element (`<span>` holding the SVG). */
export function icon(name, className = 'icon-wrap') {
  const wrap = document.createElement('span');
  wrap.className = className;
  wrap.innerHTML = ICONS[name];
  return wrap;
}

/** Shows exactly one of the page's top-level views (`<section data-view="…">`). */
export function showView(name) {
  document.body.dataset.currentView = name;
  for (const view of document.querySelectorAll('[data-view]')) view.hidden = view.dataset.view !== name;
}

/** Attaches a stream to a media element (no-op when already attached). */
export function attach(element, stream) {
  if (element.srcObject !== stream) element.srcObject = stream;
  const playing = element.play();
  return playing && typeof playing.catch === 'function' ? playing : Promise.resolve();
}

/** A microphone/camera switch: `data-on` picks the icon, the label says what a press does. */
export function setToggle(button, on, label, unavailable) {
  button.dataset.on = String(on);
  button.setAttribute('aria-label', label);
  button.title = label;
  button.disabled = unavailable;
}

/** Fills every `<span data-icon="name">` of the page's markup with its SVG. */
export function renderIcons(root = document) {
  for (const element of root.querySelectorAll('[data-icon]')) element.innerHTML = ICONS[element.dataset.icon] || '';
}
