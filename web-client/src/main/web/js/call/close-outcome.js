/** What a final close of the signaling socket means for a call that was joining or joined. */
import { CallState } from './events.js';
import { CloseCode } from '../signaling/reconnect-policy.js';

/**
 * @param {{code: number, error: ?{code: string}, gaveUp: boolean}} close as the signaling client reports it
 * @returns {{state: string, detail: object}} the call's final state
 */
export function closeOutcome({ code, error, gaveUp }) {
  const reason = error && error.code;
  if (code === CloseCode.CALL_ENDED || reason === 'call_ended') return ended('ended');
  if (code === CloseCode.SEAT) return failed(reason === 'replaced' ? 'replaced' : 'seat_taken');
  if (gaveUp) return failed('connection_lost');
  if (code === CloseCode.WRONG_CALL) return failed('wrong_call');
  if (code === CloseCode.NORMAL) return ended('closed');
  return failed(reason || 'protocol_error');
}

const ended = (reason) => ({ state: CallState.ENDED, detail: { reason } });
const failed = (code) => ({ state: CallState.FAILED, detail: { code } });
