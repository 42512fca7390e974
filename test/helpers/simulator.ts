/**
 * A typed client of the Guest API simulator's control API, for tests running in the browser.
 * The test runner starts one simulator and tells pages where it is (`GET /__simulator`).
 */

export type AckMode = 'immediate' | 'withheld' | number;

/**
 * What an agent disconnect does to the guest session: `Send` leaves it writable (Presence Disconnect
 * with `metadata.readOnly:"false"`); `ReadOnly` makes it read-only (`readOnly:"true"`, then 409 on
 * anything new and `SessionResponse.readOnly:true` until `configureSession startNew:true`).
 */
export type DisconnectMode = 'Send' | 'ReadOnly';

export interface Deployment {
  deploymentId: string;
  /** Whether Presence Clear is allowed; when false the simulator answers 403 "…Conversation Clear are not supported". */
  clearAllowed: boolean;
  /** How Clear is acknowledged: at once, never until `release`, or after that many ms. */
  ack: AckMode;
  /** Refuse the WebSocket handshake with HTTP 403. */
  refuseHandshake: boolean;
  /** Answer the next configureSession with this error (once). */
  sessionError: 4006 | 4007 | null;
  /** A bot greeting sent when Presence Join opens a conversation. */
  greeting: string | null;
  /** What an agent disconnect does to the session, unless a disconnect names its own mode. Default `Send`. */
  disconnectMode: DisconnectMode;
}

export type DeploymentOptions = Partial<Deployment>;

/** One frame a guest socket sent, as the simulator received it. */
export interface RecordedFrame {
  at: string;
  socketId: string;
  token: string | null;
  raw: string;
  /** The parsed JSON, or null when it was not JSON. */
  frame: Record<string, unknown> | null;
}

export interface TranscriptLine {
  id: string;
  author: 'customer' | 'agent' | 'bot';
  text: string;
  time: string;
}

export interface SimConversation {
  id: string;
  deploymentId: string;
  token: string;
  status: 'open' | 'ended';
  endedBy: 'customer' | 'agent' | null;
  /** Every Presence Clear frame the conversation received, acknowledged or not. */
  clearRequests: number;
  connectedSockets: number;
  customerTyping: boolean;
  agentTyping: boolean;
  messages: TranscriptLine[];
  startedAt: string;
  endedAt: string | null;
  /** Whether its session is read-only: the agent ended it with the `ReadOnly` disconnect type. */
  readOnly: boolean;
}

export interface SimState {
  /** Newest first. */
  conversations: SimConversation[];
}

export interface AgentSender {
  nickname?: string;
  firstName?: string;
  lastName?: string;
  image?: string;
}

export interface SimulatorClient {
  origin: string;
  /** `ws://127.0.0.1:PORT/v1`; add `?deploymentId=…`. */
  wsUrl: string;
  createDeployment(options?: DeploymentOptions): Promise<Deployment>;
  updateDeployment(id: string, patch: DeploymentOptions): Promise<Deployment>;
  /** Sends every withheld Clear acknowledgement of the deployment now. */
  release(id: string): Promise<{ released: number }>;
  frames(id: string): Promise<RecordedFrame[]>;
  state(): Promise<SimState>;
  /** The newest conversation of a session token, if any. */
  conversationFor(token: string): Promise<SimConversation | undefined>;
  agentSay(conversationId: string, text: string, from?: AgentSender): Promise<TranscriptLine>;
  agentTyping(conversationId: string, on: boolean): Promise<SimConversation>;
  /** Ends the conversation as the agent; `mode` overrides the deployment's `disconnectMode`. */
  agentDisconnect(conversationId: string, options?: { mode?: DisconnectMode; from?: AgentSender }): Promise<SimConversation>;
  /** Drops the session's sockets: 1001 closes them, 1006 (the default) cuts them. */
  dropSession(token: string, code?: 1000 | 1001 | 1006 | 1011 | 1012 | 1013): Promise<{ dropped: number }>;
}

export class SimulatorError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

let located: Promise<string> | undefined;

async function locate(): Promise<string> {
  located ??= fetch('/__simulator').then(async response => {
    if (!response.ok) throw new Error(`the test runner serves no simulator (GET /__simulator: HTTP ${response.status})`);
    const { origin } = (await response.json()) as { origin: string };
    return origin;
  });
  return located;
}

export async function simulator(): Promise<SimulatorClient> {
  const origin = await locate();
  const wsUrl = `${origin.replace(/^http/, 'ws')}/v1`;

  async function call<T>(method: 'GET' | 'POST' | 'PATCH', path: string, body?: unknown): Promise<T> {
    const response = await fetch(`${origin}${path}`, {
      method,
      ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
    });
    const payload = (await response.json().catch(() => ({}))) as T & { error?: string };
    if (!response.ok) throw new SimulatorError(response.status, `${method} ${path}: ${payload.error ?? response.statusText}`);
    return payload;
  }

  const id = encodeURIComponent;
  const state = () => call<SimState>('GET', '/sim/state');

  return {
    origin,
    wsUrl,
    createDeployment: (options = {}) => call('POST', '/sim/deployments', options),
    updateDeployment: (deploymentId, patch) => call('PATCH', `/sim/deployments/${id(deploymentId)}`, patch),
    release: deploymentId => call('POST', `/sim/deployments/${id(deploymentId)}/release`, {}),
    frames: deploymentId => call('GET', `/sim/deployments/${id(deploymentId)}/frames`),
    state,
    conversationFor: async token => (await state()).conversations.find(c => c.token === token),
    agentSay: (conversationId, text, from) =>
      call('POST', `/sim/conversations/${id(conversationId)}/messages`, from ? { text, from } : { text }),
    agentTyping: (conversationId, on) => call('POST', `/sim/conversations/${id(conversationId)}/typing`, { on }),
    agentDisconnect: (conversationId, options = {}) => call('POST', `/sim/conversations/${id(conversationId)}/disconnect`, options),
    dropSession: (token, code = 1006) => call('POST', `/sim/sessions/${id(token)}/drop`, { code }),
  };
}
