/**
 * A minimal RFC 6455 WebSocket server side (text frames, ping/pong, close) on Node's http
 * upgrade, enough for the fake signaling server; no npm dependency.
 */
import { createHash } from 'node:crypto';

const GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';

/**
 * Accepts an upgrade request.
 * @param {import('node:http').IncomingMessage} request
 * @param {import('node:net').Socket} socket
 * @param {string} protocol the subprotocol to select
 * @returns {ServerSocket}
 */
export function accept(request, socket, protocol) {
  const key = request.headers['sec-websocket-key'];
  const digest = createHash('sha1').update(key + GUID).digest('base64');
  socket.write([
    'HTTP/1.1 101 Switching Protocols', 'Upgrade: websocket', 'Connection: Upgrade',
    `Sec-WebSocket-Accept: ${digest}`, `Sec-WebSocket-Protocol: ${protocol}`, '', '',
  ].join('\r\n'));
  socket.setNoDelay(true);
  return new ServerSocket(socket);
}

/** Refuses an upgrade with an HTTP status (what a browser sees as close 1006). */
export function refuse(socket, status, body) {
  socket.end(`HTTP/1.1 ${status} Refused\r\nContent-Type: application/problem+json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
}

export class ServerSocket {
  constructor(socket) {
    this.socket = socket;
    this.buffer = Buffer.alloc(0);
    this.fragments = [];
    this.open = true;
    this.onmessage = () => {};
    this.onclose = () => {};
    socket.on('data', (chunk) => this.#data(chunk));
    socket.on('close', () => this.#closed(1006));
    socket.on('error', () => this.#closed(1006));
  }

  send(text) {
    if (this.open) this.socket.write(frame(0x1, Buffer.from(text)));
  }

  close(code = 1000, reason = '') {
    if (!this.open) return;
    const payload = Buffer.alloc(2 + Buffer.byteLength(reason));
    payload.writeUInt16BE(code, 0);
    payload.write(reason, 2);
    this.socket.write(frame(0x8, payload));
    this.socket.end();
    this.#closed(code);
  }

  /** Cuts the TCP connection without a close frame (the browser sees 1006). */
  kill() {
    this.socket.destroy();
    this.#closed(1006);
  }

  #closed(code) {
    if (!this.open) return;
    this.open = false;
    this.onclose(code);
  }

  #data(chunk) {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      if (this.buffer.length < 2) return;
      const fin = (this.buffer[0] & 0x80) !== 0;
      const opcode = this.buffer[0] & 0x0f;
      const masked = (this.buffer[1] & 0x80) !== 0;
      let length = this.buffer[1] & 0x7f;
      let offset = 2;
      if (length === 126) {
        if (this.buffer.length < 4) return;
        length = this.buffer.readUInt16BE(2);
        offset = 4;
      } else if (length === 127) {
        if (this.buffer.length < 10) return;
        length = Number(this.buffer.readBigUInt64BE(2));
        offset = 10;
      }
      const maskOffset = offset;
      if (masked) offset += 4;
      if (this.buffer.length < offset + length) return;
      const payload = Buffer.from(this.buffer.subarray(offset, offset + length));
      if (masked) for (let i = 0; i < payload.length; i++) payload[i] ^= this.buffer[maskOffset + (i % 4)];
      this.buffer = this.buffer.subarray(offset + length);
      this.#frame(fin, opcode, payload);
    }
  }

  #frame(fin, opcode, payload) {
    if (opcode === 0x8) {
      const code = payload.length >= 2 ? payload.readUInt16BE(0) : 1005;
      if (this.open) {
        this.socket.write(frame(0x8, payload.subarray(0, 2)));
        this.socket.end();
      }
      this.#closed(code);
    } else if (opcode === 0x9) {
      this.socket.write(frame(0xa, payload));
    } else if (opcode === 0x1 || opcode === 0x0) {
      this.fragments.push(payload);
      if (fin) {
        const text = Buffer.concat(this.fragments).toString('utf8');
        this.fragments = [];
        this.onmessage(text);
      }
    }
  }
}

function frame(opcode, payload) {
  const length = payload.length;
  let header;
  if (length < 126) {
    header = Buffer.from([0x80 | opcode, length]);
  } else if (length < 65536) {
    header = Buffer.alloc(4);
    header[0] = 0x80 | opcode;
    header[1] = 126;
    header.writeUInt16BE(length, 2);
  } else {
    header = Buffer.alloc(10);
    header[0] = 0x80 | opcode;
    header[1] = 127;
    header.writeBigUInt64BE(BigInt(length), 2);
  }
  return Buffer.concat([header, payload]);
}
