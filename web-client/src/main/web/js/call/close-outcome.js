/** What a final close of the signaling socket means for a call that was joining or joined. */
import { CallState } from './events.js';
import { problemKind } from './session.js';
import { CloseCode } from '../signaling/reconnect-policy.js';

/**
 * @param {{code: number, error: ?{code: string}, gaveUp: boolean}} close as the signaling client reports it
 * @param {LossCause} [cause] what the failed attempts before a give-up said about their cause
 * @returns {{state: string, detail: object}} the call's final state
 */
export function closeOutcome({ code, error, gaveUp }, cause = new LossCause()) {
  const reason = error && error.code;
  if (code === CloseCode.CALL_ENDED || reason === 'call_ended') return ended('ended');
  if (code === CloseCode.SEAT) return failed(reason === 'replaced' ? 'replaced' : 'seat_taken');
  if (gaveUp) return failed(cause.service ? 'service_lost' : 'connection_lost');
  if (code === CloseCode.WRONG_CALL) return failed('wrong_call');
  if (code === CloseCode.NORMAL) return ended('closed');
  return failed(reason || 'protocol_error');
}

/**
 * Whether a run of failed socket attempts was the service's fault, as far as the client can
 * tell: the server closed with 4503 or 1011, or the session endpoint answered that the service
 * is in trouble. Without such an answer the cause stays unknown (most often the network).
 */
export class LossCause {
  service = false;

  /** A socket opened: the next loss starts unknown. */
  reset() {
    this.service = false;
  }

  /** A socket closed with `code`. */
  closed(code) {
    if (code === CloseCode.UNAVAILABLE || code === CloseCode.INTERNAL_ERROR) this.service = true;
  }

  /** The session endpoint was asked meanwhile and failed with `error` (a SessionError). */
  checked(error) {
    if (error && problemKind(error.code) === 'unavailable') this.service = true;
  }

  /**
   * A browser cannot read why a handshake was refused: asks the session endpoint (one question
   * at a time) and notes what its answer says about the cause.
   * @param {?function(): Promise} checkSession
   * @returns {Promise<?string>} the code of a failure that ends the call (the link is no good), else null
   */
  async recheck(checkSession) {
    if (!checkSession || this.rechecking) return null;
    this.rechecking = true;
    try {
      await checkSession();
      return null;
    } catch (error) {
      this.checked(error);
      return error && error.code && !error.retryable ? error.code : null;
    } finally {
      this.rechecking = false;
    }
  }
}

const ended = (reason) => ({ state: CallState.ENDED, detail: { reason } });
const failed = (code) => ({ state: CallState.FAILED, detail: { code } });
