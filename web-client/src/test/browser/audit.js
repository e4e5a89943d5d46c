/**
 * What the browser check asks of every page state besides its own assertions: axe-core's
 * WCAG 2.2 A/AA rules and its best practices (injected from node_modules through CDP, nothing
 * loaded by the page; serious and critical violations fail) and a layout check that no text
 * overflows its box and nothing is wider than the viewport.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa', 'best-practice'];
const FAILING = new Set(['serious', 'critical']);

/**
 * Runs axe on the page as it is now.
 * @returns {Promise<{violations: object[], counts: object, passed: number}>} violations at every
 *   impact, how many nodes failed per impact, and how many rules passed
 */
export async function axe(page) {
  if (!(await page.evaluate(`typeof window.axe === 'object'`))) await page.evaluate(`${AXE_SOURCE};void 0`);
  const results = await page.evaluate(`window.axe.run(document, {
    runOnly: {type: 'tag', values: ${JSON.stringify(TAGS)}},
    resultTypes: ['violations'],
  }).then((r) => ({passed: r.passes.length, violations: r.violations.map((v) => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map((n) => ({target: n.target.join(' '), summary: n.failureSummary})),
  }))}))`);
  const counts = {};
  for (const violation of results.violations) counts[violation.impact] = (counts[violation.impact] || 0) + violation.nodes.length;
  return { violations: results.violations, counts, passed: results.passed };
}

/** Only what WCAG 2.2 AA makes us fix: serious and critical violations. */
export const failing = (violations) => violations.filter((v) => FAILING.has(v.impact));

/** Violations as lines a person can act on. */
export function describeViolations(state, violations) {
  return violations.flatMap((v) => [
    `  ${state}: [${v.impact}] ${v.id}: ${v.help}`,
    ...v.nodes.map((n) => `      at ${n.target}\n        ${n.summary.replace(/\n/g, '\n        ')}`),
  ]).join('\n');
}

/**
 * Boxes that do not hold their content: text wider than its box (scrollWidth > clientWidth
 * without an intended ellipsis) and visible elements that reach past the viewport's sides.
 * @returns {Promise<string[]>} one line per problem
 */
export function overflow(page) {
  return page.evaluate(`(() => {
    const problems = [];
    const name = (el) => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + (el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\\s+/).join('.') : '');
    const width = document.documentElement.clientWidth;
    if (document.documentElement.scrollWidth > width) problems.push('the page scrolls sideways: ' + document.documentElement.scrollWidth + ' > ' + width);
    for (const el of document.querySelectorAll('body *')) {
      if (el.closest('[hidden], .visually-hidden, .view-call[hidden]') || !el.getClientRects().length) continue;
      const style = getComputedStyle(el);
      if (style.visibility === 'hidden' || style.display === 'contents') continue;
      const box = el.getBoundingClientRect();
      if (box.width === 0 || box.height === 0) continue;
      if (box.left < -1 || box.right > width + 1) problems.push(name(el) + ' reaches past the viewport (' + Math.round(box.left) + '..' + Math.round(box.right) + ' of ' + width + ')');
      // a box that clips (overflow other than visible) must not hide part of its text
      const clips = style.overflowX !== 'visible' || style.overflowY !== 'visible';
      if (clips && style.textOverflow !== 'ellipsis' && el.innerText && el.innerText.trim() && !el.matches('select, textarea, input, dialog, pre')
        && (el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1)) {
        problems.push(name(el) + ' clips its text (scroll ' + el.scrollWidth + 'x' + el.scrollHeight + ' > client ' + el.clientWidth + 'x' + el.clientHeight + ')');
      }
    }
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    const range = document.createRange();
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const parent = node.parentElement;
      if (!node.textContent.trim() || !parent || parent.closest('[hidden], .visually-hidden, script, style, select, option, textarea')) continue;
      let box = parent;
      while (box !== document.body && getComputedStyle(box).display === 'inline') box = box.parentElement;
      if (getComputedStyle(box).textOverflow === 'ellipsis') continue; // cut on purpose, full text in a title or label
      const outer = box.getBoundingClientRect();
      const left = outer.left + box.clientLeft;
      const right = left + box.clientWidth;
      range.selectNodeContents(node);
      for (const rect of range.getClientRects()) {
        if (rect.width && (rect.left < left - 1 || rect.right > right + 1)) {
          problems.push(name(box) + ' text overflows its box (' + Math.round(rect.left) + '..' + Math.round(rect.right) + ' outside ' + Math.round(left) + '..' + Math.round(right) + '): ' + JSON.stringify(node.textContent.trim().slice(0, 60)));
          break;
        }
      }
    }
    return problems;
  })()`);
}
