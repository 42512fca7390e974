import { contentEn, type ContentStrings } from './content-strings.js';
import { launcherEn, type LauncherStrings } from './launcher-strings.js';
import type { Countable } from './format.js';

/**
 * Every word `<genesys-chat>` shows or announces, in each language the widget has (see `LOCALES`).
 * Override any of them through the element's `strings` property, over the chosen language.
 */
export interface ChatStrings extends ContentStrings, LauncherStrings {
  /** Panel title, also the panel's accessible name. */
  readonly title: string;
  readonly minimize: string;
  readonly endChat: string;
  /** Accessible name of the transcript. */
  readonly transcriptLabel: string;
  /** Shown in an empty transcript before the conversation starts. */
  readonly emptyTranscript: string;
  /** Label of the message field. */
  readonly inputLabel: string;
  readonly inputPlaceholder: string;
  readonly send: string;

  readonly senderYou: string;
  /** The sender of an agent message with no name. */
  readonly senderAgent: string;
  readonly senderBot: string;
  readonly statusSending: string;
  readonly statusFailed: string;
  /** The button that sends a failed message again. */
  readonly retryMessage: string;
  readonly unsupportedMessage: string;
  /** Shown next to the name of a bot, so visitors know they are not talking to a person. */
  readonly botBadge: string;
  /** Loads the page of history before what is shown. */
  readonly loadEarlier: string;
  readonly loadingEarlier: string;
  /** The earlier messages could not be loaded (the button then tries again). */
  readonly loadEarlierFailed: string;
  /** The session is about to end from inactivity. */
  readonly expiryWarning: string;
  /** Keeps the session going. */
  readonly stay: string;
  /** Closes the notice. */
  readonly dismiss: string;
  /** Characters typed, near or over the limit: `{count}` and `{max}` are replaced; the form follows `{max}`. */
  readonly characterCount: Countable;
  /** The button that picks files to send. */
  readonly attachFile: string;
  /** The list of files waiting to go with the next message. */
  readonly attachmentsLabel: string;
  /** `{name}` is the file's name. */
  readonly removeAttachment: string;
  readonly uploadUploading: string;
  readonly uploadReady: string;
  readonly uploadRefusedType: string;
  readonly uploadRefusedSize: string;
  readonly uploadRefused: string;
  readonly uploadFailed: string;
  /** The agent ended the conversation; the visitor may write again to start a new one. */
  readonly agentEndedSend: string;
  /** The agent ended the conversation and it is read-only: only a new conversation can follow. */
  readonly agentEndedReadOnly: string;
  /** Shown while an agent with no known name is typing. */
  readonly agentTyping: string;
  /** Shown while a named agent is typing; `{name}` is replaced by the name. */
  readonly agentTypingNamed: string;

  readonly connecting: string;
  readonly connected: string;
  /** After the connection dropped and came back. */
  readonly connectedAgain: string;
  readonly reconnecting: string;
  readonly ending: string;
  /** An End waits for the connection to come back. */
  readonly endingOffline: string;
  readonly ended: string;
  readonly startNewConversation: string;
  readonly retry: string;
  readonly backToConversation: string;

  readonly endDialogTitle: string;
  /** What ending means, said before the visitor confirms. */
  readonly endDialogText: string;
  readonly confirmEnd: string;
  readonly cancelEnd: string;

  /** One visitor-facing text per `ChatErrorCode`. */
  readonly errorInvalidConfig: string;
  readonly errorConnectionRefused: string;
  readonly errorSessionRefused: string;
  readonly errorConnectionLost: string;
  readonly errorConnectionLimit: string;
  readonly errorSignedInElsewhere: string;
  readonly errorSignedOut: string;
  readonly errorSignInFailed: string;
  readonly errorClearNotSupported: string;
  readonly errorEndNotAcknowledged: string;
  readonly errorRateLimited: string;
  readonly errorServerError: string;
  readonly errorBadFrame: string;
  readonly errorLoadFailed: string;
  readonly errorConfigUnavailable: string;
  readonly errorDeploymentInactive: string;
  readonly errorMessageTimeout: string;
  readonly errorMessageTooLong: string;
  readonly errorCustomAttributesTooLarge: string;
  readonly errorReadOnly: string;
  readonly errorSessionExpired: string;
  readonly errorSessionNotFound: string;
  readonly errorRequestFailed: string;
  readonly errorUnauthorized: string;
  readonly errorFeatureDisabled: string;
  readonly errorNotFound: string;
  readonly errorRequestTimeout: string;
  readonly errorAttachmentRejected: string;
  readonly errorAttachmentUnavailable: string;
  readonly errorSessionDowngrade: string;
  readonly errorHistoryUnavailable: string;
  /** The deployment does not exist (wrong id or region): said only when the page opened the chat itself. */
  readonly errorDeploymentNotFound: string;

  // Grouping, preview, transcript download
  /** Saves the conversation as a text file (in the panel and in the End dialog). */
  readonly downloadTranscript: string;
  /** The name of the saved file. */
  readonly transcriptFileName: string;
  /** In the End dialog: ending clears the conversation from the chat, so a copy is offered first. */
  readonly endDialogTranscript: string;
}

/** English, the default. */
export const en: ChatStrings = {
  ...contentEn,
  ...launcherEn,
  title: 'Chat with us',
  minimize: 'Minimise chat',
  endChat: 'End chat',
  transcriptLabel: 'Conversation',
  emptyTranscript: 'Send a message to start a conversation.',
  inputLabel: 'Message',
  inputPlaceholder: 'Type your message',
  send: 'Send',

  senderYou: 'You',
  senderAgent: 'Agent',
  senderBot: 'Bot',
  statusSending: 'Sending…',
  statusFailed: 'Not delivered',
  retryMessage: 'Send again',
  unsupportedMessage: "This message can't be shown here.",
  botBadge: 'Bot',
  loadEarlier: 'Load earlier messages',
  loadingEarlier: 'Loading earlier messages…',
  loadEarlierFailed: "Earlier messages couldn't be loaded.",
  expiryWarning: 'This chat will close soon because it has been inactive.',
  stay: 'Stay in the chat',
  dismiss: 'Dismiss',
  characterCount: { one: '{count} of {max} character', other: '{count} of {max} characters' },
  attachFile: 'Attach a file',
  attachmentsLabel: 'Files to send',
  removeAttachment: 'Remove {name}',
  uploadUploading: 'Uploading…',
  uploadReady: 'Ready to send',
  uploadRefusedType: "This type of file can't be sent.",
  uploadRefusedSize: 'This file is too large.',
  uploadRefused: "This file wasn't accepted.",
  uploadFailed: "This file couldn't be uploaded.",
  agentEndedSend: 'The agent ended the conversation. Send a message to start a new one.',
  agentEndedReadOnly: 'The agent ended the conversation.',
  agentTyping: 'The agent is typing…',
  agentTypingNamed: '{name} is typing…',

  connecting: 'Connecting…',
  connected: 'Connected',
  connectedAgain: 'Connected again',
  reconnecting: 'Reconnecting…',
  ending: 'Ending the conversation…',
  endingOffline: 'Ending the conversation — waiting for the connection…',
  ended: 'Conversation ended',
  startNewConversation: 'Start a new conversation',
  retry: 'Try again',
  backToConversation: 'Back to the conversation',

  endDialogTitle: 'End this chat?',
  endDialogText: "The agent will be told you left, and this conversation can't be continued.",
  confirmEnd: 'End chat',
  cancelEnd: 'Keep chatting',

  errorInvalidConfig: 'Chat is unavailable: it is not set up correctly on this page.',
  errorConnectionRefused: "We couldn't connect to the chat service. Please try again later.",
  errorSessionRefused: "The chat service didn't accept the conversation. Please try again later.",
  errorConnectionLimit: 'This chat is open in too many places. Close it somewhere else, then try again.',
  errorSignedInElsewhere: 'You signed in somewhere else, so the chat was closed here.',
  errorSignedOut: 'You were signed out, so this conversation was closed.',
  errorSignInFailed: "We couldn't sign you in to the chat. Please sign in to the site again, then try again.",
  errorConnectionLost: 'The connection was lost and could not be restored.',
  errorClearNotSupported: "This chat can't be ended from here. The agent can end it.",
  errorEndNotAcknowledged: "We couldn't end the conversation: the chat service didn't confirm it.",
  errorRateLimited: 'Too many requests. Please wait a moment and try again.',
  errorServerError: 'Something went wrong with the chat service.',
  errorBadFrame: "The chat received something it couldn't read.",
  errorLoadFailed: "The chat couldn't be loaded. Please try again.",
  errorDeploymentInactive: 'Chat is not available at the moment.',
  errorConfigUnavailable: "Some chat settings couldn't be loaded; the chat works with its defaults.",
  errorMessageTimeout: "The chat service didn't confirm your message.",
  errorMessageTooLong: 'Your message is too long. Please shorten it and send it again.',
  errorCustomAttributesTooLarge: 'Some details of this page could not be passed on to the agent.',
  errorReadOnly: 'This conversation has ended; no new messages can be sent.',
  errorSessionExpired: 'Your previous chat ended after a period of inactivity, so this is a new conversation.',
  errorSessionNotFound: "Your previous chat couldn't be found, so this is a new conversation.",
  errorRequestFailed: "The chat service couldn't process the request.",
  errorUnauthorized: "You're not signed in to the chat service.",
  errorFeatureDisabled: "This isn't available in this chat.",
  errorNotFound: "The chat service couldn't find what was asked for.",
  errorRequestTimeout: 'The chat service took too long to answer. Please try again.',
  errorAttachmentRejected: "The file wasn't accepted (type, size, content or name).",
  errorAttachmentUnavailable: 'The file is no longer available.',
  errorSessionDowngrade: "This chat needs you to stay signed in.",
  errorHistoryUnavailable: "Earlier messages couldn't be loaded.",
  errorDeploymentNotFound: 'Chat is unavailable.',

  // Grouping, preview, transcript download
  downloadTranscript: 'Download transcript',
  transcriptFileName: 'chat-transcript.txt',
  endDialogTranscript: "Once the chat has ended, this conversation won't be here after you leave or reload the page. Download the transcript to keep a copy.",
};

/** The keys whose text is the same for every number (not `Countable`). */
export type TextKey = { [K in keyof ChatStrings]: ChatStrings[K] extends string ? K : never }[keyof ChatStrings];
