/**
 * The one place that frames and parses CaseCall signaling messages (docs/protocol.md,
 * "Envelope"): one JSON object per text frame, with a string `type`.
 */

/** The subprotocol naming the protocol version. */
export const PROTOCOL = 'casecall.v1';

/** The room token travels as a second subprotocol value with this prefix. */
export const TOKEN_PREFIX = 'token.';

/** Largest message the server accepts (it closes with 1009 above this). */
export const MAX_MESSAGE_BYTES = 64 * 1024;

/** Peer connection ids. */
export const PC_ID = /^[A-Za-z0-9:_-]{1,64}$/;

/** Device ids sent in `join`. */
export const DEVICE_ID = /^[A-Za-z0-9_-]{8,64}$/;

/** The shape of a compact JWS: a room token travels in the subprotocol list only if it has it. */
const TOKEN_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

const encoder = new TextEncoder();

/** A message could not be framed (too large, bad identifier); nothing was sent. */
export class EnvelopeError extends Error {
  constructor(code, message) {
    super(message);
    this.name = 'EnvelopeError';
    this.code = code;
  }
}

/** Whether a string has the shape of a compact JWS (worth sending to the server). */
export function looksLikeToken(token) {
  return typeof token === 'string' && token.length <= 4096 && TOKEN_SHAPE.test(token);
}

/** The socket URL of a page that resumes a kept session: `resume=1` added to its query. */
export function withResume(url) {
  return url + (url.includes('?') ? '&' : '?') + 'resume=1';
}

/** The `Sec-WebSocket-Protocol` values for a token. */
export function subprotocols(token) {
  return [PROTOCOL, TOKEN_PREFIX + token];
}

/**
 * Frames one message. Members whose value is `undefined` are left out.
 * @param {string} type
 * @param {object} [members]
 * @returns {string} the text frame
 */
export function encode(type, members = {}) {
  if (typeof type !== 'string' || type === '') {
    throw new EnvelopeError('bad_type', 'A message needs a type');
  }
  if ('pc' in members && !PC_ID.test(String(members.pc))) {
    throw new EnvelopeError('bad_pc', 'Peer connection ids match [A-Za-z0-9:_-]{1,64}');
  }
  const message = { type };
  for (const [key, value] of Object.entries(members)) {
    if (key !== 'type' && value !== undefined) message[key] = value;
  }
  const text = JSON.stringify(message);
  // A UTF-8 character is at most 3 bytes per UTF-16 unit: only measure when it could matter.
  if (text.length * 3 > MAX_MESSAGE_BYTES && encoder.encode(text).length > MAX_MESSAGE_BYTES) {
    throw new EnvelopeError('message_too_large', `A ${type} message is over ${MAX_MESSAGE_BYTES} bytes`);
  }
  return text;
}

/**
 * Parses one received frame.
 * @returns {object|null} the message, or null when the frame is not a protocol message
 */
export function decode(data) {
  if (typeof data !== 'string') return null;
  let message;
  try {
    message = JSON.parse(data);
  } catch {
    return null;
  }
  if (message === null || typeof message !== 'object' || Array.isArray(message)) return null;
  if (typeof message.type !== 'string') return null;
  return message;
}
