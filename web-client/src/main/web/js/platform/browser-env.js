/**
 * The page's browser environment in one place: the address bar (`location`, `history`), the
 * tab's session storage, `fetch` and random bytes. The page entries create it once and hand it
 * to the modules that need it (call/session.js reads no browser global itself), so node tests
 * drive those modules with an environment of their own.
 */

/**
 * @param {object} [scope] where the globals live (the window)
 * @returns {{location: Location, history: History, storage: TabStorage, fetch: function, randomBytes: function(number): Uint8Array}}
 */
export function browserEnv(scope = globalThis) {
  return Object.freeze({
    location: scope.location,
    history: scope.history,
    storage: tabStorage(scope),
    fetch: (url, init) => scope.fetch(url, init),
    randomBytes: (n) => scope.crypto.getRandomValues(new Uint8Array(n)),
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
