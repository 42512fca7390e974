import type { SnapshotFrom } from 'xstate';
import type { chatMachine } from './chat.machine.js';
import type { ChatTag } from './chat.setup.js';

/** The conversation's public state, as the element exposes it (`state`, `:state()`, `data-state`). */
export type ChatState = ChatTag;

type ChatSnapshot = SnapshotFrom<typeof chatMachine>;

const STATES: readonly ChatState[] = ['ending', 'reconnecting', 'connecting', 'connected', 'closed', 'error', 'idle'];

/** Reads the public state off a snapshot: each state node that is one carries its name as a tag. */
export function stateOf(snapshot: Pick<ChatSnapshot, 'hasTag'>): ChatState {
  return STATES.find(state => snapshot.hasTag(state)) ?? 'idle';
}
