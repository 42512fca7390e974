import type { SnapshotFrom } from 'xstate';
import type { chatMachine } from './chat.machine.js';

/** The conversation's public state, as the element exposes it (`state`, `:state()`, `data-state`). */
export type ChatState = 'idle' | 'connecting' | 'connected' | 'reconnecting' | 'ending' | 'closed' | 'error';

type ChatSnapshot = SnapshotFrom<typeof chatMachine>;

/** Reads the public state off a snapshot: `live`'s child states are public states of their own. */
export function stateOf(snapshot: Pick<ChatSnapshot, 'value'>): ChatState {
  const value = snapshot.value;
  if (typeof value === 'string') return value;
  const live = (value as { live?: string | Record<string, unknown> }).live;
  if (live === undefined) return 'idle';
  return (typeof live === 'string' ? live : Object.keys(live)[0]) as ChatState;
}
