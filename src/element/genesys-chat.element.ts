import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { property } from 'lit/decorators.js';
import { GenesysChatError, toDomEvent } from '../events/events.js';
import type { Theme } from '../config.js';
import type { ChatStrings } from '../i18n/strings.js';
import { launcherEn } from '../i18n/launcher-strings.js';
import type { ChatState } from '../machine/chat.state.js';
import type { ChatError, EndReport } from '../machine/chat.types.js';
import type { Fetcher } from '../machine/http.actors.js';
import { hasStoredSession, keepOpen, wasOpen } from '../session/session-key.js';
import { sharedSockets } from '../transport/shared-sockets.js';
import type { GenesysChatAuth } from '../auth/auth.js';
import type { SocketFactory } from '../transport/socket.js';
import type { ChatPanel } from './chat-panel.js';
import { Attributes } from './chat-setup.js';
import launcherStyles from './launcher.styles.js';
import { PanelLoader } from './panel-loader.js';
import { afterPaint, syncStates, whenIdle } from './platform.js';
import { renderLauncher } from './templates/launcher.js';
import { applyLook, rememberedLook, rememberLook, showsLauncher, type Look } from './look.js';

/** Problems the `debug` panel lists at most (the newest). */
const MAX_PROBLEMS = 20;

/** The attributes that decide which conversation runs: changing one starts over. */
const SETUP_PROPERTIES = ['deploymentId', 'region', 'endpoint', 'endTimeout', 'configUrl', 'storage'] as const;

/**
 * Drop-in customer chat for Genesys Cloud Web Messaging that really ends the conversation: End chat sends
 * Presence Clear and the chat counts as ended only when Genesys acknowledges it.
 *
 * @tagname genesys-chat
 * @summary A web messaging chat widget whose End chat actually ends the conversation.
 *
 * @csspart launcher - The floating button that opens the panel and, while it is open, minimises it (a cross named "Minimise chat").
 * @csspart badge - The unread-message count on the launcher.
 * @csspart preview - The newest agent or bot message above the minimised launcher, while some are unread; it describes the launcher, and a click opens the chat.
 * @csspart download-button - Saves the conversation as a plain-text file (offered once something was said).
 * @csspart dialog-download-button - The same, in the End dialog: once ended, the conversation is not kept for the next page.
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
 * @cssproperty [--genesys-chat-accent=#0b5cad] - Brand colour: launcher, header, visitor messages, button outlines (dark theme: #5cadff).
 * @cssproperty [--genesys-chat-accent-text=the accent, darkened or lightened] - The accent as text and outlines on the panel (buttons, links, choices); by default the accent with its lightness kept at most 0.5 (oklch) on the light theme and at least 0.75 on the dark one, so any brand colour reads at 4.5:1 on the default surfaces.
 * @cssproperty [--genesys-chat-on-accent=black or white] - Text on the accent colour; by default black or white, whichever reads at 4.5:1 or more on the accent.
 * @cssproperty [--genesys-chat-surface=#ffffff] - Panel background (dark theme: #1c2128).
 * @cssproperty [--genesys-chat-text=#1f2328] - Panel text (dark theme: #e6edf3).
 * @cssproperty [--genesys-chat-muted=72% text, 28% surface] - Secondary text (status, times, typing), the message field's border, disabled buttons.
 * @cssproperty [--genesys-chat-bubble=9% text, 91% surface] - Background of agent and bot messages, notices and the file tray.
 * @cssproperty [--genesys-chat-bubble-text=the text colour] - Text of agent and bot messages.
 * @cssproperty [--genesys-chat-danger=#b42318] - Errors, the unread badge and the confirm-end button (dark theme: #ff8a80).
 * @cssproperty [--genesys-chat-on-danger=black or white] - Text on the danger colour; by default whichever reads at 4.5:1 or more.
 * @cssproperty [--genesys-chat-focus=the text colour] - The focus ring (in the header: the on-accent colour).
 * @cssproperty [--genesys-chat-focus-halo=the surface colour] - The band on both sides of the focus ring, so it shows on any page.
 * @cssproperty [--genesys-chat-shadow=rgb(0 0 0 / 0.3)] - The shadow of the launcher and the panel.
 * @cssproperty [--genesys-chat-backdrop=rgb(0 0 0 / 0.4)] - What covers the panel behind the end dialog.
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
 * @fires {GenesysChatEndedEvent} genesys-chat-ended - The conversation ended: the visitor's end acknowledged by Genesys, or the agent's; `detail.by` (`customer` or `agent`), `detail.latency` (ms from End to acknowledgement), `detail.attempts`, `detail.readOnly` (an agent's read-only end).
 * @fires {GenesysChatSignedOutEvent} genesys-chat-signed-out - The visitor was signed out, here (`logout()`) or from another tab or device.
 * @fires {GenesysChatErrorEvent} genesys-chat-error - Something failed; `detail.code`, `detail.message`, `detail.recoverable`, `detail.serverCode` (the Guest API's own code, when the server sent one).
 */
export class GenesysChat extends LitElement {
  static override styles = launcherStyles;

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
   * Where the visitor's session (token, unsent words, a pending End, its expiry) is kept: `local`
   * (default: `localStorage`, resumes across reloads and the site's tabs), `session` (`sessionStorage`:
   * this tab only) or `none` (nothing kept: a reload starts anew). Another value stops the chat with an error.
   */
  @property() storage?: 'local' | 'session' | 'none';

  /**
   * Participant data for the routing flow, as JSON of string values (`{"customerId":"42"}`) or, from a
   * script, an object. Sent with the conversation's first message (or its auto-start), and again when changed.
   */
  @property({ attribute: 'custom-attributes' }) customAttributes?: string | Readonly<Record<string, string>>;

  /**
   * The colour theme: `light` (default), `dark`, or `auto`, which follows the visitor's system setting
   * (`prefers-color-scheme`). Colours set through the custom properties apply over any theme. Another
   * value warns (`genesys-chat-error`, recoverable) and the light theme shows.
   * @attr theme
   */
  @property({ reflect: true }) theme?: Theme;

  /**
   * The welcome text shown in the panel until the conversation starts. Default: the deployment's label
   * for its home screen's subtitle (config.json `customI18nLabels`, `MessengerHomeHeaderSubTitle`) in the
   * chat's language, else "Send a message to start a conversation." (`strings.emptyTranscript` wins).
   */
  @property({ attribute: 'welcome-text' }) welcomeText?: string;

  /**
   * Whether visitors get the floating launcher: `on`, or `off` (the page opens the chat with `open()`).
   * Default: the deployment's Messenger setting (launcher visibility `Off` and `OnDemand` show none), else on.
   * A chat that cannot work here (no such deployment, switched off, wrong attributes) shows none either way.
   */
  @property() launcher?: 'on' | 'off';

  /**
   * The side of the page the widget sits on: `left`, `right`, or `auto` (the end of the page's writing
   * direction). Default: the deployment's Messenger position (with its space to the edges), else auto.
   */
  @property() position?: 'left' | 'right' | 'auto';

  /**
   * The brand colour (any CSS colour) for the launcher, header and the visitor's messages. Default: the
   * deployment's primary colour. A `--genesys-chat-accent` the site sets wins over both.
   */
  @property({ attribute: 'primary-color' }) primaryColor?: string;

  /**
   * Shows the integrator, on the page, what is wrong with this chat's setup in plain words (no such
   * deployment, this site not allowed, an endpoint without /v1, conversation clear off, …): every problem
   * also goes to the console and `genesys-chat-error`. For setting up, not for visitors.
   */
  @property({ type: Boolean }) debug = false;

  /**
   * Whether the panel is open; reflects to the `open` attribute. Kept for the tab's next page of the
   * site (and a reload) in `sessionStorage`, per deployment, unless `storage` is `none`.
   */
  @property({ type: Boolean, reflect: true, attribute: 'open' }) opened = false;

  /**
   * The language of the chat: `en`, `de`, `fr`, `es`, `nl`, `pt-BR`, `ja` or `ar`, or a regional form
   * (`de-AT`, `en-GB`: the region sets date and time formats). Without it, the first of the page's `lang`
   * and the browser's languages that the deployment offers (config.json `languages`), else the
   * deployment's default language, else English. Another value warns, and is ignored. Changing it
   * changes the words at once; the conversation goes on.
   * @attr locale
   */
  @property() locale?: string;

  /** Text overrides, merged over the chosen language (and over the deployment's custom labels). */
  @property({ attribute: false }) strings: Partial<ChatStrings> = {};

  /**
   * Opens the WebSocket; replace it to proxy or test the connection. Read each time a socket is opened.
   * The default shares one connection per session among the site's tabs (one of them holds it).
   */
  @property({ attribute: false }) socketFactory: SocketFactory = sharedSockets;

  /**
   * Makes HTTP requests: config.json, history, the visitor's file uploads, and a signed-in visitor's token
   * exchange, refresh and revoke. Replace it to proxy or test them; set it before inserting the element.
   */
  @property({ attribute: false }) fetcher: Fetcher = (url, init) => fetch(url, init);

  /**
   * Signs the visitor in (deployments with authenticated messaging): the proof of their login at the
   * site's identity provider, or a function that returns a fresh one when asked. A proof is an
   * authorization code `{ code, redirectUri, codeVerifier }` (PKCE) or an OpenID `{ idToken, nonce }`;
   * Genesys redeems it, so the page never hands over a client secret. Read when the conversation starts.
   */
  @property({ attribute: false }) auth?: GenesysChatAuth;

  readonly #internals = this.attachInternals();
  /** Whether the open flag of the tab's last page was read (it is, after the first paint). */
  #openRead = false;
  readonly #attributes = new Attributes();
  /** The look an earlier page of the site kept, until config.json answers on this one. */
  #remembered?: Look;
  #rememberedText?: string;
  /** What went wrong, for the `debug` panel: the newest problems. */
  readonly #problems: ChatError[] = [];
  /** The conversation part: the chat machine and the panel, loaded when first needed. */
  readonly #loader = new PanelLoader(this, launcherStyles, {
    // Resolved by the time the panel loads (see #load).
    setup: () => this.#attributes.setup!,
    customAttributes: () => this.#attributes.custom,
    report: error => this.#report(error),
  });

  /** The storage mode as the page set it; a wrong one finds nothing stored (the chat reports it when set up). */
  get #storageMode(): 'local' | 'session' | 'none' {
    const mode = this.storage?.trim() || 'local';
    return mode === 'local' || mode === 'session' ? mode : 'none';
  }

  get #panel() {
    return this.#loader.panel;
  }

  /** The conversation's state: `idle`, `connecting`, `connected`, `reconnecting`, `ending`, `closed` or `error`. */
  get state(): ChatState {
    if (this.isConnected) this.#ensureConfigured();
    return this.#state();
  }

  #state(): ChatState {
    return this.#panel?.state ?? (this.#attributes.setup?.ok === false ? 'error' : 'idle');
  }

  /** Opens the panel, connecting if no conversation is running, and focuses the message field. */
  open(): void {
    this.opened = true;
    this.#ensureConfigured();
    this.#loader.opened();
    // Already open: focus still moves, with this update, not with whatever renders next.
    this.requestUpdate();
  }

  /** Minimises the panel; the conversation goes on. */
  minimize(): void {
    this.#panel?.minimizing();
    this.opened = false;
  }

  /** Sends a message as the visitor, starting the conversation if needed; blank text is ignored. */
  send(text: string): void {
    if (this.#panel) this.#panel.send(text);
    else if (text.trim()) this.#load(panel => panel.send(text));
  }

  /**
   * Ends the conversation: resolves when Genesys acknowledges it, rejects with a `GenesysChatError`
   * when ending fails. Resolves at once when there is no conversation.
   */
  async endConversation(): Promise<EndReport> {
    this.#ensureConfigured();
    if (!this.#panel) {
      const setup = this.#attributes.setup!;
      if (!setup.ok) throw new GenesysChatError(setup.error);
      // Nothing stored, nothing running: there is no conversation to end, and nothing to load for it.
      if (!this.#loader.pending && !hasStoredSession(this.deploymentId, this.#storageMode)) return { by: 'customer', attempts: 0 };
    }
    return (await this.#loader.load()).endConversation();
  }

  /** Starts a new conversation after the previous one ended (by the visitor, or by the agent in read-only mode). */
  startNewConversation(): void {
    this.#load(panel => panel.startNew());
  }

  /**
   * Signs the visitor out of the chat: the login is revoked at Genesys (the visitor's other tabs and
   * devices are signed out too), and the session, its tokens and what was stored of it are forgotten here
   * at once. Fires `genesys-chat-signed-out`. Signing out of the site itself is the page's.
   */
  async logout(): Promise<void> {
    (await this.#loader.load()).logout();
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.#loader.connected();
    if (!this.#panel) afterPaint(() => this.#start());
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('locale')) this.#attributes.checkLocale(this.locale);
    if (changed.has('customAttributes')) {
      const custom = this.#attributes.readCustom(this.customAttributes);
      this.#panel?.attributesChanged(custom);
    }
    if (changed.has('theme')) this.#attributes.readTheme(this.theme);
    if (this.#openRead && (changed.has('deploymentId') || changed.has('storage'))) this.#readLook();
    if (changed.has('launcher') || changed.has('position') || changed.has('primaryColor')) this.#attributes.readLook(this);
    // Resolved after the first paint, then again whenever one of them changes.
    if (this.#attributes.setup && SETUP_PROPERTIES.some(p => changed.has(p)) && this.#configure()) this.#panel?.reconfigured();
    if (changed.has('opened') && this.opened) this.#load();
    // Kept once the last page's flag was read (after the first paint), so the first render cannot erase it.
    if (this.#openRead && (changed.has('opened') || changed.has('storage'))) keepOpen(this.deploymentId, this.#storageMode, this.opened);
    // Signed in mid-conversation: a running guest conversation steps up (a set `auth` before one starts is simply used).
    if (changed.has('auth') && this.auth && changed.get('auth') === undefined) this.#panel?.signIn();
    this.#panel?.willUpdate(changed);
    syncStates(this.#internals, this.#state());
  }

  protected override render() {
    // English until the conversation part has chosen the language (it loads while the browser is idle).
    const panel = this.#panel;
    const language = panel?.language;
    const t = language?.t ?? { ...launcherEn, ...this.strings };
    const launcher = showsLauncher(this.#look, this) ? renderLauncher(t, this.opened, panel?.unread ?? 0, this.#toggle, panel?.launcherExtras, language?.tag) : nothing;
    return html`${launcher}${panel?.renderPreview() ?? nothing}${panel?.render() ?? html`<section part="panel" id="panel" class="panel" hidden></section>`}${this.#debugPanel()}`;
  }

  /** The integrator's panel: its template loads only for pages that ask for it. */
  #debugRender?: typeof import('./templates/debug.js').renderDebug;
  #debugPanel() {
    if (!this.debug) return nothing;
    if (this.#debugRender) return this.#debugRender(this.#problems);
    void import('./templates/debug.js').then(module => {
      this.#debugRender = module.renderDebug;
      this.requestUpdate();
    });
    return nothing;
  }

  /** The deployment's look: from config.json once it answered on this page, else as an earlier page kept it. */
  get #look(): Look | undefined {
    return this.#panel?.look ?? this.#remembered;
  }

  protected override updated(): void {
    const look = this.#look;
    applyLook(this, this.#internals.states, look, this);
    // Kept for the site's next page, so it shows the right launcher, colour and place at once.
    const text = look && JSON.stringify(look);
    if (this.#panel?.look && text !== this.#rememberedText && this.deploymentId) {
      rememberLook(this.deploymentId, this.#storageMode, look!);
      this.#rememberedText = text;
    }
    this.#panel?.updated();
    // After the render, so listeners added right after the import hear about wrong attributes.
    this.#attributes.takeProblems().forEach(error => this.#report(error));
  }

  /**
   * Resolves once the attributes are resolved (and any problem with them reported), and once the
   * conversation part has loaded and rendered, when it is loading.
   */
  protected override async getUpdateComplete(): Promise<boolean> {
    if (this.isConnected) this.#restoreOpen();
    if (this.isConnected && this.#ensureConfigured()) this.requestUpdate();
    let complete = await super.getUpdateComplete();
    for (let wait = this.#loader.pending; wait; wait = this.#loader.pending) {
      await wait;
      complete = await super.getUpdateComplete();
    }
    return complete;
  }

  /** After the first paint: the attributes, then the conversation part at once for a stored session, or when idle. */
  #start(): void {
    if (!this.isConnected) return;
    this.#restoreOpen();
    if (this.#panel) return;
    this.#ensureConfigured();
    // A stored session means a conversation may be going on (or an end is unfinished): resume it now.
    if (this.opened || hasStoredSession(this.deploymentId, this.#storageMode)) this.#load();
    else whenIdle(() => this.isConnected && this.#load());
  }

  /**
   * Open on the site's previous page (or before a reload) in this tab: open again, without taking focus.
   * Read after the first paint (or when `updateComplete` is asked for), with the look kept: a page's first
   * use of Web Storage would cost the launcher's first frame a few ms.
   */
  #restoreOpen(): void {
    if (this.#openRead) return;
    this.#openRead = true;
    // The look an earlier page kept: the first frame shows the default launcher (a page's first use of
    // localStorage would hold that frame up), this one the deployment's.
    this.#readLook();
    this.requestUpdate();
    if (!this.opened && wasOpen(this.deploymentId, this.#storageMode)) this.opened = true;
    else keepOpen(this.deploymentId, this.#storageMode, this.opened);
  }

  #readLook(): void {
    this.#remembered = rememberedLook(this.deploymentId, this.#storageMode);
    this.#rememberedText = this.#remembered && JSON.stringify(this.#remembered);
  }

  /** Loads the conversation part with the attributes resolved, then does `then` with it. */
  #load(then?: (panel: ChatPanel) => void): void {
    this.#ensureConfigured();
    this.#loader.with(then);
  }

  /** Resolves the attributes if that has not happened yet; returns whether it happened now. */
  #ensureConfigured(): boolean {
    if (this.#attributes.setup) return false;
    this.#configure();
    this.requestUpdate();
    return true;
  }

  /** Resolves the attributes again; returns whether they changed. */
  #configure(): boolean {
    const { deploymentId, region, endpoint, endTimeout, configUrl, storage } = this;
    return this.#attributes.configure({ deploymentId, region, endpoint, endTimeout, configUrl, storage });
  }

  /** Tells the integrator: the console, and a `genesys-chat-error` event. */
  #report(error: ChatError): void {
    const line = `<genesys-chat> ${error.code}: ${error.message}`;
    if (error.recoverable || error.code === 'bad-frame') console.warn(line);
    else console.error(line);
    this.dispatchEvent(toDomEvent({ type: 'error', error }));
    if (this.#problems.push(error) > MAX_PROBLEMS) this.#problems.shift();
    if (this.debug) this.requestUpdate();
  }

  readonly #toggle = (): void => (this.opened ? this.minimize() : this.open());
}

// Beside the class, so code that only imports its type (the page loads the element another way) knows the tag.
declare global {
  interface HTMLElementTagNameMap {
    'genesys-chat': GenesysChat;
  }
}
