/** Test doubles for the browser APIs the modules under test touch. */

/** Deterministic timers: `advance(ms)` runs what is due, in order. */
export class FakeTimers {
  constructor() {
    this.time = 0;
    this.nextId = 1;
    this.tasks = new Map();
  }

  now = () => this.time;

  setTimeout = (fn, ms) => this.#add(fn, ms, null);

  setInterval = (fn, ms) => this.#add(fn, ms, ms);

  clearTimeout = (id) => { this.tasks.delete(id); };

  clearInterval = (id) => { this.tasks.delete(id); };

  /** Moves time forward by `ms`, running every timer that falls due. */
  advance(ms) {
    const end = this.time + ms;
    for (;;) {
      let next = null;
      for (const [id, task] of this.tasks) {
        if (task.at <= end && (next === null || task.at < next[1].at || (task.at === next[1].at && id < next[0]))) next = [id, task];
      }
      if (!next) break;
      const [id, task] = next;
      this.time = task.at;
      if (task.every === null) this.tasks.delete(id);
      else task.at += task.every;
      task.fn();
    }
    this.time = end;
  }

  #add(fn, ms, every) {
    const id = this.nextId++;
    this.tasks.set(id, { fn, at: this.time + Math.max(0, ms || 0), every: every === null ? null : Math.max(1, every) });
    return id;
  }
}

/** A WebSocket the test drives from the server's side. */
export class FakeSocket {
  static instances = [];

  static reset() {
    FakeSocket.instances = [];
  }

  static get last() {
    return FakeSocket.instances[FakeSocket.instances.length - 1];
  }

  constructor(url, protocols) {
    this.url = url;
    this.protocols = protocols;
    this.protocol = '';
    this.readyState = 0;
    this.sent = [];
    this.closedWith = null;
    FakeSocket.instances.push(this);
  }

  send(text) {
    if (this.readyState !== 1) throw new Error('send on a socket that is not open');
    this.sent.push(text);
  }

  close(code, reason) {
    this.closedWith = { code, reason };
    this.readyState = 3;
  }

  // --- server side

  /** The server accepts the handshake. */
  accept(protocol = 'casecall.v1') {
    this.protocol = protocol;
    this.readyState = 1;
    this.onopen && this.onopen({});
  }

  /** The server sends a message (an object is framed as JSON). */
  receive(message) {
    this.onmessage && this.onmessage({ data: typeof message === 'string' ? message : JSON.stringify(message) });
  }

  /** The connection closes from the server's side (or the network). */
  drop(code = 1006, reason = '') {
    this.readyState = 3;
    this.onclose && this.onclose({ code, reason });
  }

  /** The messages this socket sent, parsed. */
  messages() {
    return this.sent.map((text) => JSON.parse(text));
  }
}

/** An RTCPeerConnection that records what the transport does with it. */
export class FakePeerConnection extends EventTarget {
  constructor(config) {
    super();
    this.config = config;
    this.remoteDescription = null;
    this.localDescription = null;
    this.signalingState = 'stable';
    this.iceGatheringState = 'new';
    this.added = [];
    this.transceivers = [];
    this.closed = false;
  }

  addTransceiver(trackOrKind, init) {
    const kind = typeof trackOrKind === 'string' ? trackOrKind : trackOrKind.kind;
    const transceiver = fakeTransceiver(kind, init.direction, typeof trackOrKind === 'string' ? null : trackOrKind);
    this.transceivers.push(transceiver);
    return transceiver;
  }

  getTransceivers() { return this.transceivers; }

  async createOffer(options = {}) {
    this.offerOptions = options;
    return { type: 'offer', sdp: `offer with ${this.transceivers.length} m-lines${options.iceRestart ? ', new ICE credentials' : ''}` };
  }

  /** Test helper: the connection's state changes (as the browser reports it). */
  changeState(state) {
    this.connectionState = state;
    this.onconnectionstatechange && this.onconnectionstatechange();
  }

  async createAnswer() { return { type: 'answer', sdp: 'answer' }; }

  async setLocalDescription(description) {
    this.localDescription = description;
    this.signalingState = description.type === 'offer' ? 'have-local-offer' : 'stable';
  }

  async setRemoteDescription(description) {
    this.remoteDescription = description;
    this.signalingState = description.type === 'offer' ? 'have-remote-offer' : 'stable';
    if (description.type === 'offer' && !this.transceivers.length) {
      // like a browser: one recvonly transceiver per m-line of the offer
      this.transceivers.push(fakeTransceiver('audio', 'recvonly'), fakeTransceiver('video', 'recvonly'));
    }
  }

  async addIceCandidate(candidate) {
    if (!this.remoteDescription) throw new Error('InvalidStateError: no remote description');
    this.added.push(candidate === undefined ? 'end' : candidate);
  }

  async getStats() { return new Map(); }

  getReceivers() { return this.transceivers.map((t) => t.receiver); }

  close() { this.closed = true; }

  /** Test helper: ICE gathering finished. */
  finishGathering() {
    this.iceGatheringState = 'complete';
    this.dispatchEvent(new Event('icegatheringstatechange'));
  }
}

function fakeTransceiver(kind, direction, track = null) {
  const sender = {
    track,
    replaced: [],
    /** What setParameters was given, in order (the browser's RTCRtpSendParameters, encodings only). */
    parameters: [],
    encodings: [{ active: true }],
    async replaceTrack(next) { this.track = next; this.replaced.push(next); },
    setStreams() {},
    getParameters() { return { encodings: this.encodings.map((encoding) => ({ ...encoding })) }; },
    async setParameters(parameters) {
      await null; // applied a little later, as in the browser
      this.encodings = parameters.encodings;
      this.parameters.push(parameters);
    },
  };
  return { direction, currentDirection: null, stopped: false, sender, receiver: { track: { kind } } };
}
