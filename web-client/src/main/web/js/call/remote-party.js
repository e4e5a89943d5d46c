/**
 * What this side knows about the other side of the call (one other seat: agent or customer):
 * present or not, microphone and camera, and whether they were ever here (so "left" can be
 * told apart from "not yet").
 */
import { CallState } from './events.js';

export class RemoteParty {
  constructor() {
    this.info = null;
    this.everPresent = false;
    /** Presence heard between sending `join` and `joined` (null: none, or no join pending). */
    this.heardSinceJoin = null;
    this.joinPending = false;
  }

  /**
   * `join` went out. A `participant-joined`/`-left` that arrives before `joined` happened after
   * the seat write `joined` reports (both sides rejoining at once, as after an SFU failover): it
   * wins over `joined`'s snapshot, which would otherwise leave this side waiting for a peer who is here.
   */
  joinSent() {
    this.joinPending = true;
    this.heardSinceJoin = null;
  }

  /** From `joined.participants` (the other seats). */
  fromJoined(participants) {
    const other = (participants || [])[0];
    const heard = this.joinPending ? this.heardSinceJoin : null;
    this.joinPending = false;
    this.heardSinceJoin = null;
    if (other) this.#merge({ ...other, present: heard ?? !!other.present });
  }

  /** From `participant-joined`, `-left` or `-media`: returns a copy for the UI. */
  update(message, change) {
    if (this.joinPending && 'present' in change) this.heardSinceJoin = !!change.present;
    this.#merge({ participantId: message.participantId, role: message.role, ...change });
    if (message.displayName) this.info.displayName = message.displayName;
    return this.snapshot();
  }

  get present() {
    return !!(this.info && this.info.present);
  }

  snapshot() {
    return this.info ? { ...this.info } : null;
  }

  /** The call state this side is in once joined. */
  presenceState() {
    return this.present
      ? { state: CallState.CONNECTED, detail: {} }
      : { state: CallState.WAITING, detail: { peerLeft: this.everPresent } };
  }

  #merge(change) {
    this.info = { ...(this.info || {}), ...change };
    if (this.info.present) this.everPresent = true;
  }
}
