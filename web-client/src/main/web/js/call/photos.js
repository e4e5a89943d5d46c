/**
 * Photos kept with the call (docs/evidence.md), over the evidence API with this page's room
 * token: the page uploads its own photos; the agent's page lists and reads its own call's
 * photos (the side panel's thumbnails). The customer's page never lists them.
 */

export class PhotoError extends Error {
  /** @param {string} code the problem's `code` (`unsupported_media_type`, `payload_too_large`, …) */
  constructor(code, status) {
    super(code);
    this.code = code;
    this.status = status;
  }
}

export class Photos {
  /**
   * @param {object} options
   * @param {function(string, object): Promise<Response>} options.http the page's fetch
   * @param {function(): string} options.token the newest room token
   * @param {string} options.callId
   */
  constructor({ http, token, callId }) {
    Object.assign(this, { http, token, callId });
  }

  /**
   * Uploads a photo.
   * @param {Blob} blob JPEG, PNG or WebP
   * @param {{requestId?: string, notice?: boolean}} [about] the request it answers; whether the
   *   page showed the capture notice
   * @returns {Promise<{evidenceId: string, size: number, contentType: string}>}
   */
  async upload(blob, { requestId, notice = false } = {}) {
    const query = new URLSearchParams();
    if (requestId) query.set('request', requestId);
    query.set('notice', String(!!notice));
    const response = await this.#call(`/api/v1/calls/${encodeURIComponent(this.callId)}/evidence?${query}`, {
      method: 'POST',
      headers: { 'Content-Type': blob.type || 'application/octet-stream' },
      body: blob,
    });
    return response.json();
  }

  /** The call's photos, oldest first (agent's page only). */
  async list() {
    return (await (await this.#call('/api/v1/session/evidence', {})).json()).items;
  }

  /** A photo's bytes (agent's page only). */
  async image(evidenceId) {
    return (await this.#call(`/api/v1/session/evidence/${encodeURIComponent(evidenceId)}`, {})).blob();
  }

  async #call(path, init) {
    let response;
    try {
      response = await this.http(path, { ...init, headers: { ...(init.headers || {}), Authorization: `Bearer ${this.token()}` } });
    } catch {
      throw new PhotoError('network', 0);
    }
    if (response.ok) return response;
    let code = 'error';
    try {
      code = (await response.json()).code || code;
    } catch {
      // not a problem document
    }
    throw new PhotoError(code, response.status);
  }
}
