import type { ReactiveControllerHost } from 'lit';
import type { HistoryState } from '../../machine/chat.types.js';
import type { ChatMessage } from '../../transcript/transcript.js';
import type { ChatView } from '../chat-view.js';
import { FollowNewest } from './follow-newest.controller.js';

/**
 * Messages rendered at most, newest last: the DOM of a long conversation stays small. "Load earlier
 * messages" shows this many more, then pages the server's history.
 */
export const TRANSCRIPT_WINDOW = 200;
/** How close to the top (px) scrolling shows earlier messages. */
const EARLIER_DISTANCE = 80;

/**
 * Which messages the transcript renders: the newest `TRANSCRIPT_WINDOW`, more on request, and back to
 * the newest alone once the visitor follows them again. Earlier messages come from what is kept
 * first, then from the server (`loadPage`).
 */
export class TranscriptWindow {
  readonly #host: ReactiveControllerHost;
  readonly #loadPage: () => void;
  /** Keeps the newest message in view. */
  readonly follow: FollowNewest;
  #size = TRANSCRIPT_WINDOW;
  #view?: ChatView;

  constructor(host: ReactiveControllerHost, log: () => HTMLElement | undefined, loadPage: () => void) {
    this.#host = host;
    this.#loadPage = loadPage;
    this.follow = new FollowNewest(host, log);
  }

  /** Before each render: new messages while the visitor follows the newest let what they scrolled back to go. */
  update(view: ChatView): void {
    if (this.#view && view.transcript.size > this.#view.transcript.size && this.follow.atBottom) this.#size = TRANSCRIPT_WINDOW;
    this.#view = view;
  }

  /** The messages to render. */
  messages(view: ChatView): readonly ChatMessage[] {
    return view.transcript.newest(this.#size);
  }

  /** What the "Load earlier messages" control offers: kept messages first, then the server's pages. */
  earlier(view: ChatView, history: HistoryState): HistoryState {
    return view.transcript.size > this.#size ? { ...history, more: true, failed: false, loading: undefined } : history;
  }

  readonly loadEarlier = (): void => {
    if ((this.#view?.transcript.size ?? 0) > this.#size) {
      this.#size += TRANSCRIPT_WINDOW;
      this.#host.requestUpdate();
    } else this.#loadPage();
  };

  readonly onScroll = (event: Event): void => {
    const log = event.currentTarget as HTMLElement;
    this.follow.scrolled(log);
    const view = this.#view;
    if (!view || log.scrollTop >= EARLIER_DISTANCE) return;
    if (view.transcript.size > this.#size || (view.history?.more && view.history.loading === undefined)) this.loadEarlier();
  };

  /** Pictures load after the render that showed them. */
  readonly onMediaLoad = { handleEvent: () => this.follow.mediaLoaded(), capture: true };
}
