/**
 * A tiny Chrome DevTools Protocol driver for looking at the pages in headless Chromium, with no
 * npm dependency: it talks to the system Chromium over --remote-debugging-pipe (NUL-separated
 * JSON on file descriptors 3 and 4), so it needs no WebSocket client either.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const CHROMIUM = process.env.CASECALL_CHROMIUM || '/usr/bin/chromium';

const FLAGS = [
  '--headless=new', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream', '--hide-scrollbars',
  '--remote-debugging-pipe',
];

export class Browser {
  /** Starts Chromium; `extraFlags` e.g. ['--autoplay-policy=no-user-gesture-required']. */
  static async launch(extraFlags = []) {
    const profile = mkdtempSync(join(tmpdir(), 'casecall-chromium-'));
    const child = spawn(CHROMIUM, [...FLAGS, ...extraFlags, `--user-data-dir=${profile}`, 'about:blank'],
      { stdio: ['ignore', 'ignore', 'pipe', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk) => { stderr = (stderr + chunk).slice(-4000); });
    const browser = new Browser(child, profile);
    await Promise.race([
      browser.send('Browser.getVersion'),
      new Promise((resolve, reject) => child.on('exit', (code) => reject(new Error(`Chromium exited ${code}: ${stderr}`)))),
    ]);
    return browser;
  }

  constructor(child, profile) {
    Object.assign(this, { child, profile });
    this.nextId = 1;
    this.pending = new Map();
    this.listeners = new Set();
    this.out = child.stdio[3];
    let buffered = '';
    child.stdio[4].setEncoding('utf8'); // decodes characters split across chunks
    child.stdio[4].on('data', (chunk) => {
      buffered += chunk;
      let end;
      while ((end = buffered.indexOf('\0')) >= 0) {
        this.#receive(JSON.parse(buffered.slice(0, end)));
        buffered = buffered.slice(end + 1);
      }
    });
  }

  #receive(message) {
    if (message.id && this.pending.has(message.id)) {
      const { resolve, reject } = this.pending.get(message.id);
      this.pending.delete(message.id);
      if (message.error) reject(new Error(`${message.error.message} ${message.error.data || ''}`));
      else resolve(message.result);
    } else if (message.method) {
      for (const listener of this.listeners) listener(message);
    }
  }

  send(method, params = {}, sessionId = undefined) {
    const id = this.nextId++;
    this.out.write(`${JSON.stringify({ id, method, params, sessionId })}\0`);
    return new Promise((resolve, reject) => this.pending.set(id, { resolve, reject }));
  }

  /**
   * Opens a page at a viewport size.
   * @param {{width: number, height: number, mobile?: boolean, locale?: string, reducedMotion?: boolean}} viewport
   */
  async newPage({ width, height, mobile = false, locale, reducedMotion = false }) {
    const { targetId } = await this.send('Target.createTarget', { url: 'about:blank', newWindow: true });
    const { sessionId } = await this.send('Target.attachToTarget', { targetId, flatten: true });
    const page = new Page(this, sessionId, targetId);
    await page.send('Page.enable');
    await page.send('Runtime.enable');
    await page.send('Emulation.setDeviceMetricsOverride', { width, height, deviceScaleFactor: mobile ? 2 : 1, mobile });
    if (mobile) await page.send('Emulation.setTouchEmulationEnabled', { enabled: true });
    if (reducedMotion) await page.send('Emulation.setEmulatedMedia', { features: [{ name: 'prefers-reduced-motion', value: 'reduce' }] });
    if (locale) {
      await page.send('Emulation.setLocaleOverride', { locale });
      await page.send('Network.enable');
      await page.send('Network.setUserAgentOverride', { userAgent: 'Mozilla/5.0 CaseCallCheck', acceptLanguage: locale });
    }
    return page;
  }

  async close() {
    try { await this.send('Browser.close'); } catch { /* already gone */ }
    await new Promise((resolve) => { if (this.child.exitCode !== null) resolve(); else this.child.on('exit', resolve); setTimeout(resolve, 3000); });
    rmSync(this.profile, { recursive: true, force: true });
  }
}

class Page {
  constructor(browser, sessionId, targetId) {
    Object.assign(this, { browser, sessionId, targetId });
    this.console = [];
    browser.listeners.add((message) => {
      if (message.sessionId !== sessionId) return;
      if (message.method === 'Runtime.consoleAPICalled') {
        this.console.push(`${message.params.type}: ${message.params.args.map((a) => a.value ?? a.description).join(' ')}`);
      } else if (message.method === 'Runtime.exceptionThrown') {
        this.console.push(`exception: ${message.params.exceptionDetails.exception?.description || message.params.exceptionDetails.text}`);
      }
    });
  }

  send(method, params = {}) {
    return this.browser.send(method, params, this.sessionId);
  }

  /** Runs a script in every document this page loads, before the page's own scripts. */
  async beforeScripts(source) {
    await this.send('Page.addScriptToEvaluateOnNewDocument', { source });
  }

  async goto(url) {
    await this.send('Page.navigate', { url });
  }

  /** Evaluates an expression in the page (awaiting promises) and returns its value. */
  async evaluate(expression) {
    const result = await this.send('Runtime.evaluate', { expression, awaitPromise: true, returnByValue: true, userGesture: true });
    if (result.exceptionDetails) throw new Error(result.exceptionDetails.exception?.description || result.exceptionDetails.text);
    return result.result.value;
  }

  /** Polls an expression until it is truthy; returns its value. */
  async waitFor(expression, timeoutMs = 15_000) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      let value;
      try { value = await this.evaluate(expression); } catch { value = undefined; }
      if (value) return value;
      if (Date.now() > deadline) throw new Error(`Timed out waiting for ${expression}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  /** Clicks the element matching a selector, as a user would (mouse events at its centre). */
  async click(selector) {
    const box = await this.evaluate(`(() => { const r = document.querySelector(${JSON.stringify(selector)}).getBoundingClientRect(); return {x: r.x + r.width / 2, y: r.y + r.height / 2}; })()`);
    for (const type of ['mousePressed', 'mouseReleased']) {
      await this.send('Input.dispatchMouseEvent', { type, x: box.x, y: box.y, button: 'left', clickCount: 1 });
    }
  }

  /** Presses a key as a keyboard user would (`Tab`, `Shift+Tab`, `Enter`, `Space`, `Escape`, arrows). */
  async press(combo) {
    const keys = { Tab: [9, 'Tab', ''], Enter: [13, 'Enter', '\r'], Space: [32, ' ', ' '], Escape: [27, 'Escape', ''],
      ArrowLeft: [37, 'ArrowLeft', ''], ArrowRight: [39, 'ArrowRight', ''] };
    const shift = combo.startsWith('Shift+');
    const [code, key, text] = keys[shift ? combo.slice(6) : combo];
    const common = { key, code: key === ' ' ? 'Space' : key, windowsVirtualKeyCode: code, modifiers: shift ? 8 : 0 };
    await this.send('Input.dispatchKeyEvent', { type: 'keyDown', ...common, text: text || undefined });
    await this.send('Input.dispatchKeyEvent', { type: 'keyUp', ...common });
  }

  /** Types text into the focused element, as a keyboard would. */
  async type(text) {
    await this.send('Input.insertText', { text });
  }

  async screenshot(path) {
    const { data } = await this.send('Page.captureScreenshot', { format: 'png' });
    writeFileSync(path, Buffer.from(data, 'base64'));
    return path;
  }

  async close() {
    await this.browser.send('Target.closeTarget', { targetId: this.targetId });
  }
}
