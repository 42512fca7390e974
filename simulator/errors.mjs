// @ts-check
/** What a lookup throws when the thing named is not there, or no longer takes the request; the control API answers 404 and 409. */

export class NotFound extends Error {}
export class Conflict extends Error {}
