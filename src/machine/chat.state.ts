import type { SnapshotFrom } from 'xstate';
import type { chatMachine } from './chat.machine.js';

/** The conversation's public state, as the element exposes it (`state`, `:state()`, `data-state`). */
export type ChatState = 'idle' | 'connecting' | 'connected' | 'reconnecting' | 'ending' | 'closed' | 'error';

type ChatSnapshot = SnapshotFrom<typeof chatMachine>;

const STATES: readonly ChatState[] = ['idle', 'connecting', 'connected', 'reconnecting', 'ending', 'closed', 'error'];

/** Reads the public state off a snapshot: each state node that is one carries its name as a tag. */
export function stateOf(snapshot: Pick<ChatSnapshot, 'hasTag'>): ChatState {
  return STATES.find(state => snapshot.hasTag(state)) ?? 'idle';
}
