import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { readCustomAttributes, type ConfigProblem } from '../config.js';
import type { ContentReply } from '../content/rich-content.types.js';
import { GenesysChatError, toDomEvent } from '../events/events.js';
import { en, type ChatStrings } from '../i18n/strings.js';
import { createChatLogic, type ChatLogic } from '../machine/chat.logic.js';
import { stateOf, type ChatState } from '../machine/chat.state.js';
import type { ChatEmitted, ChatError, EndReport } from '../machine/chat.types.js';
import type { Fetcher } from '../machine/http.actors.js';
import { ready, uploadRules, type UploadRules } from '../machine/uploads.js';
import type { CustomAttributes } from '../protocol/frames.js';
import { uuid } from '../protocol/ids.js';
import { defaultSocketFactory, type SocketFactory } from '../transport/socket.js';
import { sharedSocketFactory } from '../transport/tab-hub.js';
import { ActorController } from './actor.controller.js';
import { inputOf, setUp, type ChatSetup } from './chat-setup.js';
import { EndWaiters } from './end-waiters.js';
import contentStyles from './content.styles.js';
import styles from './genesys-chat.styles.js';
import markdownStyles from './markdown.styles.js';
import * as panel from './templates/panel.js';
import { renderTranscript, type MessageView } from './templates/transcript.js';
import { renderAttachButton, renderUploads } from './templates/uploads.js';
import { canEnd, errorText, errorView, isSendKey, logLine, statusText, syncStates } from './view.js';

let shared: SocketFactory | undefined;
/**
 * One per page, made on first use: the page's widgets, and the site's other tabs, share one connection
 * per session, so the Guest API's cap on connections per session is never reached (§4.3).
 */
const sharedSockets: SocketFactory = url => (shared ??= sharedSocketFactory(defaultSocketFactory))(url);

/** How close to the bottom (px) the visitor must be for new messages to scroll into view. */
const STICKY_DISTANCE = 48;
/** How close to the top (px) scrolling loads the previous page of history. */
const EARLIER_DISTANCE = 80;
const timeFormat = (lang: string | undefined) => new Intl.DateTimeFormat(lang, { timeStyle: 'short' });

/**
 * Drop-in customer chat for Genesys Cloud Web Messaging that really ends the conversation: End chat sends
 * Presence Clear and the chat counts as ended only when Genesys acknowledges it.
 *
 * @tagname genesys-chat
 * @summary A web messaging chat widget whose End chat actually ends the conversation.
 *
 * @csspart launcher - The floating button that opens and minimises the panel.
 * @csspart badge - The unread-message count on the launcher.
 * @csspart panel - The chat panel (a labelled region).
 * @csspart header - The panel's title bar.
 * @csspart minimize-button - Minimises the panel; the conversation goes on.
 * @csspart end-button - Asks to end the conversation (opens the confirmation dialog).
 * @csspart transcript - The message list (`role="log"`).
 * @csspart message - Every message; also `message-customer`, `message-agent` or `message-bot`.
 * @csspart message-customer - A message the visitor sent.
 * @csspart message-agent - A message from an agent.
 * @csspart message-bot - A message from a bot.
 * @csspart avatar - The agent's or bot's picture, when Genesys sends one.
 * @csspart bot-badge - "Bot" next to a named bot, so visitors know it is not a person.
 * @csspart retry-message-button - Sends a message that was not delivered again.
 * @csspart load-earlier-button - Loads earlier messages of a resumed conversation.
 * @csspart notice - A problem the visitor should know about while the conversation goes on (`role="alert"`).
 * @csspart dismiss-button - Closes the notice.
 * @csspart expiry-warning - Says the session will close soon from inactivity (`role="alert"`).
 * @csspart stay-button - Keeps the session going.
 * @csspart quick-reply - A quick reply button.
 * @csspart card - A card (also inside carousels).
 * @csspart card-image - A card's picture.
 * @csspart carousel - A carousel of cards.
 * @csspart date-picker - A choice of dates and times to answer with.
 * @csspart list-picker - A choice of items to answer with.
 * @csspart markdown - A message's text rendered as markdown.
 * @csspart card-link - A card's link action.
 * @csspart card-button - A card's button, which answers the bot.
 * @csspart carousel-previous - Shows the previous card of a carousel.
 * @csspart carousel-next - Shows the next card of a carousel.
 * @csspart attachment-image - An image the agent sent.
 * @csspart attachment-link - A file the agent sent.
 * @csspart unsupported-content - The fallback for content this widget does not show.
 * @csspart status - The announced connection and ending status line (`role="status"`).
 * @csspart typing - "… is typing", announced politely; empty when nobody is typing.
 * @csspart error - The error notice (`role="alert"`).
 * @csspart retry-button - Tries the failed step again.
 * @csspart back-button - Gives up ending and goes back to the conversation.
 * @csspart new-conversation-button - Starts a new conversation after one ended.
 * @csspart composer - The message form.
 * @csspart input - The message field.
 * @csspart send-button - Sends the message.
 * @csspart attach-button - Picks files to send (shown when the deployment takes files from visitors).
 * @csspart attachments - The files waiting to go with the next message.
 * @csspart attachment - One of them, with its state; also `attachment-failed` when it cannot be sent.
 * @csspart remove-attachment-button - Takes a file back before sending.
 * @csspart character-count - "3900 of 4000 characters", once the message nears the longest one sent.
 * @csspart end-dialog - The confirmation dialog for ending.
 * @csspart confirm-end-button - Confirms ending.
 * @csspart cancel-end-button - Keeps the conversation going.
 *
 * @cssproperty [--genesys-chat-accent=#0b5cad] - Brand colour: launcher, header, visitor messages.
 * @cssproperty [--genesys-chat-on-accent=#ffffff] - Text on the accent colour.
 * @cssproperty [--genesys-chat-surface=#ffffff] - Panel background.
 * @cssproperty [--genesys-chat-text=#1f2328] - Panel text.
 * @cssproperty [--genesys-chat-radius=12px] - Corner radius of the panel and messages.
 * @cssproperty [--genesys-chat-font=system-ui, sans-serif] - Font family.
 * @cssproperty [--genesys-chat-z-index=2147483000] - Stacking order of the floating widget.
 *
 * @cssstate idle - No conversation yet.
 * @cssstate connecting - Opening the connection.
 * @cssstate connected - Messages can be exchanged.
 * @cssstate reconnecting - The connection dropped and is being restored.
 * @cssstate ending - Waiting for Genesys to acknowledge the end.
 * @cssstate closed - The conversation ended.
 * @cssstate error - Something needs the visitor (or the page's configuration).
 *
 * @fires {GenesysChatConnectedEvent} genesys-chat-connected - The session is ready; `detail.newSession`.
 * @fires {GenesysChatMessageEvent} genesys-chat-message - A message was sent or received; `detail.message`, `detail.direction`.
 * @fires {GenesysChatEndingEvent} genesys-chat-ending - Clear was sent; `detail.attempt`.
 * @fires {GenesysChatEndedEvent} genesys-chat-ended - Genesys acknowledged the end; `detail.by`, `detail.latency`, `detail.attempts`.
 * @fires {GenesysChatErrorEvent} genesys-chat-error - Something failed; `detail.code`, `detail.message`, `detail.recoverable`.
 */
export class GenesysChat extends LitElement {
  static override styles = [styles, contentStyles, markdownStyles];

  /** The Messenger deployment id (a UUID). */
  @property({ attribute: 'deployment-id' }) deploymentId?: string;

  /** The Genesys Cloud region: a domain (`mypurecloud.ie`), AWS region (`eu-west-1`) or environment (`prod-euw1`). */
  @property() region?: string;

  /** A full `wss://…/v1` URL that overrides `region` (proxies, local simulators). */
  @property() endpoint?: string;

  /** How long to wait for Genesys to acknowledge the end before trying again, in ms (default 10000). */
  @property({ attribute: 'end-timeout' }) endTimeout?: string | number;

  /**
   * The URL of the deployment's config.json (Messenger settings: conversation clear, typing, auto-start,
   * markdown, uploads). Default: `https://api-cdn.<region domain>/webdeployments/v1/deployments/<id>/config.json`,
   * or the `endpoint`'s HTTP origin.
   */
  @property({ attribute: 'config-url' }) configUrl?: string;

  /**
   * Participant data for the routing flow, as JSON of string values (`{"customerId":"42"}`) or, from a
   * script, an object. Sent with the conversation's first message (or its auto-start), and again when changed.
   */
  @property({ attribute: 'custom-attributes' }) customAttributes?: string | Readonly<Record<string, string>>;

  /** Whether the panel is open; reflects to the `open` attribute. */
  @property({ type: Boolean, reflect: true, attribute: 'open' }) opened = false;

  /** Text overrides, merged over English. */
  @property({ attribute: false }) strings: Partial<ChatStrings> = {};

  /**
   * Opens the WebSocket; replace it to proxy or test the connection. Read each time a socket is opened.
   * The default shares one connection per session among the site's tabs (one of them holds it).
   */
  @property({ attribute: false }) socketFactory: SocketFactory = sharedSockets;

  /** Makes HTTP requests (config.json, history); replace it to proxy or test them. */
  @property({ attribute: false }) fetcher: Fetcher = (url, init) => fetch(url, init);

  @state() private unread = 0;
  /** Characters in the message field, for the count near the limit. */
  @state() private draftLength = 0;
  // Looked up by id: a selector query would walk the whole transcript to reach what follows it.
  private get transcriptEl() { return this.#byId<HTMLElement>('transcript'); }
  private get inputEl() { return this.#byId<HTMLTextAreaElement>('input'); }
  private get dialogEl() { return this.#byId<HTMLDialogElement>('end-dialog'); }
  private get endButtonEl() { return this.#byId<HTMLButtonElement>('end-button'); }
  private get launcherEl() { return this.#byId<HTMLButtonElement>('launcher'); }

  readonly #internals = this.attachInternals();
  readonly #ends = new EndWaiters();
  #setupKey?: string;
  #setup?: ChatSetup;
  /** Configuration problems, reported after the next render so listeners added right after the import hear them. */
  #reports: ChatError[] = [];
  #focusNext?: 'input' | 'launcher' | 'end';
  #stickToBottom = true;
  /** The visitor is reading the newest messages (as of the last scroll or render). */
  #atBottom = true;
  /** Pictures load after the render that scrolled to them: keep the newest in view when they do. */
  readonly #onMediaLoad = {
    handleEvent: () => {
      const log = this.transcriptEl;
      if (log && this.#atBottom) log.scrollTop = log.scrollHeight;
    },
    capture: true,
  };
  #lang?: string | undefined;
  #attributes?: CustomAttributes | undefined;
  /** The first message shown before an update, to keep the visitor's place when history is prepended. */
  #firstShown?: string | undefined;
  #distanceFromBottom = 0;
  #view: MessageView = {
    t: en,
    time: timeFormat(undefined),
    lang: undefined,
    markdown: false,
    writable: true,
    onReply: reply => this.#reply(reply),
    onResend: event => this.#resend(event),
  };

  readonly #chat = new ActorController<ChatLogic>(this, {
    logic: () => {
      const setup = this.#setup;
      if (!setup?.ok) return undefined;
      // Read at each connection, so a factory set just after the element was added is still used.
      const socketFactory: SocketFactory = url => this.socketFactory(url);
      return createChatLogic({
        socketFactory,
        fetcher: (url, init) => this.fetcher(url, init),
        saveSession: session => setup.store.write(session),
        forgetSession: () => setup.store.clear(),
      });
    },
    options: () => (this.#setup?.ok ? { input: inputOf(this.#setup, this.#attributes) } : {}),
    onEmit: emitted => this.#onEmit(emitted),
    // A stored session means a conversation may be going on (or an end is unfinished): resume it now.
    onStart: actor => this.#setup?.ok && this.#setup.store.read() && actor.send({ type: 'chat.start' }),
  });

  /** The conversation's state: `idle`, `connecting`, `connected`, `reconnecting`, `ending`, `closed` or `error`. */
  get state(): ChatState {
    const snapshot = this.#chat.snapshot;
    if (snapshot) return stateOf(snapshot);
    return this.#setup?.ok === false ? 'error' : 'idle';
  }

  /** Opens the panel, connecting if no conversation is running, and focuses the message field. */
  open(): void {
    this.opened = true;
    this.#focusNext = 'input';
    this.requestUpdate();
  }

  /** Minimises the panel; the conversation goes on. */
  minimize(): void {
    // Only take focus back when it was in the panel; a script minimising must not steal it.
    if (this.shadowRoot?.activeElement) this.#focusNext = 'launcher';
    this.opened = false;
    this.requestUpdate();
  }

  /** Sends a message as the visitor, starting the conversation if needed; blank text is ignored. */
  send(text: string): void {
    this.#send(text);
  }

  /**
   * Ends the conversation: resolves when Genesys acknowledges it, rejects with a `GenesysChatError`
   * when ending fails. Resolves at once when there is no conversation.
   */
  endConversation(): Promise<EndReport> {
    const setup = this.#setup;
    if (setup && !setup.ok) return Promise.reject(new GenesysChatError(setup.error));
    if (this.#chat.snapshot?.context.deployment.config.conversationClear === false) {
      return Promise.reject(new GenesysChatError({
        code: 'clear-not-supported',
        message: 'The deployment does not let visitors end conversations (Messenger setting "Conversation clear").',
        recoverable: true,
      }));
    }
    const state = this.state;
    if (state === 'closed' || (state === 'idle' && !setup?.store.read())) return Promise.resolve({ by: 'customer', attempts: 0 });
    const settled = this.#ends.wait();
    if (state !== 'ending') this.#chat.send({ type: 'chat.end', at: Date.now() });
    return settled;
  }

  /** Starts a new conversation after the previous one ended (by the visitor, or by the agent in read-only mode). */
  startNewConversation(): void {
    this.#chat.send({ type: 'chat.startNew' });
  }

  override connectedCallback(): void {
    this.#configure();
    super.connectedCallback();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('customAttributes')) this.#readAttributes();
    const configChanged = ['deploymentId', 'region', 'endpoint', 'endTimeout', 'configUrl'].some(p => changed.has(p as keyof GenesysChat));
    if (configChanged && this.isConnected && this.#configure()) this.#chat.restart();
    if (changed.has('strings')) this.#view = { ...this.#view, t: { ...en, ...this.strings } };
    const lang = this.closest('[lang]')?.getAttribute('lang') || undefined;
    if (lang !== this.#lang) this.#view = { ...this.#view, lang, time: timeFormat((this.#lang = lang)) };
    const context = this.#chat.snapshot?.context;
    const markdown = context?.deployment.config.markdown ?? false;
    const writable = !context?.conversation.readOnly;
    // The view changes identity only when these do: every chunk of the transcript renders again then.
    if (markdown !== this.#view.markdown || writable !== this.#view.writable) this.#view = { ...this.#view, markdown, writable };
    if (this.opened) {
      this.unread = 0;
      // With no stored session, the first opening is what starts the conversation.
      if (this.state === 'idle') {
        this.#joinStoredSession();
        this.#chat.send({ type: 'chat.start' });
      }
    }
    const log = this.transcriptEl;
    this.#stickToBottom ||= !log || log.scrollHeight - log.scrollTop - log.clientHeight < STICKY_DISTANCE;
    if (log) this.#distanceFromBottom = log.scrollHeight - log.scrollTop;
    this.#firstShown = firstMessageKey(context);
    syncStates(this.#internals, this.state);
  }

  protected override render() {
    const { t } = this.#view;
    const state = this.state;
    const context = this.#chat.snapshot?.context;
    const error = this.#setup?.ok === false ? this.#setup.error : context?.error;
    const live = !!context && state !== 'closed';
    const rules = context && !context.conversation.readOnly ? uploadRules(context.deployment.config, context.conversation.session) : undefined;
    return html`
      ${panel.renderLauncher(t, this.opened, this.unread, this.#toggle)}
      <section part="panel" id="panel" class="panel" aria-labelledby="title" ?hidden=${!this.opened} @keydown=${this.#onPanelKeydown} @dragover=${this.#onDragOver} @drop=${this.#onDrop}>
        ${panel.renderHeader(t, canEnd(state, context), this.#requestEnd, this.minimize)}
        ${context?.transcript.size ? nothing : html`<p class="empty">${t.emptyTranscript}</p>`}
        ${context && live ? panel.renderLoadEarlier(t, context.history, this.#loadEarlier) : nothing}
        <div id="transcript" part="transcript" class="transcript" role="log" aria-live="polite" aria-labelledby="title" tabindex="0" @scroll=${this.#onScroll} @load=${this.#onMediaLoad}>
          ${context ? renderTranscript(context.transcript, this.#view) : nothing}
        </div>
        <p part="status" class="status" role="status">${statusText(state, t, context)}</p>
        ${state === 'error' && error ? panel.renderError(t, errorView(error, t, context), this.#retry, this.#backToConversation) : nothing}
        ${context?.conversation.notice && state !== 'error' ? panel.renderNotice(t, errorText(context.conversation.notice.code, t), this.#dismissNotice) : nothing}
        ${live && context.expiry.warning ? panel.renderExpiryWarning(t, this.#stay) : nothing}
        ${state === 'closed' || (live && context.conversation.readOnly) ? panel.renderNewConversation(t, this.#startNew) : nothing}
        ${live && !context.conversation.readOnly ? panel.renderTyping(t, context.conversation.agentTyping) : nothing}
        ${live && !context.conversation.readOnly ? renderUploads(t, context.uploads, this.#removeFile) : nothing}
        ${live && !context.conversation.readOnly
          ? panel.renderComposer(
              t,
              {
                disabled: state === 'ending',
                draft: { length: this.draftLength, max: context.settings.maxMessageLength },
                ...(rules ? { attach: renderAttachButton(t, acceptOf(rules), state === 'ending', this.#pickFiles, this.#onFilesPicked) } : {}),
              },
              { onSubmit: this.#onSubmit, onKeydown: this.#onInputKeydown, onInput: this.#onInput, onPaste: this.#onPaste },
            )
          : nothing}
      </section>
      ${panel.renderEndDialog(t, this.#confirmEnd, this.#closeDialog)}
    `;
  }

  protected override updated(): void {
    const log = this.transcriptEl;
    if (log && this.#stickToBottom && this.opened) log.scrollTop = log.scrollHeight;
    // Earlier messages were put above the visitor's place: keep what they were reading where it was.
    else if (log && this.#firstShown !== firstMessageKey(this.#chat.snapshot?.context)) {
      log.scrollTop = log.scrollHeight - this.#distanceFromBottom;
    }
    if (log) this.#atBottom = log.scrollHeight - log.scrollTop - log.clientHeight < STICKY_DISTANCE;
    this.#stickToBottom = false;
    if (this.dialogEl?.open && !canEnd(this.state, this.#chat.snapshot?.context)) this.#closeDialog();
    const focus = this.#focusNext;
    this.#focusNext = undefined;
    if (focus === 'input') this.inputEl?.focus();
    else if (focus === 'launcher') this.launcherEl?.focus();
    else if (focus === 'end') (this.endButtonEl ?? this.launcherEl)?.focus();
    this.#reports.splice(0).forEach(error => {
      this.#log(error);
      this.dispatchEvent(toDomEvent({ type: 'error', error }));
    });
  }

  #byId<T extends HTMLElement>(id: string): T | undefined {
    return ((this.renderRoot as ShadowRoot | undefined)?.getElementById(id) as T | null) ?? undefined;
  }

  /** Reads `customAttributes`; a running chat gets them for its next message. */
  #readAttributes(): void {
    const warnings: ConfigProblem[] = [];
    this.#attributes = readCustomAttributes(this.customAttributes, warnings);
    this.#reports.push(...warnings.map(w => ({ code: 'invalid-config' as const, message: w.message, recoverable: true })));
    this.#chat.send({ type: 'chat.attributes', attributes: this.#attributes });
  }

  /** Resolves the attributes again; returns whether they changed. */
  #configure(): boolean {
    const attributes = {
      deploymentId: this.deploymentId,
      region: this.region,
      endpoint: this.endpoint,
      endTimeout: this.endTimeout,
      configUrl: this.configUrl,
    };
    const key = JSON.stringify(attributes);
    if (key === this.#setupKey) return false;
    this.#setupKey = key;
    const setup = (this.#setup = setUp(attributes));
    this.#reports = setup.ok ? [...setup.warnings] : [setup.error];
    return true;
  }

  #onEmit(emitted: ChatEmitted): void {
    if (emitted.type === 'message' && emitted.direction === 'received' && !this.opened) this.unread++;
    if (emitted.type === 'ended' && emitted.report.by === 'customer') this.#ends.resolve(emitted.report);
    if (emitted.type === 'error') {
      // Every failure that is not recoverable puts the machine in `error`: a pending end has failed.
      if (!emitted.error.recoverable) this.#ends.reject(emitted.error);
      this.#log(emitted.error);
    }
    this.dispatchEvent(toDomEvent(emitted));
  }

  #log(error: ChatError): void {
    if (error.recoverable || error.code === 'bad-frame') console.warn(logLine(error));
    else console.error(logLine(error));
  }

  /** Returns whether the machine took the message (only then may the field be cleared). */
  #send(raw: string): boolean {
    const text = raw.trim();
    const snapshot = this.#chat.snapshot;
    if (!snapshot || (!text && ready(snapshot.context.uploads).length === 0)) return false;
    if (this.state === 'idle') this.#joinStoredSession();
    const tracingId = uuid();
    const at = Date.now();
    this.#chat.send({ type: 'chat.send', text, tracingId, at });
    const accepted = !!this.#chat.snapshot?.context.transcript.find(tracingId, at);
    if (accepted) this.#stickToBottom = true;
    return accepted;
  }

  /**
   * A chat that has not started yet takes the session another tab of the site started meanwhile (its
   * token was stored after this page loaded), so that both tabs are one conversation.
   */
  #joinStoredSession(): void {
    const stored = this.#setup?.ok ? this.#setup.store.read() : undefined;
    if (stored && stored.token !== this.#chat.snapshot?.context.token) this.#chat.restart();
  }

  #toggle(): void {
    if (this.opened) this.minimize();
    else this.open();
  }

  #onPanelKeydown(event: KeyboardEvent): void {
    if (event.key !== 'Escape' || event.isComposing || event.defaultPrevented || this.dialogEl?.open) return;
    event.preventDefault();
    this.minimize();
  }

  #onInputKeydown(event: KeyboardEvent): void {
    if (!isSendKey(event)) return;
    event.preventDefault();
    this.#submitInput();
  }

  #onInput(): void {
    const text = this.inputEl?.value ?? '';
    this.draftLength = text.trim().length;
    // The machine decides whether (and how often) this becomes a Typing event.
    if (text.trim()) this.#chat.send({ type: 'chat.typing', at: Date.now() });
  }

  #onSubmit(event: Event): void {
    event.preventDefault();
    this.#submitInput();
  }

  #submitInput(): void {
    const input = this.inputEl;
    if (input && this.#send(input.value)) {
      input.value = '';
      this.draftLength = 0;
    }
  }

  #pickFiles(): void {
    this.#byId<HTMLInputElement>('file-input')?.click();
  }

  #onFilesPicked(event: Event): void {
    const input = event.currentTarget as HTMLInputElement;
    this.#attach([...(input.files ?? [])]);
    // The same file can be picked again after it was removed.
    input.value = '';
  }

  #onPaste(event: ClipboardEvent): void {
    const files = [...(event.clipboardData?.files ?? [])];
    if (files.length === 0 || !this.#takesFiles()) return;
    event.preventDefault();
    this.#attach(files);
  }

  #takesFiles(): boolean {
    const context = this.#chat.snapshot?.context;
    return !!context && !context.conversation.readOnly && !!uploadRules(context.deployment.config, context.conversation.session);
  }

  #onDragOver(event: DragEvent): void {
    // Files dropped on the panel are attached rather than opened by the browser.
    if (this.#takesFiles() && event.dataTransfer?.types.includes('Files')) event.preventDefault();
  }

  #onDrop(event: DragEvent): void {
    const files = [...(event.dataTransfer?.files ?? [])];
    if (files.length === 0 || !this.#takesFiles()) return;
    event.preventDefault();
    this.#attach(files);
  }

  #attach(files: File[]): void {
    if (files.length) this.#chat.send({ type: 'chat.attach', files });
  }

  #removeFile(event: Event): void {
    const id = (event.currentTarget as HTMLElement | null)?.dataset['id'];
    if (id) this.#chat.send({ type: 'chat.removeAttachment', id });
    this.#focusNext = 'input';
  }

  #requestEnd(): void {
    // The dialog gives focus back to what had it when it opened; make sure that is End chat, also for Escape.
    this.endButtonEl?.focus();
    this.dialogEl?.showModal();
  }

  #confirmEnd(): void {
    this.#closeDialog();
    this.#chat.send({ type: 'chat.end', at: Date.now() });
  }

  #closeDialog(): void {
    this.dialogEl?.close();
    // End chat may be gone after this update (ending, ended): then the launcher takes focus.
    this.#focusNext = 'end';
    this.requestUpdate();
  }

  #retry(): void {
    this.#chat.send({ type: 'chat.retry', at: Date.now() });
  }

  #backToConversation(): void {
    this.#chat.send({ type: 'chat.cancelEnd' });
    this.#focusNext = 'input';
  }

  #startNew(): void {
    this.startNewConversation();
    this.#focusNext = 'input';
  }

  #reply(reply: ContentReply): void {
    this.#chat.send({ type: 'chat.reply', reply, tracingId: uuid(), at: Date.now() });
    this.#stickToBottom = true;
    // The buttons that had focus are gone; the message field is where the conversation goes on.
    this.#focusNext = 'input';
  }

  #resend(event: Event): void {
    const tracingId = (event.currentTarget as HTMLElement | null)?.dataset['tracingId'];
    if (tracingId) this.#chat.send({ type: 'chat.resend', tracingId, at: Date.now() });
  }

  #loadEarlier(): void {
    this.#chat.send({ type: 'chat.loadEarlier' });
  }

  #onScroll(): void {
    const log = this.transcriptEl;
    if (log) this.#atBottom = log.scrollHeight - log.scrollTop - log.clientHeight < STICKY_DISTANCE;
    const history = this.#chat.snapshot?.context.history;
    if (log && history?.more && history.loading === undefined && log.scrollTop < EARLIER_DISTANCE) this.#loadEarlier();
  }

  #stay(): void {
    this.#chat.send({ type: 'chat.stay' });
  }

  #dismissNotice(): void {
    this.#chat.send({ type: 'chat.dismissNotice' });
    this.#focusNext = 'input';
  }
}

/** The file picker's filter: the session's types, unless it takes any. */
const acceptOf = (rules: UploadRules): string => (rules.types.includes('*/*') ? '' : rules.types.join(','));

/** Identifies the first message shown, to tell when earlier ones were put before it. */
function firstMessageKey(context: { readonly transcript: { readonly chunks: readonly { readonly messages: readonly { id: string }[] }[] } } | undefined) {
  return context?.transcript.chunks[0]?.messages[0]?.id;
}
