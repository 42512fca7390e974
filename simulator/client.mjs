// @ts-check
/**
 * `genesys-chat/simulator-client`: the control API of the Guest API simulator, typed (client.d.mts).
 * Only `fetch`: it runs in Node and in browsers, and never loads the simulator itself.
 */
export { DEMO_DEPLOYMENT_ID } from './demo-deployment.mjs';

export class SimulatorError extends Error {
  /** @param {number} status @param {string} message */
  constructor(status, message) {
    super(message);
    this.name = 'SimulatorError';
    this.status = status;
  }
}

/**
 * The states pushed on `/sim/events` (Server-Sent Events), parsed by hand: Node has no `EventSource`.
 * @param {ReadableStream<Uint8Array>} body
 */
async function* serverSentData(body) {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffered = '';
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      buffered += decoder.decode(value, { stream: true }).replace(/\r\n?/g, '\n');
      let end;
      while ((end = buffered.indexOf('\n\n')) >= 0) {
        const event = buffered.slice(0, end);
        buffered = buffered.slice(end + 2);
        const data = event.split('\n').filter(line => line.startsWith('data:')).map(line => line.slice(5).trimStart());
        if (data.length) yield data.join('\n');
      }
    }
  } finally {
    reader.releaseLock();
  }
}

/** @type {import('./client.d.mts').connectSimulator} */
export function connectSimulator(origin) {
  const base = origin.replace(/\/+$/, '');
  const wsUrl = `${base.replace(/^http/, 'ws')}/v1`;
  const id = encodeURIComponent;

  /**
   * @template T
   * @param {'GET' | 'POST' | 'PATCH' | 'DELETE'} method @param {string} path @param {unknown} [body]
   * @returns {Promise<T>}
   */
  async function call(method, path, body) {
    const response = await fetch(`${base}${path}`, {
      method,
      ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
    });
    const payload = await response.json().catch(() => ({}));
    if (!response.ok) throw new SimulatorError(response.status, `${method} ${path}: ${payload.error ?? response.statusText}`);
    return payload;
  }

  /** @returns {Promise<import('./client.d.mts').SimState>} */
  const state = () => call('GET', '/sim/state');

  /** @type {import('./client.d.mts').SimulatorClient['waitFor']} */
  async function waitFor(select, { timeoutMs = 10000, signal, what = 'the awaited state' } = {}) {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(new Error(`the simulator never reached ${what} in ${timeoutMs} ms`)), timeoutMs);
    const stop = () => controller.abort(signal?.reason);
    if (signal?.aborted) stop();
    else signal?.addEventListener('abort', stop, { once: true });
    try {
      // The stream opens with the whole state, so nothing that happened before the call is missed.
      const response = await fetch(`${base}/sim/events`, { signal: controller.signal });
      if (!response.ok || !response.body) throw new SimulatorError(response.status, `GET /sim/events: ${response.statusText}`);
      for await (const data of serverSentData(response.body)) {
        const found = select(JSON.parse(data));
        if (found) return found;
      }
      throw new Error(`the simulator's event stream ended before ${what}`);
    } catch (error) {
      throw controller.signal.aborted ? controller.signal.reason ?? error : error;
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', stop);
      controller.abort();
    }
  }

  return {
    origin: base,
    wsUrl,
    createDeployment: (options = {}) => call('POST', '/sim/deployments', options),
    updateDeployment: (deploymentId, patch) => call('PATCH', `/sim/deployments/${id(deploymentId)}`, patch),
    release: deploymentId => call('POST', `/sim/deployments/${id(deploymentId)}/release`, {}),
    frames: deploymentId => call('GET', `/sim/deployments/${id(deploymentId)}/frames`),
    state,
    waitFor,
    conversationFor: async token => (await state()).conversations.find(c => c.token === token),
    agentSay: (conversationId, text, from) =>
      call('POST', `/sim/conversations/${id(conversationId)}/messages`, from ? { text, from } : { text }),
    agentSend: (conversationId, message) => call('POST', `/sim/conversations/${id(conversationId)}/messages`, message),
    agentContent: (conversationId, content, options = {}) =>
      call('POST', `/sim/conversations/${id(conversationId)}/messages`, { ...options, content }),
    agentSample: (conversationId, kind, from) =>
      call('POST', `/sim/conversations/${id(conversationId)}/samples/${id(kind)}`, from ? { from } : {}),
    seedHistory: (conversationId, count, text) =>
      call('POST', `/sim/conversations/${id(conversationId)}/history`, text === undefined ? { count } : { count, text }),
    failNext: (token, failure) => call('POST', `/sim/sessions/${id(token)}/fail-next`, failure),
    pushError: (token, code, body) => call('POST', `/sim/sessions/${id(token)}/error`, body === undefined ? { code } : { code, body }),
    expireSession: token => call('POST', `/sim/sessions/${id(token)}/expire`, {}),
    idpSignIn: request => call('POST', '/sim/idp/sign-in', request),
    expiredJwt: jwt => call('POST', '/sim/auth/expired-jwt', { jwt }),
    expireJwts: deploymentId => call('POST', `/sim/deployments/${id(deploymentId)}/expire-jwts`),
    deployments: () => call('GET', '/sim/deployments'),
    configUrl: deploymentId => `${base}/webdeployments/v1/deployments/${id(deploymentId)}/config.json`,
    historyUrl: (pageNumber, pageSize) => {
      const query = new URLSearchParams();
      if (pageNumber !== undefined) query.set('pageNumber', String(pageNumber));
      if (pageSize !== undefined) query.set('pageSize', String(pageSize));
      const search = query.toString();
      return `${base}/api/v2/webmessaging/messages${search ? `?${search}` : ''}`;
    },
    fileUrl: name => `${base}/sim/files/${id(name)}`,
    uploadUrl: attachmentId => `${base}/sim/uploads/${id(attachmentId)}`,
    agentTyping: (conversationId, on) => call('POST', `/sim/conversations/${id(conversationId)}/typing`, { on }),
    agentDisconnect: (conversationId, options = {}) => call('POST', `/sim/conversations/${id(conversationId)}/disconnect`, options),
    dropSession: (token, code = 1006) => call('POST', `/sim/sessions/${id(token)}/drop`, { code }),
    sessionFor: async token => (await state()).sessions.find(s => s.token === token),
    connectionClosed: (token, reason) =>
      call('POST', `/sim/sessions/${id(token)}/connection-closed`, reason === undefined ? {} : { reason }),
    refuseConnections: (deploymentId, limits = {}) => call('POST', `/sim/deployments/${id(deploymentId)}/refuse-connections`, limits),
    stopRefusingConnections: deploymentId => call('DELETE', `/sim/deployments/${id(deploymentId)}/refuse-connections`),
    setFaults: (token, faults) => call('POST', `/sim/sessions/${id(token)}/faults`, faults),
    clearFaults: token => call('DELETE', `/sim/sessions/${id(token)}/faults`),
    releaseFrames: token => call('POST', `/sim/sessions/${id(token)}/release-frames`, {}),
    sendRaw: (token, data) => call('POST', `/sim/sessions/${id(token)}/raw`, { data }),
    sendOversize: (token, bytes) => call('POST', `/sim/sessions/${id(token)}/raw`, { oversizeBytes: bytes }),
  };
}
