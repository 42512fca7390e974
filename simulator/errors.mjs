// @ts-check
/** What the Guest API's lookups throw; the control API answers them with 404 and 409. */

/** The deployment, conversation, session or token named does not exist. */
export class NotFound extends Error {}

/** The thing named exists but cannot take the request (a conversation already ended, an id taken). */
export class Conflict extends Error {}
