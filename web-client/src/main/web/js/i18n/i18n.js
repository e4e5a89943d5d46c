/**
 * Translations: which language to show and the strings in it. Tables live beside this file,
 * one module per language (`en.js`, `zh-CN.js`, …), each a flat map of key -> text with
 * `{name}` placeholders. English is the reference and the fallback for a missing key.
 */
import en from './en.js';

/** Languages with a table, as BCP 47 tags. */
export const SUPPORTED = Object.freeze([
  'en', 'zh-CN', 'zh-TW', 'es', 'pt-BR', 'de', 'fr', 'it', 'nl', 'pl', 'tr', 'ru', 'ja', 'ko', 'ar', 'he',
  'id', 'vi', 'th',
]);

export const FALLBACK = 'en';

/** Each language's name in itself, for a language picker. */
export const LANGUAGE_NAMES = Object.freeze({
  en: 'English', 'zh-CN': '简体中文', 'zh-TW': '繁體中文', es: 'Español', 'pt-BR': 'Português (Brasil)',
  de: 'Deutsch', fr: 'Français', it: 'Italiano', nl: 'Nederlands', pl: 'Polski', tr: 'Türkçe',
  ru: 'Русский', ja: '日本語', ko: '한국어', ar: 'العربية', he: 'עברית',
  id: 'Bahasa Indonesia', vi: 'Tiếng Việt', th: 'ไทย',
});

/** Languages written right to left. */
const RTL = new Set(['ar', 'he', 'fa', 'ur']);

/**
 * The nearest table for tags whose language has more than one, or an old code: Traditional
 * Chinese for Taiwan, Hong Kong, Macau and `Hant`, Simplified for the rest; `iw` is Hebrew's
 * old code. Other languages fall to their one table (`pt-PT` -> `pt-BR`, `es-419` -> `es`).
 */
function nearest(tag) {
  const [language, ...rest] = tag.toLowerCase().split('-');
  if (language === 'zh') {
    if (rest.includes('hant') || rest.some((part) => ['tw', 'hk', 'mo'].includes(part))) return 'zh-TW';
    return 'zh-CN';
  }
  const canonical = { iw: 'he', in: 'id' }[language] || language;
  return SUPPORTED.find((supported) => supported.split('-')[0].toLowerCase() === canonical);
}

/**
 * The supported language that best serves a list of preferences (BCP 47 tags, best first):
 * an exact match, else the nearest table of the same language (`pt-PT` -> `pt-BR`,
 * `zh-HK` -> `zh-TW`, `zh-SG` -> `zh-CN`, `es-419` -> `es`), else the next preference.
 * @param {(string|null|undefined)[]} preferences
 * @returns {string} a member of {@link SUPPORTED}
 */
export function resolveLocale(preferences) {
  for (const raw of preferences) {
    if (typeof raw !== 'string' || !raw.trim()) continue;
    const tag = raw.trim().replace(/_/g, '-');
    const exact = SUPPORTED.find((supported) => supported.toLowerCase() === tag.toLowerCase());
    if (exact) return exact;
    const close = nearest(tag);
    if (close) return close;
  }
  return FALLBACK;
}

/** `rtl` for Arabic and Hebrew (and any right-to-left language), else `ltr`. */
export function direction(locale) {
  return RTL.has(String(locale).split('-')[0].toLowerCase()) ? 'rtl' : 'ltr';
}

/**
 * Loads a language's table.
 * @param {string} locale a member of {@link SUPPORTED}
 * @returns {Promise<object>}
 */
export async function loadMessages(locale) {
  if (locale === FALLBACK || !SUPPORTED.includes(locale)) return en;
  try {
    return (await import(`./${locale}.js`)).default;
  } catch {
    return en;
  }
}

/**
 * A translation function for a table: `t('prejoin.caseLine', {caseId: 'C-1'})`.
 * A key missing from the table falls back to English, then to the key itself. Numbers are
 * written the language's way (`Intl.NumberFormat`: `1.249` in German, `١٢` in Arabic); strings,
 * such as case ids, are put in as they are. `t.template(key)` is the unfilled text, for
 * putting values in as elements (see ui/i18n-dom.js).
 * @param {object} messages
 * @param {string} [locale] the table's language, for numbers
 * @returns {function(string, object=): string}
 */
export function translator(messages, locale = FALLBACK) {
  const numbers = new Intl.NumberFormat(locale);
  const template = (key) => messages[key] ?? en[key] ?? key;
  const t = (key, values = {}) => fill(template(key), values, (value) => (typeof value === 'number' ? numbers.format(value) : String(value)));
  t.template = template;
  return t;
}

/**
 * Splits a template into text and placeholders: `'Case {caseId}'` -> `['Case ', {name: 'caseId'}]`.
 * @returns {(string|{name: string})[]}
 */
export function parts(template) {
  return template.split(/(\{\w+\})/).filter(Boolean).map((part) => (/^\{\w+\}$/.test(part) ? { name: part.slice(1, -1) } : part));
}

function fill(template, values, format) {
  return parts(template).map((part) => {
    if (typeof part === 'string') return part;
    return part.name in values ? format(values[part.name]) : `{${part.name}}`;
  }).join('');
}

/** The keys English has; every table must have exactly these. */
export function referenceKeys() {
  return Object.keys(en);
}
