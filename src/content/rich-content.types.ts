/**
 * Rich content of a message, as the view shows it: validated, normalised and with every URL
 * checked (`safe-url.ts`). Built from the server's `content[]` by `readContent` (§3.4).
 */

/** A button on a card: opens a link, or sends its payload back as the visitor's choice. */
export type CardAction =
  | { readonly kind: 'link'; readonly text: string; readonly url: string }
  | { readonly kind: 'postback'; readonly text: string; readonly payload: string };

export interface Card {
  readonly title: string;
  readonly description?: string;
  /** A safe http(s) image URL. */
  readonly image?: string;
  /** What activating the card itself does (a link, usually). */
  readonly defaultAction?: CardAction;
  readonly actions: readonly CardAction[];
}

export interface QuickReply {
  readonly text: string;
  readonly payload: string;
}

export interface DatePickerTime {
  /** ISO 8601, as sent back in the ButtonResponse payload. */
  readonly dateTime: string;
  /** Length of the slot, seconds. */
  readonly duration: number;
}

export interface ListPickerItem {
  readonly id: string;
  readonly title: string;
  readonly subtitle?: string;
  readonly image?: string;
}

export interface ListPickerSection {
  readonly title: string;
  readonly multipleSelection: boolean;
  readonly items: readonly ListPickerItem[];
}

export type AttachmentKind = 'Image' | 'Video' | 'Audio' | 'File' | 'Link';

export interface Attachment {
  readonly kind: AttachmentKind;
  /** The server's id of the file: a fresh download URL is asked for by it (`getAttachment`). */
  readonly id?: string;
  /** A safe http(s) URL; absent when the server gave none we may use (then only the name is shown). */
  readonly url?: string;
  /** When the URL was given (epoch ms): download URLs expire (about 10 minutes, §2.7). */
  readonly urlAt?: number;
  /** The URL is a fresh one asked for with `getAttachment`. */
  readonly refreshed?: boolean;
  readonly filename?: string;
  readonly mime?: string;
  /** Bytes. */
  readonly size?: number;
}

/** One renderable piece of a message. */
export type RichContent =
  /** `title` is the prompt of a `QuickReplyV2`; plain `QuickReply` entries have none. */
  | { readonly kind: 'quickReplies'; readonly title?: string; readonly replies: readonly QuickReply[] }
  | { readonly kind: 'card'; readonly card: Card }
  | { readonly kind: 'carousel'; readonly cards: readonly Card[] }
  | {
      readonly kind: 'datePicker';
      readonly title?: string;
      readonly subtitle?: string;
      readonly image?: string;
      readonly times: readonly DatePickerTime[];
    }
  | {
      readonly kind: 'listPicker';
      readonly title?: string;
      readonly subtitle?: string;
      readonly sections: readonly ListPickerSection[];
    }
  | { readonly kind: 'attachment'; readonly attachment: Attachment }
  /** The visitor's own choice (a ButtonResponse echoed back): shown as what they picked. */
  | { readonly kind: 'choice'; readonly text: string }
  /** A content type this widget does not render: the view shows a fallback, with `text` when there is any. */
  | { readonly kind: 'unsupported'; readonly contentType: string; readonly text?: string };

/**
 * What the visitor picked, sent back as a ButtonResponse (§2.4.3): a quick reply, a card's postback
 * button, a date picker slot or list picker items.
 */
export interface ContentReply {
  readonly type: 'QuickReply' | 'Button' | 'DatePicker' | 'ListPicker';
  readonly text: string;
  readonly payload: string;
  /** The message the choice answers. */
  readonly messageId: string;
}
