import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { HistoryState } from '../../machine/chat.types.js';
import type { ChatMessage, Chunk } from '../../transcript/transcript.js';
import type { ChatView } from '../chat-view.js';
import { FollowNewest } from './follow-newest.controller.js';

/**
 * Messages rendered, newest last: the DOM of a long conversation stays small. The transcript renders
 * whole chunks, so this many and up to a chunk more. "Load earlier messages" shows this many more,
 * then pages the server's history.
 */
export const TRANSCRIPT_WINDOW = 200;
/** How close to the top (px) scrolling shows earlier messages. */
const EARLIER_DISTANCE = 80;

/**
 * Which messages the transcript renders: the newest `TRANSCRIPT_WINDOW`, more on request, and back to
 * the newest alone once the visitor follows them again. Earlier messages come from what is kept
 * first, then from the server (`loadPage`); either way what the visitor was reading stays where it was.
 */
export class TranscriptWindow implements ReactiveController {
  readonly #host: ReactiveControllerHost;
  readonly #log: () => HTMLElement | undefined;
  readonly #loadPage: () => void;
  /** Keeps the newest message in view. */
  readonly follow: FollowNewest;
  #size = TRANSCRIPT_WINDOW;
  #view?: ChatView;
  /** The first message rendered, by the last render and by the one under way. */
  #first?: ChatMessage;
  #rendering?: ChatMessage;
  /** Distance of the visitor's place from the bottom when earlier messages were asked for. */
  #place?: number;

  constructor(host: ReactiveControllerHost, log: () => HTMLElement | undefined, loadPage: () => void) {
    this.#host = host;
    this.#log = log;
    this.#loadPage = loadPage;
    this.follow = new FollowNewest(host, log);
    host.addController(this);
  }

  /** Before each render: a new message while the visitor follows the newest lets what they scrolled back to go. */
  update(view: ChatView): void {
    if (this.#view && view.transcript.last !== this.#view.transcript.last && this.follow.atBottom) this.#size = TRANSCRIPT_WINDOW;
    this.#view = view;
  }

  /** The chunks of messages to render. */
  chunks(view: ChatView): readonly Chunk[] {
    const chunks = view.transcript.newestChunks(this.#size);
    this.#rendering = chunks[0]?.messages[0];
    return chunks;
  }

  /** Earlier messages went in above the visitor's place: put it back, in the frame that lays them out. */
  hostUpdated(): void {
    const place = this.#place;
    if (place !== undefined && this.#rendering !== this.#first) {
      this.#place = undefined;
      requestAnimationFrame(() => {
        const log = this.#log();
        if (log) log.scrollTop = log.scrollHeight - place;
      });
    }
    this.#first = this.#rendering;
  }

  /** What the "Load earlier messages" control offers: kept messages first, then the server's pages. */
  earlier(view: ChatView, history: HistoryState): HistoryState {
    return view.transcript.size > this.#shown(view) ? { ...history, more: true, failed: false, loading: undefined } : history;
  }

  readonly loadEarlier = (): void => {
    // Read in the click or scroll that asked, not while rendering.
    const log = this.#log();
    // A place already kept is still the one to go back to, until the earlier messages are in.
    if (log) this.#place ??= log.scrollHeight - log.scrollTop;
    const view = this.#view;
    const kept = view?.transcript.size ?? 0;
    if (view && kept > this.#shown(view)) {
      this.#size = this.#shown(view) + TRANSCRIPT_WINDOW;
      this.#host.requestUpdate();
    } else {
      // Everything kept is shown: the page the server sends shows too.
      this.#size = kept + TRANSCRIPT_WINDOW;
      this.#loadPage();
    }
  };

  readonly onScroll = (event: Event): void => {
    const log = event.currentTarget as HTMLElement;
    this.follow.scrolled(log);
    const view = this.#view;
    if (!view || log.scrollTop >= EARLIER_DISTANCE) return;
    if (view.transcript.size > this.#shown(view) || (view.history?.more && view.history.loading === undefined)) this.loadEarlier();
  };

  /** How many messages the chunks rendered for `view` hold. */
  #shown(view: ChatView): number {
    return view.transcript.newestChunks(this.#size).reduce((sum, chunk) => sum + chunk.messages.length, 0);
  }

  /** Pictures load after the render that showed them. */
  readonly onMediaLoad = { handleEvent: () => this.follow.mediaLoaded(), capture: true };
}
