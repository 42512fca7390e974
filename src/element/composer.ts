import type { ReactiveControllerHost } from 'lit';
import type { ChatEvent } from '../machine/chat.types.js';
import type { ChatView } from './chat-view.js';
import type { ComposerListeners } from './templates/panel.js';

/** Enter sends; Shift+Enter is a new line; nothing is sent in the middle of an IME composition. */
export const isSendKey = (event: KeyboardEvent): boolean =>
  // keyCode 229: some IMEs report the key that ends a composition after `isComposing` is already false.
  event.key === 'Enter' && !event.shiftKey && !event.isComposing && event.keyCode !== 229;

export interface ComposerWiring {
  readonly input: () => HTMLTextAreaElement | undefined;
  readonly fileInput: () => HTMLInputElement | undefined;
  readonly view: () => ChatView;
  /** Sends the text; returns whether it was taken (only then is the field cleared). */
  readonly send: (text: string) => boolean;
  readonly chat: (event: ChatEvent) => void;
  readonly focusInput: () => void;
}

/**
 * The message form: the draft's length (for the count near the limit), sending on Enter or submit,
 * the visitor's typing, and files picked, pasted or dropped on the panel.
 */
export class Composer implements ComposerListeners {
  readonly #host: ReactiveControllerHost;
  readonly #wiring: ComposerWiring;
  /** Characters in the message field. */
  draftLength = 0;

  constructor(host: ReactiveControllerHost, wiring: ComposerWiring) {
    this.#host = host;
    this.#wiring = wiring;
  }

  readonly onSubmit = (event: Event): void => {
    event.preventDefault();
    this.#submit();
  };

  readonly onKeydown = (event: KeyboardEvent): void => {
    if (!isSendKey(event)) return;
    event.preventDefault();
    this.#submit();
  };

  readonly onInput = (): void => {
    const text = this.#wiring.input()?.value.trim() ?? '';
    this.#setLength(text.length);
    // The machine decides whether (and how often) this becomes a Typing event.
    if (text) this.#wiring.chat({ type: 'chat.typing' });
  };

  readonly onPaste = (event: ClipboardEvent): void => {
    const files = [...(event.clipboardData?.files ?? [])];
    if (files.length === 0 || !this.#takesFiles()) return;
    event.preventDefault();
    this.#attach(files);
  };

  readonly onDragOver = (event: DragEvent): void => {
    // Files dropped on the panel are attached rather than opened by the browser.
    if (this.#takesFiles() && event.dataTransfer?.types.includes('Files')) event.preventDefault();
  };

  readonly onDrop = (event: DragEvent): void => {
    const files = [...(event.dataTransfer?.files ?? [])];
    if (files.length === 0 || !this.#takesFiles()) return;
    event.preventDefault();
    this.#attach(files);
  };

  readonly onPickFiles = (): void => this.#wiring.fileInput()?.click();

  readonly onFilesPicked = (event: Event): void => {
    const input = event.currentTarget as HTMLInputElement;
    this.#attach([...(input.files ?? [])]);
    // The same file can be picked again after it was removed.
    input.value = '';
  };

  readonly onRemoveFile = (event: Event): void => {
    const id = (event.currentTarget as HTMLElement | null)?.dataset['id'];
    if (id) this.#wiring.chat({ type: 'chat.removeAttachment', id });
    this.#wiring.focusInput();
  };

  #submit(): void {
    const input = this.#wiring.input();
    if (input && this.#wiring.send(input.value)) {
      input.value = '';
      this.#setLength(0);
    }
  }

  #setLength(length: number): void {
    if (length === this.draftLength) return;
    this.draftLength = length;
    this.#host.requestUpdate();
  }

  #takesFiles(): boolean {
    return this.#wiring.view().composer?.accept !== undefined;
  }

  #attach(files: File[]): void {
    if (files.length) this.#wiring.chat({ type: 'chat.attach', files });
  }
}
