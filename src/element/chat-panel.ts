import { html, nothing, type PropertyValues, type ReactiveControllerHost, type TemplateResult } from 'lit';
import type { ContentReply } from '../content/rich-content.types.js';
import { GenesysChatError, toDomEvent } from '../events/events.js';
import { en, type ChatStrings } from '../i18n/strings.js';
import { createChatLogic, type ChatLogic } from '../machine/chat.logic.js';
import type { ChatState } from '../machine/chat.state.js';
import type { ChatEmitted, ChatError, EndReport } from '../machine/chat.types.js';
import { chatErrors } from '../machine/errors.js';
import type { Fetcher } from '../machine/http.actors.js';
import type { CustomAttributes } from '../protocol/frames.js';
import { provideSharedSockets } from '../transport/shared-sockets.js';
import { defaultSocketFactory, type SocketFactory } from '../transport/socket.js';
import { sharedSocketFactory } from '../transport/tab-hub.js';
import { ActorController } from './actor.controller.js';
import { createAuth, type GenesysChatAuth } from '../auth/auth.js';
import type { ChatSetup } from './chat-setup.js';
import { inputOf, storeOf } from './chat-session.js';
import { selectView, type ChatView } from './chat-view.js';
import contentStyles from './content.styles.js';
import { Composer } from './composer.js';
import { FocusReturn } from './controllers/focus-return.controller.js';
import { MobileViewport } from './controllers/mobile-viewport.controller.js';
import { Localizer, type Language } from './localizer.js';
import { TranscriptWindow } from './controllers/transcript-window.js';
import { EndWaiters } from './end-waiters.js';
import type { Look } from './look.js';
import markdownStyles from './markdown.styles.js';
import panelStyles from './panel.styles.js';
import phoneStyles from './phone.styles.js';
import runsPreviewStyles from './runs-preview.styles.js';
import * as panel from './templates/panel.js';
import { newestReceived, PREVIEW_ID, renderPreview } from './templates/preview.js';
import type { LauncherExtras } from './templates/launcher.js';
import { transcriptText } from '../transcript/transcript-text.js';
import { downloadText } from './download.js';
import { renderTranscript, timeFormatFor, type MessageView } from './templates/transcript.js';
import { renderAttachButton, renderUploads } from './templates/uploads.js';
import { whenIdle } from './platform.js';
import { errorText } from './view.js';


provideSharedSockets(() => sharedSocketFactory(defaultSocketFactory));

/** The language the page gives the element, as `lang` on it or an ancestor. */
const langOf = (host: HTMLElement): string | undefined => host.closest('[lang]')?.getAttribute('lang') || undefined;

/** The panel's styles, adopted by the element when this part of the widget loads. */
export const styles = [panelStyles, phoneStyles, contentStyles, markdownStyles, runsPreviewStyles];

/** The element, as far as the panel uses it. */
export interface PanelHost extends ReactiveControllerHost, HTMLElement {
  readonly renderRoot: HTMLElement | DocumentFragment;
  readonly opened: boolean;
  readonly strings: Partial<ChatStrings>;
  readonly welcomeText?: string | undefined;
  readonly locale?: string | undefined;
  readonly socketFactory: SocketFactory;
  readonly fetcher: Fetcher;
  readonly auth?: GenesysChatAuth | undefined;
  open(): void;
  minimize(): void;
}

/** What the panel reads from the element besides its properties: the resolved attributes. */
export interface PanelSource {
  /** The attributes, resolved; `ok: false` when they are wrong (the error panel says so). */
  readonly setup: () => ChatSetup;
  readonly customAttributes: () => CustomAttributes | undefined;
  /** Logs an error and fires it as `genesys-chat-error`. */
  readonly report: (error: ChatError) => void;
}

/**
 * What waits for the conversation part before it starts: this page takes over the unsent words of
 * the site's pages that are gone (closed or reloaded), so each is sent once, by one page.
 */
export async function prepare(source: PanelSource): Promise<void> {
  const setup = source.setup();
  if (setup.ok) await storeOf(setup).adopt();
}

/**
 * The conversation part of `<genesys-chat>`, loaded when it is first needed: the chat machine, the
 * panel it shows and what the visitor does there. The element renders the launcher and this.
 */
export class ChatPanel {
  readonly #host: PanelHost;
  readonly #source: PanelSource;
  readonly #ends = new EndWaiters();
  readonly #focus: FocusReturn<'input' | 'launcher' | 'end-button'>;
  readonly #window: TranscriptWindow;
  readonly #composer: Composer;
  readonly #chat: ActorController<ChatLogic>;
  readonly #localizer: Localizer;
  /** The language of the latest update. */
  #language: Language;
  /** The view of the latest snapshot, worked out once per snapshot. */
  #viewed?: { readonly of: unknown; readonly view: ChatView };
  #messages: MessageView = {
    t: en,
    lang: undefined,
    markdown: false,
    writable: true,
    onReply: reply => this.#reply(reply),
    onAttachment: (attachmentId, failed) => this.#chat.send({ type: 'chat.refreshAttachment', attachmentId, force: failed }),
    onResend: event => this.#resend(event),
    needRich: () => this.#loadRich(),
  };
  /** The content and markdown templates, loading. */
  #richLoading?: Promise<void>;
  /** The panel has been opened: until then only the launcher is rendered. */
  #shown = false;
  /** The visitor has opened the chat since this panel was made. */
  #asked = false;
  #unread = 0;

  constructor(host: PanelHost, source: PanelSource) {
    this.#host = host;
    this.#source = source;
    this.#localizer = new Localizer(() => host.requestUpdate(), error => source.report(error));
    this.#language = this.#languageNow();
    this.#messages = { ...this.#messages, t: this.#language.t, lang: this.#language.tag };
    const byId = <T extends HTMLElement>(id: string) => ((host.renderRoot as ShadowRoot).getElementById(id) as T | null) ?? undefined;
    this.#focus = new FocusReturn(host, byId);
    new MobileViewport(host);
    this.#window = new TranscriptWindow(host, () => byId('transcript'), () => this.#chat.send({ type: 'chat.loadEarlier' }));
    this.#composer = new Composer(host, {
      input: () => byId<HTMLTextAreaElement>('input'),
      fileInput: () => byId<HTMLInputElement>('file-input'),
      view: () => this.#view,
      send: text => this.#send(text),
      chat: event => this.#chat.send(event),
      focusInput: () => this.#focus.next('input'),
    });
    this.#chat = new ActorController<ChatLogic>(host, {
      logic: () => {
        const setup = source.setup();
        if (!setup.ok) return undefined;
        return createChatLogic({
          // Read at each connection, so a factory set just after the element was added is still used.
          socketFactory: url => host.socketFactory(url),
          fetcher: (url, init) => host.fetcher(url, init),
          saveSession: session => storeOf(setup).write(session),
          successorOf: token => storeOf(setup).successor(token),
          auth: createAuth(() => host.auth, (url, init) => host.fetcher(url, init), setup.config.endpoint.apiOrigin, setup.config.deploymentId),
          forgetSession: () => storeOf(setup).clear(),
        });
      },
      options: () => {
        const setup = source.setup();
        return setup.ok ? { input: inputOf(setup, source.customAttributes()) } : {};
      },
      onEmit: emitted => this.#onEmit(emitted),
      // A stored session means a conversation may be going on (or an end is unfinished): resume it now.
      // One whose session has expired waits for the visitor: opening the chat asks the server about it.
      onStart: actor => {
        const setup = source.setup();
        const stored = setup.ok ? storeOf(setup).read() : undefined;
        if (!stored) return;
        actor.send(host.opened ? { type: 'chat.start' } : { type: 'chat.resume', ...(stored.expiresAt !== undefined ? { expiresAt: stored.expiresAt } : {}) });
      },
    });
    // Times are formatted from the first message on; starting ICU then would hold that message up.
    whenIdle(() => timeFormatFor(this.#language.tag));
  }

  /** Settles when templates and the language's table asked for have loaded; `undefined` when nothing is loading. */
  get pending(): Promise<unknown> | undefined {
    const rich = this.#messages.rich ? undefined : this.#richLoading;
    const table = this.#localizer.pending;
    return rich && table ? Promise.all([rich, table]) : (rich ?? table);
  }

  /** The language the widget speaks (the launcher's words come from it too). */
  get language(): Language {
    return this.#language;
  }

  /** The language for what the page, the deployment and the browser say now. */
  #languageNow(): Language {
    const host = this.#host;
    const deployment = this.#chat?.snapshot?.context.deployment.config;
    return this.#localizer.language({
      attribute: host.locale,
      offered: deployment?.languages,
      defaultLanguage: deployment?.defaultLanguage,
      page: langOf(host),
      browser: navigator.languages,
      labels: deployment?.labels ?? [],
      overrides: this.#overrides(host.strings, host.welcomeText),
    });
  }

  #overridden?: { readonly strings: Partial<ChatStrings>; readonly welcome: string | undefined; readonly overrides: Partial<ChatStrings> };
  /** The page's strings, with `welcome-text` under them; the same object while neither changes (renders compare identity). */
  #overrides(strings: Partial<ChatStrings>, welcome: string | undefined): Partial<ChatStrings> {
    const last = this.#overridden;
    if (last?.strings === strings && last.welcome === welcome) return last.overrides;
    const overrides = welcome?.trim() ? { emptyTranscript: welcome.trim(), ...strings } : strings;
    this.#overridden = { strings, welcome, overrides };
    return overrides;
  }

  get state(): ChatState {
    return this.#view.state;
  }

  /** What the panel shows now: the methods read it between renders too, so it follows the snapshot, not the render. */
  get #view(): ChatView {
    const snapshot = this.#chat?.snapshot;
    const setup = this.#source.setup();
    const of = snapshot ?? setup;
    if (this.#viewed?.of !== of) this.#viewed = { of, view: selectView(snapshot, setup.ok ? undefined : setup.error) };
    return this.#viewed.view;
  }

  /**
   * How the deployment wants the widget to look, once config.json has answered (its launcher, colour and
   * place), or that the chat cannot work here at all; `undefined` until then.
   */
  get look(): Look | undefined {
    if (this.#view.unavailable) return { launcher: 'off', unavailable: true };
    const deployment = this.#chat.snapshot?.context.deployment;
    if (!deployment?.known) return undefined;
    const { launcher, primaryColor, position } = deployment.config;
    return { launcher, ...(primaryColor ? { primaryColor } : {}), ...(position ? { position } : {}) };
  }

  /** Messages that arrived while the panel was minimised. */
  get unread(): number {
    return this.#unread;
  }

  /** What the launcher shows from this part: its name as the panel's close control, what describes it. */
  get launcherExtras(): LauncherExtras {
    return { closeLabel: this.#messages.t.minimize, ...(this.#previewed() ? { describedBy: PREVIEW_ID } : {}) };
  }

  /** The newest message from the agent or bot above the minimised launcher, while some are unread. */
  renderPreview(): TemplateResult | typeof nothing {
    const message = this.#previewed();
    return message ? renderPreview(this.#messages.t, message, this.#open) : nothing;
  }

  #previewed() {
    return this.#host.opened || !this.#unread ? undefined : newestReceived(this.#view.transcript);
  }

  /** The panel was opened: the message field takes focus and the newest message shows. */
  opened(): void {
    this.#focus.next('input');
    this.#window.follow.follow();
  }

  /** The panel was minimised: focus that was in it goes back to the launcher (a script minimising must not steal it). */
  minimizing(): void {
    if (this.#host.shadowRoot?.activeElement) this.#focus.next('launcher');
  }

  send(text: string): void {
    this.#send(text);
  }

  endConversation(): Promise<EndReport> {
    const setup = this.#source.setup();
    if (!setup.ok) return Promise.reject(new GenesysChatError(setup.error));
    if (!this.#view.clearAllowed) return Promise.reject(new GenesysChatError(chatErrors.endRefused()));
    const state = this.state;
    if (state === 'closed' || (state === 'idle' && !storeOf(setup).read())) return Promise.resolve({ by: 'customer', attempts: 0 });
    const settled = this.#ends.wait();
    if (state !== 'ending') this.#chat.send({ type: 'chat.end' });
    return settled;
  }

  /** The page signed the visitor in: a guest conversation steps up (see `GenesysChat.auth`). */
  signIn(): void {
    this.#chat.send({ type: 'chat.signIn' });
  }

  /** The visitor signs out (see `GenesysChat.logout`). */
  logout(): void {
    this.#chat.send({ type: 'chat.logout' });
  }

  startNew(): void {
    this.#chat.send({ type: 'chat.startNew' });
  }

  /** The attributes that decide which conversation runs changed: start over with them. */
  reconfigured(): void {
    this.#chat.restart();
  }

  /** The page changed the custom attributes: a running chat sends them with its next message. */
  attributesChanged(attributes: CustomAttributes | undefined): void {
    this.#chat.send({ type: 'chat.attributes', attributes });
  }

  willUpdate(_changed: PropertyValues<PanelHost>): void {
    const host = this.#host;
    const setup = this.#source.setup();
    const language = (this.#language = this.#languageNow());
    const { t, tag: lang } = language;
    const { markdown, writable } = this.#view;
    const m = this.#messages;
    // The message view changes identity only when these do: every message renders again then.
    if (t !== m.t || lang !== m.lang || markdown !== m.markdown || writable !== m.writable) {
      this.#messages = { ...m, t, lang, markdown, writable };
    }
    // With markdown on, every agent message needs the markdown templates: load them before the first one comes.
    if (markdown) this.#loadRich();
    if (host.opened) {
      this.#shown = true;
      this.#unread = 0;
      // Opening is the visitor asking for the conversation: it starts one (with no stored session), or lets a
      // resumed session that turned out new open with Join.
      if (setup.ok && (this.state === 'idle' || !this.#asked)) {
        this.#asked = true;
        if (this.state === 'idle') this.#joinStoredSession();
        this.#chat.send({ type: 'chat.start' });
      }
    }
    this.#window.update(this.#view);
  }

  render(): TemplateResult {
    const host = this.#host;
    if (!this.#shown) return html`<section part="panel" id="panel" class="panel" hidden></section>`;
    const t = this.#messages.t;
    const view = this.#view;
    const { composer } = view;
    return html`
      <section part="panel" id="panel" class="panel" lang=${this.#language.tag} dir=${this.#language.dir} aria-labelledby="title" ?hidden=${!host.opened} @keydown=${this.#onPanelKeydown} @dragover=${this.#composer.onDragOver} @drop=${this.#composer.onDrop}>
        ${panel.renderHeader(t, view.canEnd, this.#requestEnd, this.#minimize, view.transcript.size ? this.#download : undefined)}
        ${view.transcript.size || !view.composer ? nothing : html`<p class="empty">${t.emptyTranscript}</p>`}
        ${view.history ? panel.renderLoadEarlier(t, this.#window.earlier(view, view.history), this.#window.loadEarlier) : nothing}
        <div id="transcript" part="transcript" class="transcript" role="log" aria-live="polite" aria-labelledby="title" tabindex="0" @scroll=${this.#window.onScroll} @load=${this.#window.onMediaLoad}>
          ${renderTranscript(this.#window.chunks(view), this.#messages)}
        </div>
        <p part="status" class=${view.statusShown ? 'status' : 'status visually-hidden'} role="status">${view.status ? t[view.status] : ''}</p>
        ${view.endWaiting ? panel.renderEndWaiting(t, this.#backToConversation) : nothing}
        ${view.error ? panel.renderError(t, { ...view.error, text: errorText(view.error.code, t) }, this.#retry, this.#backToConversation) : nothing}
        ${view.notice ? panel.renderNotice(t, errorText(view.notice, t), this.#dismissNotice) : nothing}
        ${view.expiryWarning ? panel.renderExpiryWarning(t, this.#stay) : nothing}
        ${view.newConversation ? panel.renderNewConversation(t, this.#startNew) : nothing}
        ${composer ? panel.renderTyping(t, view.typing) : nothing}
        ${composer ? renderUploads(t, composer.uploads, this.#composer.onRemoveFile) : nothing}
        ${composer
          ? panel.renderComposer(
              t,
              {
                disabled: composer.disabled,
                lang: this.#language.tag,
                draft: { length: this.#composer.draftLength, max: composer.maxLength },
                ...(composer.accept !== undefined
                  ? { attach: renderAttachButton(t, composer.accept, composer.disabled, this.#composer.onPickFiles, this.#composer.onFilesPicked) }
                  : {}),
              },
              this.#composer,
            )
          : nothing}
      </section>
      ${panel.renderEndDialog(t, this.#confirmEnd, this.#closeDialog, this.#language.tag, view.transcript.size ? this.#download : undefined)}
    `;
  }

  updated(): void {
    // The host's own direction: its corner (logical insets) and everything in it mirror with the language.
    const { dir } = this.#language;
    if (this.#host.getAttribute('dir') !== dir) this.#host.setAttribute('dir', dir);
    if (this.#dialog()?.open && !this.#view.canEnd) this.#closeDialog();
  }

  #dialog(): HTMLDialogElement | undefined {
    return ((this.#host.renderRoot as ShadowRoot).getElementById('end-dialog') as HTMLDialogElement | null) ?? undefined;
  }

  #onEmit(emitted: ChatEmitted): void {
    if (emitted.type === 'message' && emitted.direction === 'received' && !this.#host.opened) {
      this.#unread++;
      this.#host.requestUpdate();
    }
    if (emitted.type === 'ended' && emitted.report.by === 'customer') this.#ends.resolve(emitted.report);
    if (emitted.type === 'error') {
      // Every failure that is not recoverable puts the machine in `error`: a pending end has failed.
      if (!emitted.error.recoverable) this.#ends.reject(emitted.error);
      this.#source.report(emitted.error);
    } else this.#host.dispatchEvent(toDomEvent(emitted));
  }

  /** Returns whether the machine took the message (only then may the field be cleared). */
  #send(raw: string): boolean {
    const text = raw.trim();
    if (!this.#chat.snapshot || (!text && !this.#view.composer?.ready)) return false;
    if (this.state === 'idle') this.#joinStoredSession();
    const before = this.#view.accepted;
    this.#chat.send({ type: 'chat.send', text });
    const accepted = this.#view.accepted !== before;
    if (accepted) this.#window.follow.follow();
    return accepted;
  }

  /**
   * A chat that has not started yet takes the session another tab of the site started meanwhile (its
   * token was stored after this page loaded), so that both tabs are one conversation.
   */
  #joinStoredSession(): void {
    const setup = this.#source.setup();
    const stored = setup.ok ? storeOf(setup).read() : undefined;
    if (stored && stored.token !== this.#view.token) this.#chat.restart();
  }

  readonly #onPanelKeydown = (event: KeyboardEvent): void => {
    if (event.key !== 'Escape' || event.isComposing || event.defaultPrevented || this.#dialog()?.open) return;
    event.preventDefault();
    this.#host.minimize();
  };

  readonly #minimize = (): void => this.#host.minimize();

  readonly #open = (): void => this.#host.open();

  /** Saves the conversation as a text file: the visitor's copy, since an ended conversation is not kept for the next page. */
  readonly #download = (): void => {
    const t = this.#messages.t;
    downloadText(transcriptText(this.#view.transcript, t, this.#messages.lang), t.transcriptFileName);
  };

  readonly #requestEnd = (): void => {
    // The dialog gives focus back to what had it when it opened; make sure that is End chat, also for Escape.
    const root = this.#host.renderRoot as ShadowRoot;
    root.getElementById('end-button')?.focus();
    this.#dialog()?.showModal();
    // The safe choice takes focus (set here, not with `autofocus`: the dialog is always in the page, and an
    // `autofocus` there is weighed, and refused with a console notice, whenever the page has focus elsewhere).
    root.querySelector<HTMLElement>('[part~="cancel-end-button"]')?.focus();
  };

  readonly #confirmEnd = (): void => {
    this.#closeDialog();
    this.#chat.send({ type: 'chat.end' });
  };

  readonly #closeDialog = (): void => {
    this.#dialog()?.close();
    // End chat may be gone after this update (ending, ended): then the launcher takes focus.
    this.#focus.next('end-button', 'launcher');
    this.#host.requestUpdate();
  };

  readonly #retry = (): void => this.#chat.send({ type: 'chat.retry' });

  readonly #backToConversation = (): void => {
    this.#chat.send({ type: 'chat.cancelEnd' });
    this.#focus.next('input');
  };

  readonly #startNew = (): void => {
    this.startNew();
    this.#focus.next('input');
  };

  /** Loads the content and markdown templates; every message renders again with them. */
  #loadRich(): void {
    this.#richLoading ??= import('./templates/rich.js').then(rich => {
      this.#messages = { ...this.#messages, rich };
      this.#host.requestUpdate();
    });
  }

  #reply(reply: ContentReply): void {
    this.#chat.send({ type: 'chat.reply', reply });
    this.#window.follow.follow();
    // The buttons that had focus are gone; the message field is where the conversation goes on.
    this.#focus.next('input');
  }

  #resend(event: Event): void {
    const tracingId = (event.currentTarget as HTMLElement | null)?.dataset['tracingId'];
    if (tracingId) this.#chat.send({ type: 'chat.resend', tracingId });
  }

  readonly #stay = (): void => this.#chat.send({ type: 'chat.stay' });

  readonly #dismissNotice = (): void => {
    this.#chat.send({ type: 'chat.dismissNotice' });
    this.#focus.next('input');
  };
}

