import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { networkPort } from '../../main/web/js/platform/browser-env.js';

/** A window with `navigator.onLine` and `navigator.connection`, both event targets. */
function fakeWindow({ onLine = true, connection = null } = {}) {
  const scope = new EventTarget();
  scope.navigator = { onLine, connection };
  return scope;
}

function fakeConnection(type, effectiveType) {
  const connection = new EventTarget();
  Object.assign(connection, { type, effectiveType, rtt: 50 });
  return connection;
}

describe('networkPort', () => {
  it('reads navigator.onLine, and counts as online where the browser does not say', () => {
    assert.equal(networkPort(fakeWindow({ onLine: false })).online(), false);
    assert.equal(networkPort(fakeWindow()).online(), true);
    assert.equal(networkPort({ addEventListener() {}, removeEventListener() {} }).online(), true);
  });

  it('hands on online and offline, and a change of the connection type, but not of its estimates', () => {
    const connection = fakeConnection('wifi', '4g');
    const scope = fakeWindow({ connection });
    const heard = [];
    const unsubscribe = networkPort(scope).subscribe((change) => heard.push(change));
    scope.dispatchEvent(new Event('offline'));
    scope.dispatchEvent(new Event('online'));
    connection.rtt = 300;
    connection.dispatchEvent(new Event('change'));
    connection.type = 'cellular';
    connection.dispatchEvent(new Event('change'));
    connection.effectiveType = '3g';
    connection.dispatchEvent(new Event('change'));
    assert.deepEqual(heard, ['offline', 'online', 'change', 'change']);
    unsubscribe();
    scope.dispatchEvent(new Event('offline'));
    connection.type = 'wifi';
    connection.dispatchEvent(new Event('change'));
    assert.equal(heard.length, 4, 'nothing after unsubscribing');
  });

  it('works without navigator.connection (Firefox, Safari)', () => {
    const scope = fakeWindow();
    const heard = [];
    networkPort(scope).subscribe((change) => heard.push(change));
    scope.dispatchEvent(new Event('offline'));
    assert.deepEqual(heard, ['offline']);
  });
});
