/**
 * The web client's modules as a graph, read from their source: which module imports which,
 * and each module's code without its comments (so a JSDoc `import('…')` type or a sentence
 * naming a browser API is not mistaken for code).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

export const WEB = fileURLToPath(new URL('../../../main/web/', import.meta.url));

/** Every module under `js/`, as served paths (`js/call/peers.js`) -> source. */
export function allModules() {
  const files = readdirSync(join(WEB, 'js'), { recursive: true }).filter((name) => name.endsWith('.js'));
  return new Map(files.map((file) => [`js/${file.split('\\').join('/')}`, readFileSync(join(WEB, 'js', file), 'utf8')]));
}

/**
 * The modules a module imports (static `import … from`, `export … from`, and `import('…')`
 * with a literal specifier), as served paths.
 */
export function importsOf(path, source) {
  const code = withoutComments(source);
  const specs = [
    ...code.matchAll(/^\s*(?:import|export)\s[^'"`;]*?from\s+['"]([^'"]+)['"]/gm),
    ...code.matchAll(/^\s*import\s+['"]([^'"]+)['"]/gm),
    ...code.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g),
  ].map((m) => m[1]);
  return specs.map((spec) => relative(WEB, join(dirname(join(WEB, path)), spec)).split('\\').join('/'));
}

/** Every module a page's entry imports statically, as served paths (the entry included). */
export function moduleGraph(entry, seen = new Set()) {
  if (seen.has(entry)) return seen;
  seen.add(entry);
  const source = readFileSync(join(WEB, entry), 'utf8');
  for (const [, spec] of withoutComments(source).matchAll(/^import\s[^'"]*?from\s+'([^']+)'/gm)) {
    moduleGraph(relative(WEB, join(dirname(join(WEB, entry)), spec)).split('\\').join('/'), seen);
  }
  return seen;
}

/**
 * The source with its comments blanked out (newlines kept, so line numbers stay). Strings,
 * template literals (with their `${…}` code) and regular expression literals are kept as they
 * are: a comment marker inside them is not a comment.
 */
export function withoutComments(source) {
  let out = '';
  let i = 0;
  const braces = []; // for each open `${`: the brace depth at which it closes
  let depth = 0;
  let lastSignificant = '';
  const n = source.length;
  const copyQuoted = (quote) => {
    let j = i + 1;
    while (j < n && source[j] !== quote) {
      if (source[j] === '\\') j++;
      j++;
    }
    out += source.slice(i, j + 1);
    i = j + 1;
  };
  const copyTemplate = () => { // from a backtick or a closing `}` of `${…}` to the next backtick or `${`
    let j = i + 1;
    while (j < n && source[j] !== '`' && !(source[j] === '$' && source[j + 1] === '{')) {
      if (source[j] === '\\') j++;
      j++;
    }
    if (source[j] === '$') {
      out += source.slice(i, j + 2);
      i = j + 2;
      braces.push(depth);
      depth++;
    } else {
      out += source.slice(i, j + 1);
      i = j + 1;
    }
    lastSignificant = '`';
  };
  while (i < n) {
    const c = source[i];
    const next = source[i + 1];
    if (c === '/' && next === '/') {
      while (i < n && source[i] !== '\n') { out += ' '; i++; }
    } else if (c === '/' && next === '*') {
      const end = source.indexOf('*/', i + 2);
      const stop = end < 0 ? n : end + 2;
      out += source.slice(i, stop).replace(/[^\n]/g, ' ');
      i = stop;
    } else if (c === '\'' || c === '"') {
      copyQuoted(c);
      lastSignificant = c;
    } else if (c === '`') {
      copyTemplate();
    } else if (c === '/' && (lastSignificant === '' || '(,=:[!&|?{};+-*%<>~^'.includes(lastSignificant) || /\b(return|typeof|case|in|of)$/.test(out.trimEnd()))) {
      let j = i + 1;
      let inClass = false;
      while (j < n && (source[j] !== '/' || inClass) && source[j] !== '\n') {
        if (source[j] === '\\') j++;
        else if (source[j] === '[') inClass = true;
        else if (source[j] === ']') inClass = false;
        j++;
      }
      out += source.slice(i, j + 1);
      i = j + 1;
      lastSignificant = '/';
    } else {
      if (c === '{') depth++;
      if (c === '}') {
        depth--;
        if (braces.length && braces.at(-1) === depth) {
          braces.pop();
          copyTemplate();
          continue;
        }
      }
      out += c;
      if (!/\s/.test(c)) lastSignificant = c;
      i++;
    }
  }
  return out;
}
