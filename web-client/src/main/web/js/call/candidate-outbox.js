/**
 * When a local ICE candidate may go to the SFU (docs/protocol.md, "Trickle"): only after
 * `joined`, and for our own publishing connection only after its offer went out; a candidate the
 * offer's SDP already carries is not sent again (its end-of-candidates is). Keeps the others
 * in order until they may go.
 */
export class CandidateOutbox {
  /**
   * @param {function(string, ?object): boolean} send sends one candidate for a `pc` id (the
   *   engine's port to the signal client)
   */
  constructor(send) {
    this.send = send;
    this.waiting = [];
  }

  /** A local candidate (`null` = the end of them) of connection `pc`. */
  push(pc, candidate) {
    this.waiting.push([pc, candidate]);
  }

  /**
   * Sends what may go now, keeps what must wait, drops what belongs to a closed connection.
   * @param {object} state
   * @param {Map<string, {candidatesInSdp?: boolean}>} state.transports the join's open connections
   * @param {boolean} state.joined whether `joined` arrived
   * @param {function(string): boolean} state.offerOut whether the offer of a connection we offer went out
   *   (true for a connection the server offered)
   */
  flush({ transports, joined, offerOut }) {
    const later = [];
    for (const [pc, candidate] of this.waiting) {
      const transport = transports.get(pc);
      if (!transport) continue;
      if (!joined || !offerOut(pc)) later.push([pc, candidate]);
      else if (!(transport.candidatesInSdp && candidate)) this.send(pc, candidate);
    }
    this.waiting = later;
  }
}
