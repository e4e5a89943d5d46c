import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { LANGUAGE_NAMES, loadMessages, referenceKeys, resolveLocale, SUPPORTED, translator } from '../../main/web/js/i18n/i18n.js';

/** Strings that are the same word in English and the language (checked by a speaker). */
const SAME_AS_ENGLISH = { de: ['agent.end.noteCount'] };

const placeholders = (text) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('translation tables', async () => {
  const reference = referenceKeys();
  const en = await loadMessages('en');

  it('cover English, Simplified Chinese, Spanish, German, French and Japanese', () => {
    assert.deepEqual([...SUPPORTED].sort(), ['de', 'en', 'es', 'fr', 'ja', 'zh-CN']);
    assert.deepEqual(Object.keys(LANGUAGE_NAMES).sort(), [...SUPPORTED].sort());
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
  it('matches exactly, then by language, then falls back to English', () => {
    assert.equal(resolveLocale(['zh-CN']), 'zh-CN');
    assert.equal(resolveLocale(['zh_cn']), 'zh-CN');
    assert.equal(resolveLocale(['zh-Hans-SG']), 'zh-CN');
    assert.equal(resolveLocale(['zh-TW']), 'zh-CN');
    assert.equal(resolveLocale(['es-MX']), 'es');
    assert.equal(resolveLocale(['de-AT']), 'de');
    assert.equal(resolveLocale(['fr-CA']), 'fr');
    assert.equal(resolveLocale(['ja-JP']), 'ja');
    assert.equal(resolveLocale(['pt-BR', 'fr']), 'fr');
    assert.equal(resolveLocale(['pt-BR']), 'en');
    assert.equal(resolveLocale([undefined, null, '', 'de']), 'de');
    assert.equal(resolveLocale([]), 'en');
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
});
