// The ops API over fetch, with the ops key in X-API-Key. Only network: no DOM.

/** The server refused the ops key (401). */
export class KeyRefused extends Error {}

/** Any other failure: network down, 5xx, a problem response. */
export class ApiError extends Error {
  constructor(message, status) {
    super(message);
    this.status = status;
  }
}

export function createOpsApi(key, fetchImpl = fetch) {
  async function get(path) {
    let response;
    try {
      response = await fetchImpl(path, { headers: { 'X-API-Key': key, Accept: 'application/json' } });
    } catch (error) {
      throw new ApiError(`cannot reach the server (${error.message})`, 0);
    }
    if (response.status === 401) throw new KeyRefused('the ops key was not accepted');
    if (!response.ok) {
      let detail = response.statusText;
      try {
        const problem = await response.json();
        detail = problem.detail ?? problem.code ?? detail;
      } catch {
        // not a problem document
      }
      throw new ApiError(`${response.status} ${detail}`, response.status);
    }
    return response.json();
  }

  return {
    summary: (window) => get(`/api/v1/ops/summary?window=${encodeURIComponent(window)}`),
    calls: (limit = 50) => get(`/api/v1/ops/calls?limit=${limit}`),
    record: (href) => get(href),
    webhooks: () => get('/api/v1/ops/webhooks'),
  };
}
