/** A minimal event emitter: `on(name, listener)` returns a function that unsubscribes. */
export class Emitter {
  #listeners = new Map();

  on(name, listener) {
    if (!this.#listeners.has(name)) this.#listeners.set(name, new Set());
    this.#listeners.get(name).add(listener);
    return () => this.off(name, listener);
  }

  off(name, listener) {
    const set = this.#listeners.get(name);
    if (set) set.delete(listener);
  }

  emit(name, detail) {
    const set = this.#listeners.get(name);
    if (!set) return;
    for (const listener of [...set]) {
      try {
        listener(detail);
      } catch (error) {
        // One broken listener must not break the call; report it where developers look.
        console.error(`casecall: a "${name}" listener failed`, error);
      }
    }
  }
}
