/**
 * The customer page in the longest and the right-to-left languages on a phone (390x844):
 * pre-join and in call for ar, he, de, ru and ja, screenshotted and audited like every other
 * state; right-to-left mirrored with case ids kept left to right; a screen reader's live
 * region says the state in the page's language; a keyboard-only join; and the language
 * picked from the browser when the invite has none (zh-HK -> zh-TW, pt-PT -> pt-BR).
 */
import assert from 'node:assert/strict';

/** What a screen reader hears from the call's live region. */
const ANNOUNCED = `document.querySelector('[data-testid=call-announcer]').textContent`;

/** Expected words per language: the title of the pre-join view and "Connected". */
const LANGUAGES = {
  ar: { title: 'هل أنت مستعد للانضمام؟', connected: 'متصل', dir: 'rtl' },
  he: { title: 'מוכנים להצטרף?', connected: 'מחובר', dir: 'rtl' },
  de: { title: 'Bereit für den Anruf?', connected: 'Verbunden', dir: 'ltr' },
  ru: { title: 'Готовы подключиться?', connected: 'Соединение установлено', dir: 'ltr' },
  ja: { title: null, connected: null, dir: 'ltr' },
};

/**
 * @param {object} check the browser check's helpers
 */
export async function phoneLanguages({ open, newCall, shot, step, PHONE, DESKTOP, hasRemoteVideo }) {
  for (const [locale, expected] of Object.entries(LANGUAGES)) {
    step(`a customer whose invite says ${locale}, on a phone: pre-join and call`);
    const links = await newCall(`locale=${locale}&case=CASE-2024-000731&name=${encodeURIComponent('Mei Chen')}`);
    // the agent's page takes the agent's browser language (the agent's token carries none)
    const openAgent = async () => {
      const page = await open(`agent-${locale}`, links.agentJoinUrl, { ...DESKTOP, locale });
      await page.waitFor(`['waiting', 'connected'].includes(window.casecall.state())`);
      return page;
    };
    // in ru and he the customer comes first and waits for the agent
    const customerFirst = locale === 'ru' || locale === 'he';
    let agent = customerFirst ? null : await openAgent();
    // the German customer has asked the system for reduced motion
    const customer = await open(`customer-${locale}`, links.customerInviteUrl, { ...PHONE, reducedMotion: locale === 'de' });
    await customer.waitFor(`document.body.dataset.currentView === 'prejoin' && document.querySelector('#preview-video').videoWidth > 0`);
    assert.equal(await customer.evaluate('document.documentElement.lang'), locale);
    assert.equal(await customer.evaluate('document.documentElement.dir'), expected.dir);
    if (expected.title) assert.equal(await customer.evaluate(`document.querySelector('#prejoin-title').textContent`), expected.title);
    // the case id stays left to right, isolated from the sentence around it
    assert.equal(await customer.evaluate(`document.querySelector('#prejoin-case bdi[dir=ltr]').textContent`), 'CASE-2024-000731');
    assert.equal(await customer.evaluate(`document.querySelector('#language').value`), locale);
    await shot(customer, `lang-${locale}-prejoin-phone`);
    const motion = await customer.evaluate(`getComputedStyle(document.querySelector('.meter-fill')).transitionDuration`);
    assert.equal(motion, locale === 'de' ? '0s' : '0.08s', 'the level meter moves only for those who did not ask for reduced motion');

    if (locale === 'ar') {
      step('keyboard only: Tab to Join, Enter, and the focus lands on the call controls');
      await tabTo(customer, '[data-testid=join]');
      await customer.press('Enter');
      await customer.waitFor(`document.activeElement && document.activeElement.dataset.testid === 'toggle-mic'`, 5000);
      assert.equal(await customer.evaluate(`getComputedStyle(document.activeElement).outlineStyle`), 'solid', 'the focus is visible');
      await customer.press('ArrowLeft'); // right to left: the next control is on the left
      assert.equal(await customer.evaluate(`document.activeElement.dataset.testid`), 'toggle-camera');
      await customer.press('ArrowRight');
      assert.equal(await customer.evaluate(`document.activeElement.dataset.testid`), 'toggle-mic');
    } else {
      await customer.click('[data-testid=join]');
    }
    if (customerFirst) {
      await customer.waitFor(`window.casecall.state() === 'waiting' && ${ANNOUNCED}.includes('. ')`, 20_000);
      console.log(`  ${locale} waiting: a screen reader hears "${await customer.evaluate(ANNOUNCED)}"`);
      await shot(customer, `lang-${locale}-waiting-phone`);
      agent = await openAgent();
    }
    await customer.waitFor(`window.casecall.state() === 'connected' && ${hasRemoteVideo}`, 20_000);
    if (expected.connected) await customer.waitFor(`${ANNOUNCED} === ${JSON.stringify(expected.connected)}`, 5000);
    if (expected.dir === 'rtl') {
      // mirrored: the self view sits bottom-left, the other side's name bottom-right
      const box = await customer.evaluate(`(() => { const r = document.querySelector('.self-view').getBoundingClientRect(); return {left: r.left, right: innerWidth - r.right}; })()`);
      assert.ok(box.left < box.right, `the self view is on the left in ${locale}: ${JSON.stringify(box)}`);
      // the speaker of "Turn on sound" faces the reading direction (shown a moment to have a box)
      assert.equal(await customer.evaluate(`(() => {
        const button = document.querySelector('[data-testid=enable-sound]');
        const hidden = button.hidden;
        button.hidden = false;
        const transform = getComputedStyle(button.querySelector('.icon')).transform;
        button.hidden = hidden;
        return transform;
      })()`), 'matrix(-1, 0, 0, 1, 0, 0)');
    }
    await shot(customer, `lang-${locale}-call-phone`);
    await agent.waitFor(`window.casecall.state() === 'connected' && document.documentElement.lang === ${JSON.stringify(locale)}`);
    await shot(agent, `lang-${locale}-agent-call`);
    await customer.close();
    await agent.close();
  }

  for (const [browserLocale, expected] of [['zh-HK', 'zh-TW'], ['pt-PT', 'pt-BR']]) {
    step(`an invite without a language, a browser in ${browserLocale}: the page speaks ${expected}`);
    const links = await newCall('locale=');
    const page = await open(`customer-${browserLocale}`, links.customerInviteUrl, { ...PHONE, locale: browserLocale });
    await page.waitFor(`document.body.dataset.currentView === 'prejoin'`);
    assert.equal(await page.evaluate('document.documentElement.lang'), expected);
    if (browserLocale === 'pt-PT') {
      step('the customer switches the language: the page comes back in Korean, the call link still works');
      await page.evaluate(`(() => { const s = document.querySelector('#language'); s.value = 'ko'; s.dispatchEvent(new Event('change')); })()`);
      await page.waitFor(`document.documentElement.lang === 'ko' && document.body.dataset.currentView === 'prejoin'`);
      assert.equal(await page.evaluate(`document.querySelector('#language').getAttribute('aria-label')`), '언어 · Language');
    }
    await page.close();
  }
}

/** Presses Tab until the element matching `selector` has the focus (at most 30 times). */
export async function tabTo(page, selector) {
  for (let i = 0; i < 30; i++) {
    await page.press('Tab');
    if (await page.evaluate(`document.activeElement === document.querySelector(${JSON.stringify(selector)})`)) return;
  }
  throw new Error(`Tab never reached ${selector}`);
}
