/**
 * Which words the UI shows for a call state, a failure or an end: translation keys only, so
 * this stays testable without a DOM and every key can be checked against the tables.
 */
import { CallState } from '../call/events.js';
import { problemKind } from '../call/session.js';

/** The socket's state as the status line needs it: one quick retry is not worth a word. */
export function signalWord(state, attempt) {
  return state === 'retrying' && attempt < 2 ? 'connecting' : state;
}

/**
 * The status line (and the larger stage message, if any) for a state.
 * @param {{state: string, detail?: object, role: string, signal?: string}} input
 * @returns {{status: ?string, stage: ?string}} translation keys
 */
export function stateTexts({ state, detail = {}, role, signal }) {
  const texts = callTexts({ state, detail, role, signal });
  // the browser says it is offline: the page waits for the network instead of failing
  if (signal === 'offline' && state !== CallState.ENDED && state !== CallState.FAILED) return { ...texts, status: 'state.offline' };
  return texts;
}

function callTexts({ state, detail, role, signal }) {
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
    case CallState.IDLE:
    case CallState.READY:
      return { status: signal === 'retrying' || signal === 'closed' ? 'state.retrying' : null, stage: null };
    default:
      return { status: null, stage: null };
  }
}

/** Calm first: only what the person can do nothing about is shown as an error. */
const FAILURES = Object.freeze({
  expired: { tone: 'info', title: 'error.expired.title', body: 'error.expired.body', agentBody: 'error.expired.bodyAgent', action: null },
  ended: { tone: 'info', title: 'error.ended.title', body: 'error.ended.body', agentBody: 'error.ended.bodyAgent', action: null },
  invalid: { tone: 'error', title: 'error.invalid.title', body: 'error.invalid.body', agentBody: 'error.invalid.bodyAgent', action: null },
  not_yet_valid: { tone: 'info', title: 'error.notYetValid.title', body: 'error.notYetValid.body', action: 'reload' },
  // the service answered that it is in trouble: not the person's network
  unavailable: { tone: 'info', title: 'error.serviceDown.title', body: 'error.serviceDown.body', action: null },
  // no answer at all: most likely the person's network ("We can't reach the call service … check your internet connection")
  network: { tone: 'info', title: 'error.unavailable.title', body: 'error.unavailable.body', action: null },
  seat_taken: { tone: 'info', title: 'error.seatTaken.title', body: 'error.seatTaken.body', action: 'reload' },
  rate_limited: { tone: 'info', title: 'error.rateLimited.title', body: 'error.rateLimited.body', action: null },
  // the media server refused the call (a configuration fault): no automatic retries, a person may try again
  sfu_rejected: { tone: 'error', title: 'error.sfuRejected.title', body: 'error.sfuRejected.body', agentBody: 'error.sfuRejected.bodyAgent', action: 'reload' },
  replaced: { tone: 'info', title: 'error.replaced.title', body: 'error.replaced.body', action: null },
  connection_lost: { tone: 'error', title: 'error.connectionLost.title', body: 'error.connectionLost.body', action: 'reload' },
  service_lost: { tone: 'error', title: 'error.serviceDown.title', body: 'error.serviceLost.body', action: 'reload' },
  unsupported: { tone: 'error', title: 'error.unsupported.title', body: 'error.unsupported.body', action: null },
  generic: { tone: 'error', title: 'error.generic.title', body: 'error.generic.body', action: 'reload' },
});

/**
 * The message for a failure code (a problem `code`, a socket error code or the client's own).
 * @param {string} code
 * @param {string} [role] `agent` gets directions that fit an agent (start again from the case)
 * @returns {{kind: string, tone: 'info'|'error', title: string, body: string, action: ?'reload'}}
 */
export function failureTexts(code, role = 'customer') {
  const kind = problemKind(code);
  const { agentBody, ...texts } = FAILURES[kind] || FAILURES.generic;
  return { kind, ...texts, body: role === 'agent' && agentBody ? agentBody : texts.body };
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
