/**
 * Looks at the web client as users would, in headless Chromium (the system one) against the
 * fake server: an agent and a customer meet, mute, lose the connection and come back, and the
 * agent ends the call; a customer without a camera, and one who blocked camera and microphone;
 * broken links; the customer page on a phone in ar, he, de, ru and ja (languages.js); the /ops
 * dashboard by keyboard (ops-check.js). Every screenshotted state is audited with axe-core and
 * for overflowing text (audit.js). Screenshots go to the output folder (default
 * target/browser-check).
 *
 *   node --experimental-websocket src/test/browser/check.js [outDir]
 */
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

import { axe, describeViolations, failing, overflow } from './audit.js';
import { Browser } from './cdp.js';
import { startFakeServer } from './fake-signaling.js';
import { phoneLanguages } from './languages.js';
import { opsPage } from './ops-check.js';

const out = process.argv[2] || 'target/browser-check';
mkdirSync(out, { recursive: true });

const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844, mobile: true };
const hasRemoteVideo = `document.querySelector('.stage').classList.contains('has-remote-video')`;

const { server, port, reports } = await startFakeServer();
const base = `http://localhost:${port}`;
const browser = await Browser.launch();
const pages = {};
const audits = []; // {state, counts, failing, overflow} per page state looked at

/** Screenshots a page state, then checks it with axe-core and for text that overflows its box. */
async function shot(page, name) {
  console.log(`  screenshot ${await page.screenshot(join(out, `${name}.png`))}`);
  const { violations, counts, passed } = await axe(page);
  const audit = { state: name, counts, passed, failing: failing(violations), overflow: await overflow(page) };
  audits.push(audit);
  const summary = violations.map((v) => `${v.impact} ${v.id} (${v.nodes.length})`).join(', ') || 'no violations';
  console.log(`  axe ${name}: ${passed} rules passed, ${summary}${audit.overflow.length ? `; ${audit.overflow.length} overflow(s)` : ''}`);
}
const step = (text) => console.log(`- ${text}`);
const newCall = async (query = 'locale=en') => (await fetch(`${base}/fake/calls?${query}`, { method: 'POST' })).json();
const kill = (callId, role) => fetch(`${base}/fake/kill?call=${callId}&role=${role}`, { method: 'POST' });

async function open(name, url, viewport, beforeScripts) {
  const page = await browser.newPage(viewport);
  pages[name] = page;
  if (beforeScripts) await page.beforeScripts(beforeScripts);
  await page.goto(url);
  return page;
}

/** The whole call: pre-warm, join, mute, reconnect, end. */
async function fullCall() {
  const links = await newCall();

  step('agent opens the agent link and waits for the customer');
  const agent = await open('agent', links.agentJoinUrl, DESKTOP);
  await agent.waitFor(`window.casecall.state() === 'waiting'`);
  await agent.waitFor(`document.querySelector('#invite-link').value.includes('/join#token=')`);
  await agent.waitFor(`window.casecall.timings().media_ready`);
  await shot(agent, 'agent-waiting');

  step('customer opens the invite on a phone: preview, pre-warmed socket, token out of the address bar');
  const customer = await open('customer', links.customerInviteUrl, PHONE);
  await customer.waitFor(`document.body.dataset.currentView === 'prejoin' && window.casecall.timings().media_ready && window.casecall.timings().ws_open`);
  assert.equal(await customer.evaluate('location.hash'), '', 'the token left the address bar');
  await customer.waitFor(`document.querySelector('#preview-video').videoWidth > 0`);
  await customer.click('.prejoin-title'); // a user gesture lets the level meter start
  await customer.waitFor(`window.casecall.call.localParticipant.level() > 0.05`, 5000);
  await customer.waitFor(`new DOMMatrix(getComputedStyle(document.querySelector('.meter-fill')).transform).a > 0.05`, 5000);
  await shot(customer, 'customer-prejoin-phone');

  step('the pre-warmed socket drops during the preview and comes back by itself');
  const firstOpen = await customer.evaluate('window.casecall.timings().ws_open');
  await kill(links.callId, 'customer');
  await customer.waitFor(`window.casecall.timings().ws_open > ${firstOpen}`, 5000);

  step('customer joins; both see and hear each other');
  await customer.click('[data-testid=join]');
  await customer.waitFor(`window.casecall.timings().first_frame`, 20_000);
  await agent.waitFor(`window.casecall.timings().first_frame`, 20_000);
  await customer.waitFor(`window.casecall.state() === 'connected' && ${hasRemoteVideo}`);
  await agent.waitFor(hasRemoteVideo);
  await customer.waitFor(`document.querySelector('[data-testid=call-announcer]').textContent === 'Connected'`, 5000);
  const marks = await customer.evaluate('window.casecall.timings()');
  console.log(`  customer marks ${JSON.stringify(marks)}`);
  console.log(`  customer connect time (join_click -> first_frame): ${(marks.first_frame - marks.join_click).toFixed(1)} ms (fake relay, both browsers on one machine)`);
  assert.ok(marks.ws_open < marks.join_click, 'the socket was open before the click');
  assert.equal(marks.join_sent, marks.publish_offer, 'the publishing offer went with the join');
  for (const page of [customer, agent]) {
    assert.equal(await page.evaluate(`document.querySelector('#remote-audio').srcObject.getAudioTracks().length`), 1, 'remote audio is attached');
  }
  console.log(`  agent sound button shown (autoplay blocked): ${!(await agent.evaluate(`document.querySelector('[data-testid=enable-sound]').hidden`))}`);
  await shot(customer, 'customer-call-phone');
  await shot(agent, 'agent-call');
  await customer.waitFor(`window.casecall.reports().length === 1`);
  await agent.waitFor(`window.casecall.reports().length === 1`);

  step('customer mutes and turns the camera off; the agent sees it');
  await customer.click('[data-testid=toggle-mic]');
  await customer.click('[data-testid=toggle-camera]');
  await agent.waitFor(`!document.querySelector('[data-testid=remote-muted]').hidden && !${hasRemoteVideo}`);
  await shot(agent, 'agent-customer-muted');
  await shot(customer, 'customer-muted-phone');
  await customer.click('[data-testid=toggle-mic]');
  await customer.click('[data-testid=toggle-camera]');
  await agent.waitFor(`document.querySelector('[data-testid=remote-muted]').hidden && ${hasRemoteVideo}`);

  step('the customer loses the connection and comes back by itself');
  await kill(links.callId, 'customer');
  await customer.waitFor(`window.casecall.state() === 'reconnecting'`, 5000);
  await customer.waitFor(`document.querySelector('[data-testid=call-announcer]').textContent === 'Reconnecting…'`, 5000);
  await shot(customer, 'customer-reconnecting-phone');
  await customer.waitFor(`window.casecall.state() === 'connected' && window.casecall.timings().first_frame`, 20_000);
  await agent.waitFor(`window.casecall.state() === 'connected' && ${hasRemoteVideo}`, 20_000);
  await customer.waitFor(`window.casecall.reports().length === 2`);

  step('the customer\'s browser goes offline: the page says so and waits, then carries on');
  const network = (offline) => customer.send('Network.emulateNetworkConditions', { offline, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
  await customer.send('Network.enable');
  await network(true);
  await customer.waitFor(`document.querySelector('[data-testid=call-state]').textContent.startsWith("You're offline")`, 5000);
  await shot(customer, 'customer-offline-phone');
  await network(false);
  await customer.waitFor(`window.casecall.state() === 'connected' && document.querySelector('[data-testid=call-state]').textContent === 'Connected'`, 20_000);

  step('the agent copies the invite link and ends the call with an outcome and a note');
  await agent.click('[data-testid=copy-invite]');
  await agent.waitFor(`document.querySelector('[data-testid=copy-invite]').innerText.trim() !== ''`);
  console.log(`  copy button says: ${await agent.evaluate(`document.querySelector('[data-testid=copy-invite]').innerText.trim()`)}`);
  await agent.evaluate(`document.querySelector('#end-outcome').value = 'reshipped'`);
  await agent.evaluate(`document.querySelector('#end-note').value = 'Replacement sent by express, tracking shared.'`);
  await agent.click('[data-testid=end-call]');
  await agent.waitFor(`document.querySelector('[data-testid=end-view]')`);
  await customer.waitFor(`document.querySelector('[data-testid=end-view]')`);
  await shot(agent, 'agent-ended');
  await shot(customer, 'customer-ended-phone');

  step('the connect-time reports the server received');
  for (const report of reports) {
    console.log(`  ${report.role} join ${report.join}${report.extra.reconnect ? ' (reconnect)' : ''}: ${Object.keys(report.marks).join(' ')}`);
    assert.deepEqual(report.violations, [], `${report.role} join ${report.join} is in order`);
  }
  assert.deepEqual(reports.filter((r) => r.role === 'customer').map((r) => r.join), [1, 2]);
  assert.deepEqual(reports.filter((r) => r.role === 'agent').map((r) => r.join), [1]);
}

/** A customer whose camera is missing, and one who blocked everything, can still join. */
async function withoutMedia() {
  step('a customer without a camera joins with audio only');
  const noCamera = await newCall('locale=de');
  const agent = await open('agent2', noCamera.agentJoinUrl, DESKTOP);
  await agent.waitFor(`window.casecall.state() === 'waiting'`);
  const customer = await open('customer2', noCamera.customerInviteUrl, PHONE, `
    const real = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
    navigator.mediaDevices.getUserMedia = (c) => c.video ? Promise.reject(new DOMException('no camera', 'NotFoundError')) : real(c);
    const list = navigator.mediaDevices.enumerateDevices.bind(navigator.mediaDevices);
    navigator.mediaDevices.enumerateDevices = async () => (await list()).filter((d) => d.kind !== 'videoinput');`);
  await customer.waitFor(`!document.querySelector('[data-testid=media-notice]').hidden`);
  assert.match(await customer.evaluate(`document.querySelector('[data-testid=join]').innerText`), /Audio/);
  await shot(customer, 'customer-no-camera-phone-de');
  await customer.click('[data-testid=join]');
  await customer.waitFor(`window.casecall.state() === 'connected' && ${hasRemoteVideo}`, 20_000);
  await agent.waitFor(`window.casecall.state() === 'connected' && document.querySelector('.stage-text').innerText.includes('Mei Chen')`, 20_000);
  await shot(agent, 'agent-customer-audio-only');

  step('a customer who blocked camera and microphone is told how to allow them, and can still listen');
  const blocked = await newCall('locale=fr');
  const denied = await open('customer3', blocked.customerInviteUrl, DESKTOP,
    `navigator.mediaDevices.getUserMedia = () => Promise.reject(new DOMException('denied', 'NotAllowedError'));`);
  await denied.waitFor(`!document.querySelector('[data-testid=media-notice]').hidden`);
  assert.match(await denied.evaluate(`document.querySelector('#media-notice-text').innerText`), /bloque la caméra et le micro/);
  await shot(denied, 'customer-denied-desktop-fr');
}

/** Links that cannot work end on a friendly page in the customer's language. */
async function brokenLinks() {
  step('expired, ended and garbled links, and a customer who arrives in another language');
  const expired = await newCall('locale=ja&problem=token_expired');
  const ended = await newCall('locale=zh-CN');
  const expiredHe = await newCall('locale=he&problem=token_expired');
  const endedAgent = await open('agent-ended-call', ended.agentJoinUrl, DESKTOP);
  await endedAgent.waitFor(`window.casecall.state() === 'waiting'`);
  await endedAgent.click('[data-testid=end-call]');
  await endedAgent.waitFor(`document.querySelector('[data-testid=end-view]')`);
  const cases = [
    ['expired-ja-phone', expired.customerInviteUrl, PHONE, 'このリンクは有効期限が切れています'],
    ['ended-zh-phone', ended.customerInviteUrl, PHONE, '本次通话已结束'],
    ['expired-he-phone', expiredHe.customerInviteUrl, PHONE, 'תוקף הקישור פג'],
    ['garbled-desktop', `${base}/join#token=not-a-token`, DESKTOP, 'This link doesn’t look right'],
    ['missing-desktop', `${base}/join`, DESKTOP, 'This link doesn’t look right'],
  ];
  for (const [name, url, viewport, title] of cases) {
    const page = await open(name, url, viewport);
    await page.waitFor(`document.querySelector('[data-testid=error-view] h1')`);
    assert.equal(await page.evaluate(`document.querySelector('[data-testid=error-view] h1').innerText`), title, name);
    await shot(page, `error-${name}`);
  }
}

try {
  await fullCall();
  await withoutMedia();
  await brokenLinks();
  await phoneLanguages({ open, newCall, shot, step, PHONE, DESKTOP, hasRemoteVideo });
  await opsPage({ open, shot, step, base, DESKTOP });
  step('axe-core (WCAG 2.2 A/AA + best practices) and overflow, per page state');
  for (const { state, counts, passed } of audits) console.log(`  ${state.padEnd(36)} ${String(passed).padStart(3)} rules passed, violations ${JSON.stringify(counts)}`);
  const bad = audits.filter((a) => a.failing.length);
  assert.equal(bad.length, 0, `serious or critical accessibility violations:\n${bad.map((a) => describeViolations(a.state, a.failing)).join('\n')}`);
  const spilled = audits.filter((a) => a.overflow.length);
  assert.equal(spilled.length, 0, `text overflows its box:\n${spilled.map((a) => a.overflow.map((line) => `  ${a.state}: ${line}`).join('\n')).join('\n')}`);
  for (const [name, page] of Object.entries(pages)) {
    const errors = page.console.filter((line) => line.startsWith('exception') || line.startsWith('error'));
    assert.deepEqual(errors, [], `no errors in the ${name} console`);
  }
  console.log('ok');
} catch (error) {
  for (const [name, page] of Object.entries(pages)) {
    console.log(`  ${name}: state ${await page.evaluate('window.casecall.state()').catch(() => '?')}`);
    console.log(`  ${name}: marks ${JSON.stringify(await page.evaluate('window.casecall.timings()').catch(() => '?'))}`);
    console.log(page.console.map((line) => `  ${name} console: ${line}`).join('\n'));
  }
  throw error;
} finally {
  await browser.close();
  server.close();
}
