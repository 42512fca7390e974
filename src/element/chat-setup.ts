import { resolveConfig, type ChatConfig, type ConfigAttributes } from '../config.js';
import type { ChatError, ChatInput } from '../machine/chat.types.js';
import type { CustomAttributes } from '../protocol/frames.js';
import { SessionStore } from '../session/session-store.js';

/** The element's attributes, resolved: what a chat runs with, or why there can be none. */
export type ChatSetup =
  | {
      readonly ok: true;
      readonly config: ChatConfig;
      readonly store: SessionStore;
      /** Problems that only warn (a bad `end-timeout` falls back to the default). */
      readonly warnings: readonly ChatError[];
    }
  | { readonly ok: false; readonly error: ChatError };

export function setUp(attributes: ConfigAttributes): ChatSetup {
  const result = resolveConfig(attributes);
  if (!result.ok) {
    const problems = result.problems.map(p => p.message).join(' ');
    return { ok: false, error: { code: 'invalid-config', message: `Chat is unavailable: ${problems}`, recoverable: false } };
  }
  return {
    ok: true,
    config: result.config,
    store: new SessionStore(result.config.deploymentId),
    warnings: result.warnings.map(w => ({ code: 'invalid-config', message: w.message, recoverable: true })),
  };
}

/** The chat machine's input: the configuration plus the stored session (or a new token). */
export function inputOf(setup: Extract<ChatSetup, { ok: true }>, customAttributes?: CustomAttributes): ChatInput {
  const { deploymentId, endpoint, endTimeout, configUrl } = setup.config;
  const { token, endRequested, outbox } = setup.store.readOrCreate();
  return {
    deploymentId,
    socketUrl: endpoint.socketUrl,
    apiOrigin: endpoint.apiOrigin,
    configUrl,
    token,
    endRequested,
    endTimeout,
    ...(outbox ? { outbox } : {}),
    ...(customAttributes ? { customAttributes } : {}),
  };
}
