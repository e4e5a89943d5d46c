import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { direction, LANGUAGE_NAMES, loadMessages, parts, referenceKeys, resolveLocale, SUPPORTED, translator } from '../../main/web/js/i18n/i18n.js';

/** Strings that are the same word in English and the language (checked by a speaker). */
const SAME_AS_ENGLISH = { de: ['agent.end.noteCount'], fr: ['photo.title', 'photo.alt'], nl: ['prejoin.camera', 'device.camera'], vi: ['prejoin.camera', 'device.camera'] };

const placeholders = (text) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('translation tables', async () => {
  const reference = referenceKeys();
  const en = await loadMessages('en');

  it('cover the nineteen languages of cross-border shoppers, each named in itself', () => {
    assert.deepEqual([...SUPPORTED].sort(),
      ['ar', 'de', 'en', 'es', 'fr', 'he', 'id', 'it', 'ja', 'ko', 'nl', 'pl', 'pt-BR', 'ru', 'th', 'tr', 'vi', 'zh-CN', 'zh-TW']);
    assert.deepEqual(Object.keys(LANGUAGE_NAMES).sort(), [...SUPPORTED].sort());
    assert.equal(new Set(Object.values(LANGUAGE_NAMES)).size, SUPPORTED.length);
  });

  it('has a module for every language and none that is not listed', async () => {
    const { readdirSync } = await import('node:fs');
    const dir = new URL('../../main/web/js/i18n/', import.meta.url);
    const tables = readdirSync(dir).filter((f) => f !== 'i18n.js' && f.endsWith('.js')).map((f) => f.slice(0, -3)).sort();
    assert.deepEqual(tables, [...SUPPORTED].sort());
  });

  it('defines no key twice in a table (a later duplicate would silently win)', async () => {
    const { readFileSync } = await import('node:fs');
    for (const locale of SUPPORTED) {
      const source = readFileSync(new URL(`../../main/web/js/i18n/${locale}.js`, import.meta.url), 'utf8');
      const keys = [...source.matchAll(/^\s*'([\w.]+)':/gm)].map((m) => m[1]);
      assert.ok(keys.length > 50, `${locale}: keys not found in the source`);
      assert.deepEqual(keys.filter((key, i) => keys.indexOf(key) !== i), [], `${locale}: duplicate keys`);
    }
  });

  for (const locale of SUPPORTED) {
    it(`${locale} has every key, no other key, and no empty text`, async () => {
      const messages = await loadMessages(locale);
      if (locale !== 'en') assert.notEqual(messages, en, `${locale} fell back to English`);
      const keys = Object.keys(messages);
      assert.deepEqual(reference.filter((key) => !keys.includes(key)), [], 'missing keys');
      assert.deepEqual(keys.filter((key) => !reference.includes(key)), [], 'unknown keys');
      for (const key of keys) {
        assert.equal(typeof messages[key], 'string', key);
        assert.notEqual(messages[key].trim(), '', key);
      }
    });

    it(`${locale} keeps the placeholders of English`, async () => {
      const messages = await loadMessages(locale);
      for (const key of reference) assert.deepEqual(placeholders(messages[key]), placeholders(en[key]), `${locale} ${key}`);
    });

    if (locale !== 'en') {
      it(`${locale} is translated, not copied from English`, async () => {
        const messages = await loadMessages(locale);
        const allowed = SAME_AS_ENGLISH[locale] || [];
        const copied = reference.filter((key) => messages[key] === en[key] && !allowed.includes(key));
        assert.deepEqual(copied, []);
      });
    }
  }
});

describe('resolveLocale', () => {
  it('matches exactly, ignoring case and underscores', () => {
    assert.equal(resolveLocale(['zh-CN']), 'zh-CN');
    assert.equal(resolveLocale(['zh_cn']), 'zh-CN');
    assert.equal(resolveLocale(['ZH-tw']), 'zh-TW');
    assert.equal(resolveLocale(['pt-BR']), 'pt-BR');
    for (const locale of SUPPORTED) assert.equal(resolveLocale([locale]), locale);
  });

  it('picks the nearest table of the same language', () => {
    assert.equal(resolveLocale(['pt-PT']), 'pt-BR');
    assert.equal(resolveLocale(['pt']), 'pt-BR');
    assert.equal(resolveLocale(['pt-AO']), 'pt-BR');
    assert.equal(resolveLocale(['zh-HK']), 'zh-TW');
    assert.equal(resolveLocale(['zh-MO']), 'zh-TW');
    assert.equal(resolveLocale(['zh-Hant']), 'zh-TW');
    assert.equal(resolveLocale(['zh-Hant-HK']), 'zh-TW');
    assert.equal(resolveLocale(['zh-SG']), 'zh-CN');
    assert.equal(resolveLocale(['zh-Hans-SG']), 'zh-CN');
    assert.equal(resolveLocale(['zh']), 'zh-CN');
    assert.equal(resolveLocale(['es-419']), 'es');
    assert.equal(resolveLocale(['es-MX']), 'es');
    assert.equal(resolveLocale(['de-AT']), 'de');
    assert.equal(resolveLocale(['fr-CA']), 'fr');
    assert.equal(resolveLocale(['ja-JP']), 'ja');
    assert.equal(resolveLocale(['ar-EG']), 'ar');
    assert.equal(resolveLocale(['ar-SA']), 'ar');
    assert.equal(resolveLocale(['he-IL']), 'he');
    assert.equal(resolveLocale(['iw-IL']), 'he', 'the old code for Hebrew, still sent by some Android browsers');
    assert.equal(resolveLocale(['nl-BE']), 'nl');
    assert.equal(resolveLocale(['ko-KR']), 'ko');
    assert.equal(resolveLocale(['in-ID']), 'id', 'the old code for Indonesian');
    assert.equal(resolveLocale(['th-TH']), 'th');
  });

  it('goes down the list (invite, then browser) before falling back to English', () => {
    assert.equal(resolveLocale(['sv-SE', 'fr']), 'fr');
    assert.equal(resolveLocale(['ms-MY', 'id']), 'id', 'Malay is not served by Indonesian unless the browser says so');
    assert.equal(resolveLocale([undefined, 'ru-RU', 'en-US']), 'ru');
    assert.equal(resolveLocale(['fi', 'sv']), 'en');
    assert.equal(resolveLocale([undefined, null, '', 'de']), 'de');
    assert.equal(resolveLocale([]), 'en');
  });
});

describe('direction', () => {
  it('is right to left for Arabic and Hebrew only', () => {
    assert.deepEqual(SUPPORTED.filter((locale) => direction(locale) === 'rtl').sort(), ['ar', 'he']);
    assert.equal(direction('ar-EG'), 'rtl');
    assert.equal(direction('he'), 'rtl');
    assert.equal(direction('en'), 'ltr');
  });
});

describe('translator', () => {
  it('fills placeholders and falls back to English, then the key', () => {
    const t = translator({ 'prejoin.caseLine': 'Fall {caseId} · mit {name}' });
    assert.equal(t('prejoin.caseLine', { caseId: 'C-1', name: 'Alex' }), 'Fall C-1 · mit Alex');
    assert.equal(t('state.connecting'), 'Connecting…');
    assert.equal(t('no.such.key'), 'no.such.key');
    assert.equal(t('prejoin.caseLine', { caseId: 'C-1' }), 'Fall C-1 · mit {name}');
  });

  it('writes numbers the language’s way and leaves strings (case ids) as they are', async () => {
    const de = translator(await loadMessages('de'), 'de');
    assert.equal(de('agent.end.noteCount', { count: 1249, max: 2000 }), 'Optional · 1.249/2.000');
    const ar = translator(await loadMessages('ar'), 'ar');
    assert.equal(ar('device.camera', { n: 2 }), `الكاميرا ${new Intl.NumberFormat('ar').format(2)}`);
    assert.match(ar('prejoin.caseLine', { caseId: 'CASE-1001', name: 'Alex' }), /CASE-1001/);
  });

  it('gives the unfilled template for putting values in as elements', () => {
    const t = translator({ 'prejoin.caseLine': 'Fall {caseId} · mit {name}' }, 'de');
    assert.deepEqual(parts(t.template('prejoin.caseLine')), ['Fall ', { name: 'caseId' }, ' · mit ', { name: 'name' }]);
    assert.equal(t.template('state.connected'), 'Connected');
  });
});

describe('right-to-left tables', () => {
  for (const locale of ['ar', 'he']) {
    it(`${locale} is written in its own script, not Latin`, async () => {
      const messages = await loadMessages(locale);
      const script = locale === 'ar' ? /[\u0600-\u06FF]/ : /[\u0590-\u05FF]/;
      for (const key of referenceKeys()) assert.match(messages[key], script, key);
    });
  }
});
