/**
 * Before a call: the room token from the link, the page's session from
 * `GET /api/v1/session`, and the device id that lets a reload of this tab take over its seat.
 *
 * Reads no browser global: each function gets the page's environment (`env`, from
 * platform/browser-env.js: `location`, `history`, `storage`, `fetch`, `randomBytes`), so node
 * tests drive it with their own.
 */
import { DEVICE_ID, looksLikeToken } from '../signaling/envelope.js';

/** A session could not be had; `code` is the problem's `code` or one of the client's own. */
export class SessionError extends Error {
  constructor(code, { status = 0, message = code } = {}) {
    super(message);
    this.name = 'SessionError';
    this.code = code;
    this.status = status;
  }

  /** Worth asking again later (the service or the network is down, or asked to slow down; not the link). */
  get retryable() {
    const kind = problemKind(this.code);
    return kind === 'unavailable' || kind === 'network' || kind === 'rate_limited';
  }
}

/**
 * What a failure means for the person holding the link, for choosing the words to show. The
 * cause is named where the client can tell: `network` (the request never got an answer) is not
 * `unavailable` (the service answered that it is in trouble), and `service_lost` (the socket
 * was given up while the service said it was at fault) is not `connection_lost` (given up, cause unknown).
 * @returns {'expired'|'ended'|'invalid'|'not_yet_valid'|'unavailable'|'network'|'seat_taken'|'sfu_rejected'|'replaced'|'connection_lost'|'service_lost'|'unsupported'|'rate_limited'|'generic'}
 */
export function problemKind(code) {
  switch (code) {
    case 'token_expired':
      return 'expired';
    case 'token_revoked':
    case 'call_ended':
      return 'ended';
    case 'token_not_yet_valid':
      return 'not_yet_valid';
    case 'store_unavailable':
    case 'sfu_unavailable':
    case 'server_error':
      return 'unavailable';
    case 'too_many_connections': // this link is open in too many places already: same words as a taken seat
      return 'seat_taken';
    case 'seat_taken':
    case 'rate_limited':
    case 'sfu_rejected':
    case 'replaced':
    case 'connection_lost':
    case 'service_lost':
    case 'network':
    case 'unsupported':
      return code;
    default:
      return (code && (code.startsWith('token_') || code === 'wrong_call')) ? 'invalid' : 'generic';
  }
}

/**
 * Takes the token from `#token=…`, removes it from the address bar and keeps it in session
 * storage so a reload of the tab still works.
 * @param {{location: Location, history: History, storage: Storage}} env
 * @returns {?string} the token, or null when there is none
 */
export function takeToken(env) {
  const key = tokenKey(env.location);
  const params = new URLSearchParams(env.location.hash.replace(/^#/, ''));
  const fromLink = params.get('token');
  if (fromLink !== null) {
    params.delete('token');
    const rest = params.toString();
    env.history.replaceState(env.history.state, '', env.location.pathname + env.location.search + (rest ? `#${rest}` : ''));
    env.storage.setItem(key, fromLink);
    return fromLink.trim();
  }
  return env.storage.getItem(key);
}

/**
 * The RTCPeerConnection settings from the session: the STUN/TURN servers the server configured
 * (TURN with this page's own short-lived credentials), or none.
 * @returns {{iceServers?: RTCIceServer[]}}
 */
export function rtcConfiguration(session) {
  const servers = Array.isArray(session && session.iceServers) ? session.iceServers : [];
  const valid = servers.filter((server) => server && Array.isArray(server.urls) && server.urls.length
    && server.urls.every((url) => typeof url === 'string' && /^(stuns?|turns?):/.test(url)));
  return valid.length ? { iceServers: valid.map(({ urls, username, credential }) => ({ urls, username, credential })) } : {};
}

/**
 * Keeps a refreshed token for a reload of this tab, in place of the link's.
 * @param {string} token
 * @param {{location: Location, storage: Storage}} env
 */
export function keepToken(token, env) {
  if (looksLikeToken(token)) env.storage.setItem(tokenKey(env.location), token);
}

function tokenKey(pageLocation) {
  return `casecall.token:${pageLocation.pathname}`;
}

/**
 * The token's claims, decoded without verification: only for choosing the page's language
 * before the server answers. Never trust them for anything else.
 * @returns {object} the claims, or {} when the token cannot be read
 */
export function unverifiedClaims(token) {
  try {
    const payload = token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    const bytes = Uint8Array.from(atob(payload), (c) => c.charCodeAt(0));
    const claims = JSON.parse(new TextDecoder().decode(bytes));
    return claims && typeof claims === 'object' && !Array.isArray(claims) ? claims : {};
  } catch {
    return {};
  }
}

/**
 * `GET /api/v1/session` for the token's bearer.
 * @param {string} token
 * @param {{fetch: function}} env
 * @returns {Promise<object>} the session view (callId, role, participantId, displayName,
 *   otherName, locale, status, caseId, and for the agent reason, orderValue, inviteUrl)
 * @throws {SessionError}
 */
export async function fetchSession(token, env, { base = '' } = {}) {
  if (!looksLikeToken(token)) throw new SessionError(token ? 'token_malformed' : 'token_missing');
  let response;
  try {
    response = await env.fetch(`${base}/api/v1/session`, {
      headers: { Authorization: `Bearer ${token}`, Accept: 'application/json' },
      cache: 'no-store',
      credentials: 'omit',
    });
  } catch {
    throw new SessionError('network');
  }
  if (response.ok) return response.json();
  let code = response.status >= 500 ? 'server_error' : 'generic';
  try {
    const problem = await response.json();
    if (problem && typeof problem.code === 'string') code = problem.code;
  } catch {
    // not a problem+json body (a proxy's error page): keep the status-derived code
  }
  throw new SessionError(code, { status: response.status });
}

/**
 * This tab's device id, `[A-Za-z0-9_-]{22}`, kept in session storage: a reload of the same
 * tab takes over its seat, another tab or device is refused (`seat_taken`).
 * @param {{storage: Storage, randomBytes: function(number): Uint8Array}} env
 */
export function deviceId(env) {
  const key = 'casecall.device';
  const known = env.storage.getItem(key);
  if (known && DEVICE_ID.test(known)) return known;
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  const id = Array.from(env.randomBytes(22), (byte) => alphabet[byte & 63]).join('');
  env.storage.setItem(key, id);
  return id;
}

/**
 * The signaling socket's URL on this page's host.
 * @param {{location: Location}} env
 */
export function socketUrl(env) {
  return `${env.location.protocol === 'https:' ? 'wss:' : 'ws:'}//${env.location.host}/ws/v1`;
}
