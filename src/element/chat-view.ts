import type { TextKey } from '../i18n/strings.js';
import type { ChatLogic } from '../machine/chat.logic.js';
import { stateOf, type ChatState } from '../machine/chat.state.js';
import type { ChatError, ChatErrorCode, HistoryState } from '../machine/chat.types.js';
import { ready, uploadRules, type Upload } from '../machine/uploads.js';
import { Transcript } from '../transcript/transcript.js';
import type { SnapshotFrom } from 'xstate';

/** A snapshot of the chat machine. */
export type ChatSnapshot = SnapshotFrom<ChatLogic>;

/** What the panel shows, worked out from one snapshot: the element's only input from the machine. */
export interface ChatView {
  readonly state: ChatState;
  /** The status line's text (announced), by string key; none in `idle` and `error`. */
  readonly status?: TextKey;
  /**
   * The status line is shown, not only announced: when something is wrong or ending. A connection
   * that works is the normal case and takes no room in the panel.
   */
  readonly statusShown: boolean;
  /** The visitor can end the conversation from here: one exists (something was said) and it is not ended. */
  readonly canEnd: boolean;
  /** The deployment lets visitors end conversations (config.json "conversation clear"). */
  readonly clearAllowed: boolean;
  /** The error panel, in `error`. */
  readonly error?: { readonly code: ChatErrorCode; readonly canRetry: boolean; readonly canGoBack: boolean };
  /** An End waits for the connection to come back; the visitor may go back to the conversation instead. */
  readonly endWaiting: boolean;
  /** A problem to know about while the conversation goes on (dismissible). */
  readonly notice?: ChatErrorCode;
  readonly expiryWarning: boolean;
  /** "Start a new conversation" is offered (ended, or read-only after the agent ended it). */
  readonly newConversation: boolean;
  readonly transcript: Transcript;
  /** Earlier pages of a resumed conversation; none when no conversation runs. */
  readonly history?: HistoryState;
  /** Who is typing; `undefined` when nobody. Only meaningful with a composer. */
  readonly typing?: { readonly name?: string };
  /** The message form, when the visitor can write. */
  readonly composer?: Composer;
  /** Agent and bot text is markdown. */
  readonly markdown: boolean;
  /** Answers (quick replies, buttons, pickers) are taken. */
  readonly writable: boolean;
  /** The session token the conversation runs under. */
  readonly token?: string;
  /** The visitor's last message the machine took: a new one after a send means it was taken. */
  readonly accepted?: object;
  /**
   * The chat cannot work on this page (no such deployment, switched off, or set up wrong): visitors get
   * no launcher, and nothing they could type would go anywhere.
   */
  readonly unavailable: boolean;
}

/** Errors no retry mends: the page's setup or the deployment's is wrong. */
const UNUSABLE: readonly ChatErrorCode[] = ['deployment-not-found', 'deployment-inactive', 'invalid-config'];

export interface Composer {
  /** Shown but not usable (while ending). */
  readonly disabled: boolean;
  readonly maxLength: number;
  readonly uploads: readonly Upload[];
  /** Files uploaded and waiting to go with the next message. */
  readonly ready: number;
  /** The file picker's filter, when this conversation takes files (`''`: any type). */
  readonly accept?: string;
}

const EMPTY: Omit<ChatView, 'transcript'> = {
  state: 'idle',
  statusShown: false,
  canEnd: false,
  endWaiting: false,
  clearAllowed: true,
  expiryWarning: false,
  newConversation: false,
  markdown: false,
  writable: true,
  unavailable: false,
};

/** Statuses that say all is well: announced, never shown. */
const QUIET: ReadonlySet<TextKey> = new Set(['connecting', 'connected', 'connectedAgain'] as const);

function statusOf(state: ChatState, agentEnded: boolean, readOnly: boolean, reconnected: boolean, online: boolean): TextKey | undefined {
  if (agentEnded && (state === 'connected' || state === 'reconnecting')) return readOnly ? 'agentEndedReadOnly' : 'agentEndedSend';
  switch (state) {
    case 'connecting':
      return 'connecting';
    case 'connected':
      return reconnected ? 'connectedAgain' : 'connected';
    case 'reconnecting':
      return 'reconnecting';
    case 'ending':
      return online ? 'ending' : 'endingOffline';
    case 'closed':
      return 'ended';
    default:
      return undefined;
  }
}

/**
 * The view of a snapshot. `setupError` is the configuration's failure when no machine could start
 * (a wrong attribute); the snapshot is then absent.
 */
export function selectView(snapshot: ChatSnapshot | undefined, setupError?: ChatError): ChatView {
  const empty = Transcript.empty;
  if (!snapshot) {
    return setupError
      ? { ...EMPTY, state: 'error', transcript: empty, error: { code: setupError.code, canRetry: false, canGoBack: false }, unavailable: true }
      : { ...EMPTY, transcript: empty };
  }
  const state = stateOf(snapshot);
  const { conversation, deployment, ending, expiry, settings, transcript, history, uploads } = snapshot.context;
  const config = deployment.config;
  const clearAllowed = config.conversationClear;
  const live = state !== 'closed';
  const { readOnly, agentEnded } = conversation;
  const writable = !readOnly;
  const error = snapshot.context.error;
  const endFailure = ending.requested || error?.code === 'clear-not-supported';
  const unavailable = state === 'error' && !!error && UNUSABLE.includes(error.code);
  const rules = writable ? uploadRules(config, conversation.session) : undefined;
  const running = state === 'connecting' || state === 'connected' || state === 'reconnecting';
  const status = statusOf(state, agentEnded, readOnly, conversation.reconnected, conversation.online);
  // A conversation exists once something was said (or an End of one is unfinished): before that there is nothing to end.
  const exists = transcript.size > 0 || ending.requested;
  return {
    state,
    ...(status ? { status } : {}),
    statusShown: !!status && !QUIET.has(status),
    // Once the agent ended it there is nothing left to end, until the visitor starts again.
    canEnd: clearAllowed && exists && (running ? !agentEnded : state === 'error' && ending.requested),
    clearAllowed,
    ...(state === 'error' && error
      ? {
          error: {
            code: error.code,
            // A deployment setting cannot be retried.
            canRetry: error.code !== 'clear-not-supported' && !unavailable,
            canGoBack: endFailure,
          },
        }
      : {}),
    endWaiting: state === 'ending' && !conversation.online,
    ...(conversation.notice && state !== 'error' ? { notice: conversation.notice.code } : {}),
    expiryWarning: live && expiry.warning,
    newConversation: state === 'closed' || (live && readOnly),
    transcript,
    ...(live ? { history } : {}),
    ...(conversation.agentTyping ? { typing: conversation.agentTyping } : {}),
    ...(live && writable && !unavailable
      ? {
          composer: {
            disabled: state === 'ending',
            maxLength: settings.maxMessageLength,
            uploads,
            ready: ready(uploads).length,
            ...(rules ? { accept: rules.types.includes('*/*') ? '' : rules.types.join(',') } : {}),
          },
        }
      : {}),
    markdown: config.markdown,
    writable,
    token: snapshot.context.token,
    ...(conversation.lastAccepted ? { accepted: conversation.lastAccepted } : {}),
    unavailable,
  };
}
