import type { Countable } from './format.js';

/** The words of the launcher, the part of the widget every page loads. */
export interface LauncherStrings {
  /** Accessible name of the launcher button. */
  readonly launcherLabel: string;
  /** Visually hidden in the launcher's unread badge: `{count}` is replaced, e.g. "2 unread messages". */
  readonly unreadMessages: Countable;
}

export const launcherEn: LauncherStrings = {
  launcherLabel: 'Chat',
  unreadMessages: { one: '{count} unread message', other: '{count} unread messages' },
};
