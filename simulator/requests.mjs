// @ts-check
/**
 * Reading what a guest sends in `onMessage`. Anything this does not recognise is answered with
 * 400 "Request failed." by the caller, the same as a real server answers a malformed request.
 */

/** Longest text the simulator accepts; the real limit is unknown (reference §4.8), 4096 is our pick. */
export const MAX_TEXT_LENGTH = 4096;

/**
 * @typedef {{ kind: 'typing', duration: number } | { kind: 'join' } | { kind: 'clear' }} GuestEvent
 * @typedef {{ contentType: 'ButtonResponse', buttonResponse: { text: string, payload: string, type: string } }} ButtonResponseContent
 * @typedef {{ kind: 'text', messageType: 'Text' | 'Structured', text: string, content: ButtonResponseContent[] | undefined }
 *   | { kind: 'events', events: GuestEvent[] } | { kind: 'tooLong' } | { kind: 'invalid' }} GuestMessage
 */

/** @param {unknown} value @returns {value is Record<string, unknown>} */
export const isObject = value => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Quick-reply and card-button answers are echoed back; attachments are not simulated yet, so an
 * Attachment entry (or anything else) makes the request invalid rather than being echoed half-formed.
 * @param {unknown} entry @returns {entry is ButtonResponseContent}
 */
function isButtonResponse(entry) {
  if (!isObject(entry) || entry['contentType'] !== 'ButtonResponse') return false;
  const answer = entry['buttonResponse'];
  return isObject(answer) && ['text', 'payload', 'type'].every(key => typeof answer[key] === 'string');
}

/** @param {unknown} event @returns {GuestEvent | null} */
function readEvent(event) {
  if (!isObject(event)) return null;
  if (event['eventType'] === 'Typing') {
    const typing = event['typing'];
    if (!isObject(typing) || typing['type'] !== 'On') return null;
    const duration = typing['duration'];
    return { kind: 'typing', duration: typeof duration === 'number' && duration > 0 && duration <= 60000 ? duration : 5000 };
  }
  if (event['eventType'] === 'Presence') {
    const presence = event['presence'];
    if (!isObject(presence)) return null;
    // Guests send only Join and Clear; the other presence types come from the server (§2.4.4).
    if (presence['type'] === 'Join') return { kind: 'join' };
    if (presence['type'] === 'Clear') return { kind: 'clear' };
  }
  return null;
}

/** @param {unknown} message @returns {GuestMessage} */
export function readGuestMessage(message) {
  if (!isObject(message)) return { kind: 'invalid' };
  const type = message['type'];
  if (type === 'Event') {
    const events = message['events'];
    if (!Array.isArray(events) || events.length === 0) return { kind: 'invalid' };
    const read = events.map(readEvent);
    return read.every(e => e !== null) ? { kind: 'events', events: /** @type {GuestEvent[]} */ (read) } : { kind: 'invalid' };
  }
  if (type !== 'Text' && type !== 'Structured') return { kind: 'invalid' };
  const text = message['text'];
  const content = message['content'];
  if (text !== undefined && typeof text !== 'string') return { kind: 'invalid' };
  if (content !== undefined && (!Array.isArray(content) || !content.every(isButtonResponse))) return { kind: 'invalid' };
  const answers = /** @type {ButtonResponseContent[] | undefined} */ (content);
  if (!text && !answers?.length) return { kind: 'invalid' };
  if (typeof text === 'string' && text.length > MAX_TEXT_LENGTH) return { kind: 'tooLong' };
  return { kind: 'text', messageType: type, text: text ?? '', content: answers?.length ? answers : undefined };
}
