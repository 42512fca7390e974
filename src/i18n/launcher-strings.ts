/** The words of the launcher, the part of the widget every page loads. */
export interface LauncherStrings {
  /** Accessible name of the launcher button. */
  readonly launcherLabel: string;
  /** Visually hidden after the unread count on the launcher, e.g. "2 unread messages". */
  readonly unreadMessages: string;
}

export const launcherEn: LauncherStrings = {
  launcherLabel: 'Chat',
  unreadMessages: 'unread messages',
};
