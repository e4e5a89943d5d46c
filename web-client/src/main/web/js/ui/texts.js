/**
 * Which words the UI shows for a call state, a failure or an end: translation keys only, so
 * this stays testable without a DOM and every key can be checked against the tables.
 */
import { CallState } from '../call/events.js';
import { problemKind } from '../call/session.js';

/**
 * The status line (and the larger stage message, if any) for a state.
 * @param {{state: string, detail?: object, role: string, signal?: string}} input
 * @returns {{status: ?string, stage: ?string}} translation keys
 */
export function stateTexts({ state, detail = {}, role, signal }) {
  const customer = role === 'customer';
  switch (state) {
    case CallState.CONNECTING:
      return { status: signal === 'retrying' || signal === 'closed' ? 'state.retrying' : 'state.connecting', stage: null };
    case CallState.WAITING:
      if (detail.peerLeft) {
        return customer
          ? { status: 'state.agentLeft', stage: 'stage.agentLeft' }
          : { status: 'state.customerLeft', stage: 'stage.customerLeft' };
      }
      return customer
        ? { status: 'state.waitingForAgent', stage: 'stage.waitingForAgent' }
        : { status: 'state.waitingForCustomer', stage: null };
    case CallState.CONNECTED:
      return { status: 'state.connected', stage: null };
    case CallState.RECONNECTING:
      return { status: 'state.reconnecting', stage: null };
    case CallState.ENDED:
      return { status: 'state.ended', stage: null };
    default:
      return { status: signal === 'retrying' ? 'state.retrying' : null, stage: null };
  }
}

const FAILURES = Object.freeze({
  expired: { title: 'error.expired.title', body: 'error.expired.body', action: null },
  ended: { title: 'error.ended.title', body: 'error.ended.body', action: null },
  invalid: { title: 'error.invalid.title', body: 'error.invalid.body', action: null },
  not_yet_valid: { title: 'error.notYetValid.title', body: 'error.notYetValid.body', action: 'reload' },
  unavailable: { title: 'error.unavailable.title', body: 'error.unavailable.body', action: null },
  seat_taken: { title: 'error.seatTaken.title', body: 'error.seatTaken.body', action: 'reload' },
  replaced: { title: 'error.replaced.title', body: 'error.replaced.body', action: null },
  connection_lost: { title: 'error.connectionLost.title', body: 'error.connectionLost.body', action: 'reload' },
  unsupported: { title: 'error.unsupported.title', body: 'error.unsupported.body', action: null },
  generic: { title: 'error.generic.title', body: 'error.generic.body', action: 'reload' },
});

/**
 * The message for a failure code (a problem `code`, a socket error code or the client's own).
 * @returns {{kind: string, title: string, body: string, action: ?'reload'}}
 */
export function failureTexts(code) {
  const kind = problemKind(code);
  return { kind, ...(FAILURES[kind] || FAILURES.generic) };
}

/**
 * The end screen for a reason (`left`, or a `call-ended` reason).
 * @returns {{title: string, body: string, rejoin: boolean}}
 */
export function endTexts({ reason, role }) {
  if (reason === 'left') return { title: 'end.title', body: 'end.left', rejoin: true };
  if (reason === 'customer_left_timeout') return { title: 'end.title', body: 'end.customerLeftTimeout', rejoin: false };
  if (reason === 'expired') return { title: 'end.title', body: 'end.expired', rejoin: false };
  if (reason === 'error') return { title: 'end.title', body: 'end.error', rejoin: false };
  return { title: 'end.title', body: role === 'agent' ? 'agent.ended.body' : 'end.thanks', rejoin: false };
}

/** The notice for own media problems, or null when camera and microphone both work. */
export function mediaNotice({ audio, video, problems = {} }) {
  if (problems.audio === 'insecure') return 'media.insecure';
  if (!audio && !video) return problems.audio === 'denied' || problems.video === 'denied' ? 'media.denied' : 'media.nothing';
  if (!video) {
    if (problems.video === 'denied') return 'media.cameraDenied';
    if (problems.video === 'in_use') return 'media.cameraInUse';
    return 'media.noCamera';
  }
  if (!audio) {
    if (problems.audio === 'denied') return 'media.microphoneDenied';
    if (problems.audio === 'in_use') return 'media.microphoneInUse';
    return 'media.noMicrophone';
  }
  return null;
}
