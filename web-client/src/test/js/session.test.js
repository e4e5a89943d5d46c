import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { deviceId, fetchSession, keepToken, problemKind, rtcConfiguration, SessionError, socketUrl, takeToken, unverifiedClaims } from '../../main/web/js/call/session.js';
import { browserEnv, tabStorage } from '../../main/web/js/platform/browser-env.js';
import { looksLikeToken } from '../../main/web/js/signaling/envelope.js';

class MemoryStorage {
  items = new Map();
  getItem(key) { return this.items.has(key) ? this.items.get(key) : null; }
  setItem(key, value) { this.items.set(key, String(value)); }
}

function page(hash, pathname = '/join') {
  const replaced = [];
  const location = { pathname, search: '', hash, protocol: 'https:', host: 'calls.example.com' };
  const history = { state: null, replaceState: (state, title, url) => replaced.push(url) };
  return { location, history, replaced };
}

const b64 = (object) => Buffer.from(JSON.stringify(object)).toString('base64url');
const TOKEN = `${b64({ alg: 'ES256', kid: 'k1' })}.${b64({ call: 'c1', locale: 'zh-CN', name: '王' })}.c2ln`;

describe('takeToken', () => {
  it('takes the token from the fragment, removes it from the address bar and keeps it for a reload', () => {
    const storage = new MemoryStorage();
    const { location, history, replaced } = page(`#token=${TOKEN}`);
    assert.equal(takeToken({ location, history, storage }), TOKEN);
    assert.deepEqual(replaced, ['/join']);
    const reload = page('');
    assert.equal(takeToken({ location: reload.location, history: reload.history, storage }), TOKEN);
    assert.deepEqual(reload.replaced, [], 'nothing to remove on a reload');
  });

  it('keeps other fragment parameters and separates pages', () => {
    const storage = new MemoryStorage();
    const { location, history, replaced } = page(`#token=${TOKEN}&x=1`, '/agent');
    takeToken({ location, history, storage });
    assert.deepEqual(replaced, ['/agent#x=1']);
    const other = page('', '/join');
    assert.equal(takeToken({ location: other.location, history: other.history, storage }), null);
  });

  it('keeps a refreshed token for a reload of the same page, and nothing that is not a token', () => {
    const storage = new MemoryStorage();
    const { location, history } = page(`#token=${TOKEN}`);
    takeToken({ location, history, storage });
    keepToken('fresh.fresh.fresh', { location, storage });
    keepToken('<script>', { location, storage });
    const reload = page('');
    assert.equal(takeToken({ location: reload.location, history: reload.history, storage }), 'fresh.fresh.fresh');
  });

  it('prefers a new link over the stored token', () => {
    const storage = new MemoryStorage();
    storage.setItem('casecall.token:/join', 'old.old.old');
    const { location, history } = page('#token=new.new.new');
    assert.equal(takeToken({ location, history, storage }), 'new.new.new');
  });
});

describe('token helpers', () => {
  it('reads the claims without trusting them, and survives garbage', () => {
    assert.equal(unverifiedClaims(TOKEN).locale, 'zh-CN');
    assert.equal(unverifiedClaims(TOKEN).name, '王');
    assert.deepEqual(unverifiedClaims('garbage'), {});
    assert.deepEqual(unverifiedClaims('a.!!!.c'), {});
    assert.deepEqual(unverifiedClaims(`x.${b64([1, 2])}.y`), {});
  });

  it('tells token-shaped strings apart', () => {
    assert.equal(looksLikeToken(TOKEN), true);
    for (const bad of [null, '', 'abc', 'a.b', 'a b.c.d', `${'x'.repeat(4100)}.a.b`]) assert.equal(looksLikeToken(bad), false, String(bad).slice(0, 10));
  });
});

describe('fetchSession', () => {
  const respond = (status, body) => async (url, init) => {
    respond.last = { url, init };
    return { ok: status < 300, status, json: async () => { if (body === undefined) throw new Error('no body'); return body; } };
  };

  it('sends the token as a bearer credential and returns the session', async () => {
    const session = await fetchSession(TOKEN, { fetch: respond(200, { callId: 'c1', role: 'customer' }) });
    assert.equal(session.callId, 'c1');
    assert.equal(respond.last.url, '/api/v1/session');
    assert.equal(respond.last.init.headers.Authorization, `Bearer ${TOKEN}`);
  });

  it('turns problems into coded errors', async () => {
    await assert.rejects(fetchSession(TOKEN, { fetch: respond(401, { code: 'token_expired' }) }), (e) => e.code === 'token_expired' && !e.retryable);
    await assert.rejects(fetchSession(TOKEN, { fetch: respond(403, { code: 'token_revoked' }) }), (e) => e.code === 'token_revoked');
    await assert.rejects(fetchSession(TOKEN, { fetch: respond(503, { code: 'store_unavailable' }) }), (e) => e.retryable);
    await assert.rejects(fetchSession(TOKEN, { fetch: respond(502) }), (e) => e.code === 'server_error' && e.retryable);
    await assert.rejects(fetchSession(TOKEN, { fetch: respond(429, { code: 'rate_limited' }) }), (e) => e.code === 'rate_limited' && e.retryable);
    await assert.rejects(fetchSession(TOKEN, { fetch: async () => { throw new TypeError('offline'); } }), (e) => e.code === 'network' && e.retryable);
  });

  it('does not send what is not a token', async () => {
    let called = false;
    const fetchImpl = async () => { called = true; };
    await assert.rejects(fetchSession(null, { fetch: fetchImpl }), (e) => e instanceof SessionError && e.code === 'token_missing');
    await assert.rejects(fetchSession('%%garbled', { fetch: fetchImpl }), (e) => e.code === 'token_malformed');
    assert.equal(called, false);
  });
});

describe('problemKind', () => {
  it('sorts codes into what the person holding the link is told', () => {
    assert.equal(problemKind('token_expired'), 'expired');
    assert.equal(problemKind('token_revoked'), 'ended');
    assert.equal(problemKind('call_ended'), 'ended');
    for (const code of ['token_malformed', 'token_bad_signature', 'token_unknown_key', 'token_unsupported_algorithm',
      'token_wrong_issuer', 'token_wrong_audience', 'token_wrong_call', 'token_missing', 'wrong_call']) {
      assert.equal(problemKind(code), 'invalid', code);
    }
    assert.equal(problemKind('token_not_yet_valid'), 'not_yet_valid');
    assert.equal(problemKind('store_unavailable'), 'unavailable');
    assert.equal(problemKind('sfu_unavailable'), 'unavailable');
    assert.equal(problemKind('server_error'), 'unavailable');
    assert.equal(problemKind('network'), 'network', 'no answer is not the service saying it is in trouble');
    assert.equal(problemKind('service_lost'), 'service_lost');
    assert.equal(new SessionError('network').retryable, true);
    assert.equal(problemKind('seat_taken'), 'seat_taken');
    assert.equal(problemKind('too_many_connections'), 'seat_taken');
    assert.equal(problemKind('sfu_rejected'), 'sfu_rejected');
    assert.equal(problemKind('replaced'), 'replaced');
    assert.equal(problemKind('rate_limited'), 'rate_limited');
    assert.equal(problemKind(undefined), 'generic');
  });
});

describe('deviceId', () => {
  const randomBytes = (n) => crypto.getRandomValues(new Uint8Array(n));

  it('makes a protocol-valid id once per tab and keeps it', () => {
    const storage = new MemoryStorage();
    const id = deviceId({ storage, randomBytes });
    assert.match(id, /^[A-Za-z0-9_-]{8,64}$/);
    assert.equal(deviceId({ storage, randomBytes }), id);
    assert.notEqual(deviceId({ storage: new MemoryStorage(), randomBytes }), id);
  });

  it('replaces a stored value that is not a valid id', () => {
    const storage = new MemoryStorage();
    storage.setItem('casecall.device', 'bad id!');
    assert.match(deviceId({ storage, randomBytes }), /^[A-Za-z0-9_-]{22}$/);
  });

  it('draws the id from the environment\'s random bytes', () => {
    const id = deviceId({ storage: new MemoryStorage(), randomBytes: (n) => new Uint8Array(n).fill(1) });
    assert.equal(id, 'B'.repeat(22));
  });
});

describe('socketUrl', () => {
  it('uses wss on https pages and ws on http pages, same host', () => {
    assert.equal(socketUrl({ location: { protocol: 'https:', host: 'calls.example.com' } }), 'wss://calls.example.com/ws/v1');
    assert.equal(socketUrl({ location: { protocol: 'http:', host: 'localhost:8095' } }), 'ws://localhost:8095/ws/v1');
  });
});

describe('browserEnv', () => {
  it('hands the page\'s globals on, and the session functions run on it', async () => {
    const { location, history, replaced } = page(`#token=${TOKEN}`);
    const storage = new MemoryStorage();
    const fetched = [];
    const scope = {
      location, history, sessionStorage: storage,
      fetch: async (url, init) => { fetched.push([url, init.headers.Authorization]); return { ok: true, json: async () => ({ callId: 'c1' }) }; },
      crypto: { getRandomValues: (bytes) => bytes.fill(2) },
    };
    const env = browserEnv(scope);
    assert.equal(takeToken(env), TOKEN);
    assert.deepEqual(replaced, ['/join']);
    assert.equal(storage.getItem('casecall.token:/join'), TOKEN);
    assert.deepEqual(await fetchSession(TOKEN, env), { callId: 'c1' });
    assert.deepEqual(fetched, [['/api/v1/session', `Bearer ${TOKEN}`]]);
    assert.equal(deviceId(env), 'C'.repeat(22));
    assert.equal(socketUrl(env), 'wss://calls.example.com/ws/v1');
  });
});

describe('tabStorage', () => {
  it('remembers through session storage', () => {
    const sessionStorage = new MemoryStorage();
    const storage = tabStorage({ sessionStorage });
    storage.setItem('k', 'v');
    assert.equal(sessionStorage.getItem('k'), 'v');
    assert.equal(storage.getItem('k'), 'v');
  });

  it('never throws when the browser disables storage: nothing is remembered, the page works on', () => {
    const disabled = { get sessionStorage() { throw new DOMException('denied', 'SecurityError'); } };
    const failing = { sessionStorage: { getItem() { throw new Error('quota'); }, setItem() { throw new Error('quota'); }, removeItem() { throw new Error('quota'); } } };
    for (const scope of [disabled, failing, {}]) {
      const storage = tabStorage(scope);
      assert.doesNotThrow(() => storage.setItem('k', 'v'));
      assert.doesNotThrow(() => storage.removeItem('k'));
      assert.equal(storage.getItem('k'), null);
    }
    assert.equal(deviceId({ storage: tabStorage(disabled), randomBytes: (n) => new Uint8Array(n) }).length, 22);
  });
});

describe('rtcConfiguration', () => {
  it('passes the configured STUN/TURN servers on, and nothing that is not one', () => {
    const turn = { urls: ['turns:turn.example.com:443?transport=tcp'], username: '1795701600:customer-abc', credential: 'Xu5F' };
    assert.deepEqual(rtcConfiguration({ iceServers: [{ urls: ['stun:stun.example.com'] }, turn] }), {
      iceServers: [{ urls: ['stun:stun.example.com'], username: undefined, credential: undefined }, turn],
    });
    assert.deepEqual(rtcConfiguration({}), {});
    assert.deepEqual(rtcConfiguration({ iceServers: [{ urls: ['javascript:alert(1)'] }, { urls: 'stun:x' }, null] }), {});
  });
});
