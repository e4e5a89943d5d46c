/**
 * Translations: which language to show and the strings in it. Tables live beside this file,
 * one module per language (`en.js`, `zh-CN.js`, …), each a flat map of key -> text with
 * `{name}` placeholders. English is the reference and the fallback for a missing key.
 */
import en from './en.js';

/** Languages with a table, as BCP 47 tags. */
export const SUPPORTED = Object.freeze(['en', 'zh-CN', 'es', 'de', 'fr', 'ja']);

export const FALLBACK = 'en';

/** Each language's name in itself, for a language picker. */
export const LANGUAGE_NAMES = Object.freeze({
  en: 'English', 'zh-CN': '简体中文', es: 'Español', de: 'Deutsch', fr: 'Français', ja: '日本語',
});

/**
 * The supported language that best serves a list of preferences (BCP 47 tags, best first):
 * an exact match, else the same language (`es-MX` -> `es`, `zh-Hans-SG` -> `zh-CN`).
 * @param {(string|null|undefined)[]} preferences
 * @returns {string} a member of {@link SUPPORTED}
 */
export function resolveLocale(preferences) {
  for (const raw of preferences) {
    if (typeof raw !== 'string' || !raw.trim()) continue;
    const tag = raw.trim().replace(/_/g, '-');
    const exact = SUPPORTED.find((supported) => supported.toLowerCase() === tag.toLowerCase());
    if (exact) return exact;
    const language = tag.split('-')[0].toLowerCase();
    // Simplified Chinese is the only Chinese table: it also serves zh-TW/zh-HK readers better
    // than English does.
    const sameLanguage = SUPPORTED.find((supported) => supported.split('-')[0].toLowerCase() === language);
    if (sameLanguage) return sameLanguage;
  }
  return FALLBACK;
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
 * A key missing from the table falls back to English, then to the key itself.
 * @param {object} messages
 * @returns {function(string, object=): string}
 */
export function translator(messages) {
  return (key, values = {}) => {
    const template = messages[key] ?? en[key] ?? key;
    return template.replace(/\{(\w+)\}/g, (match, name) => (name in values ? String(values[name]) : match));
  };
}

/** The keys English has; every table must have exactly these. */
export function referenceKeys() {
  return Object.keys(en);
}
