/**
 * The page's browser environment in one place: the address bar (`location`, `history`), the
 * tab's session storage, `fetch` and random bytes. The page entries create it once and hand it
 * to the modules that need it (call/session.js reads no browser global itself), so node tests
 * drive those modules with an environment of their own.
 */

/**
 * @param {object} [scope] where the globals live (the window)
 * @returns {{location: Location, history: History, storage: TabStorage, fetch: function, randomBytes: function(number): Uint8Array, network: NetworkPort}}
 */
export function browserEnv(scope = globalThis) {
  return Object.freeze({
    location: scope.location,
    history: scope.history,
    storage: tabStorage(scope),
    fetch: (url, init) => scope.fetch(url, init),
    randomBytes: (n) => scope.crypto.getRandomValues(new Uint8Array(n)),
    network: networkPort(scope),
  });
}

/**
 * The browser's network for the signal client (signaling/network.js): `online()` is
 * `navigator.onLine`; `subscribe` hears `online`, `offline`, and a `change` of
 * `navigator.connection` whose type or effective type differs (its rtt and downlink estimates
 * change all the time and say nothing about the socket).
 * @typedef {{online: function(): boolean, subscribe: function(function('online'|'offline'|'change')): function}} NetworkPort
 * @returns {NetworkPort}
 */
export function networkPort(scope = globalThis) {
  const navigator = scope.navigator || {};
  const kind = (connection) => `${connection.type || ''}/${connection.effectiveType || ''}`;
  return Object.freeze({
    online: () => navigator.onLine !== false,
    subscribe(listener) {
      const online = () => listener('online');
      const offline = () => listener('offline');
      const connection = navigator.connection || null;
      let last = connection ? kind(connection) : '';
      const change = () => {
        const now = kind(connection);
        if (now === last) return;
        last = now;
        listener('change');
      };
      scope.addEventListener('online', online);
      scope.addEventListener('offline', offline);
      if (connection && connection.addEventListener) connection.addEventListener('change', change);
      return () => {
        scope.removeEventListener('online', online);
        scope.removeEventListener('offline', offline);
        if (connection && connection.removeEventListener) connection.removeEventListener('change', change);
      };
    },
  });
}

/**
 * The tab's session storage with the `Storage` methods, never throwing: when the browser's
 * privacy settings disable storage, nothing is remembered and the page works on.
 * @typedef {{getItem: function(string): ?string, setItem: function(string, string), removeItem: function(string)}} TabStorage
 * @returns {TabStorage}
 */
export function tabStorage(scope = globalThis) {
  const storage = () => scope.sessionStorage || null; // the getter itself throws when disabled
  return Object.freeze({
    getItem(key) {
      try { return storage() ? storage().getItem(key) : null; } catch { return null; }
    },
    setItem(key, value) {
      try { if (storage()) storage().setItem(key, value); } catch { /* not remembered */ }
    },
    removeItem(key) {
      try { if (storage()) storage().removeItem(key); } catch { /* nothing to forget */ }
    },
  });
}
