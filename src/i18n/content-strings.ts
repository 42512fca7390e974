/**
 * Every word rich content (quick replies, cards, carousels, pickers, attachments) shows or announces.
 * Placeholders in `{name}` form are replaced with `fill`.
 */
export interface ContentStrings {
  /** Accessible name of a group of quick replies that has no title of its own. */
  readonly quickRepliesLabel: string;
  /** Accessible name of a carousel of cards. */
  readonly carouselLabel: string;
  /** Shows the previous card of a carousel. */
  readonly carouselPrevious: string;
  /** Shows the next card of a carousel. */
  readonly carouselNext: string;
  /** Accessible name of one card of a carousel: `{index}` and `{count}` are replaced, e.g. "2 of 3". */
  readonly carouselSlide: string;
  /** Accessible name of a date picker that has no title of its own. */
  readonly datePickerLabel: string;
  /** Sends the chosen time. */
  readonly datePickerSend: string;
  /** Accessible name of a list picker that has no title of its own. */
  readonly listPickerLabel: string;
  /** Sends the chosen items. */
  readonly listPickerSend: string;
  /** Said with a list picker section that takes one item. */
  readonly listPickerChooseOne: string;
  /** Said with a list picker section that takes several items. */
  readonly listPickerChooseMany: string;
  /** Text of a link to a file: `{name}` is replaced by the file's name (the size follows it). */
  readonly attachmentDownload: string;
  /** The name of a file the server sent without one. */
  readonly attachmentFile: string;
  /** The text alternative of an image the server sent without a file name. */
  readonly attachmentImage: string;
  /** Visually hidden after every link that opens in a new tab. */
  readonly opensInNewTab: string;
  /** Shown in place of content this widget cannot show. */
  readonly unsupportedContent: string;
}

/** English, the default. */
export const contentEn: ContentStrings = {
  quickRepliesLabel: 'Suggested replies',
  carouselLabel: 'Cards',
  carouselPrevious: 'Previous',
  carouselNext: 'Next',
  carouselSlide: '{index} of {count}',
  datePickerLabel: 'Choose a time',
  datePickerSend: 'Send',
  listPickerLabel: 'Choose from the list',
  listPickerSend: 'Send',
  listPickerChooseOne: 'Choose one',
  listPickerChooseMany: 'Choose one or more',
  attachmentDownload: 'Download {name}',
  attachmentFile: 'File',
  attachmentImage: 'Image',
  opensInNewTab: '(opens in a new tab)',
  unsupportedContent: "This content can't be shown here.",
};

// Where it always was for the templates that fill these; it lives with the other formatting.
export { fill } from './format.js';
