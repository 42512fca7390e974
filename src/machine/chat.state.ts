/** The conversation's public state, as the element exposes it (`state`, `:state()`, `data-state`). */
export type ChatState = 'idle' | 'connecting' | 'connected' | 'reconnecting' | 'ending' | 'closed' | 'error';

/** Every public state, in the order the conversation goes through them. */
export const CHAT_STATES: readonly ChatState[] = ['idle', 'connecting', 'connected', 'reconnecting', 'ending', 'closed', 'error'];

/** Reads the public state off a chat machine snapshot: each state node that is one carries its name as a tag. */
export function stateOf(snapshot: { hasTag(tag: ChatState): boolean }): ChatState {
  return CHAT_STATES.find(state => snapshot.hasTag(state)) ?? 'idle';
}
