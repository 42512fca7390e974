// @ts-check
/**
 * Reading what a guest sends in `onMessage`. Anything this does not recognise is answered with
 * 400 "Request failed." by the caller, the same as a real server answers a malformed request.
 */

/**
 * @typedef {{ kind: 'typing', duration: number } | { kind: 'join' } | { kind: 'clear' }} GuestEvent
 * @typedef {{ contentType: 'ButtonResponse', buttonResponse: { text: string, payload: string, type: string } }} ButtonResponseContent
 * @typedef {{ kind: 'text', messageType: 'Text' | 'Structured', text: string, content: ButtonResponseContent[] | undefined,
 *   attachmentIds: string[] } | { kind: 'events', events: GuestEvent[] } | { kind: 'invalid' }} GuestMessage
 *   `attachmentIds`: the uploads a Text message sends (§2.4.2), in order; the caller checks them.
 * @typedef {Record<string, string>} CustomAttributes
 */

/** @param {unknown} value @returns {value is Record<string, unknown>} */
export const isObject = value => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Quick-reply and card-button answers are echoed back as they came; attachments (below) are
 * filled in from the uploads they name. Anything else makes the request invalid rather than being
 * echoed half-formed.
 * @param {unknown} entry @returns {entry is ButtonResponseContent}
 */
function isButtonResponse(entry) {
  if (!isObject(entry) || entry['contentType'] !== 'ButtonResponse') return false;
  const answer = entry['buttonResponse'];
  return isObject(answer) && ['text', 'payload', 'type'].every(key => typeof answer[key] === 'string');
}

/** The longest attachment id taken (they are UUIDs in practice). */
export const MAX_ATTACHMENT_ID_LENGTH = 100;

/** An attachment id as the simulator takes them: UUID-like, up to 100 characters. @param {unknown} id @returns {id is string} */
export const isAttachmentId = id => typeof id === 'string' && /^[0-9A-Za-z-]+$/.test(id) && id.length <= MAX_ATTACHMENT_ID_LENGTH;

/**
 * An uploaded file a guest sends (§2.4.2): `{contentType:'Attachment', attachment:{id}}`; the id is all
 * that counts, the rest comes from the upload.
 * @param {unknown} entry @returns {string | null} the attachment id
 */
function attachmentIdOf(entry) {
  if (!isObject(entry) || entry['contentType'] !== 'Attachment') return null;
  const attachment = entry['attachment'];
  return isObject(attachment) && isAttachmentId(attachment['id']) ? attachment['id'] : null;
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
  if (content !== undefined && !Array.isArray(content)) return { kind: 'invalid' };
  // Attachments go in Text messages, on their own: never mixed with button answers.
  const attachmentIds = (content ?? []).map(attachmentIdOf);
  if (type === 'Text' && attachmentIds.length > 0 && attachmentIds.every(id => id !== null)) {
    return { kind: 'text', messageType: type, text: text ?? '', content: undefined, attachmentIds: /** @type {string[]} */ (attachmentIds) };
  }
  if (content !== undefined && !content.every(isButtonResponse)) return { kind: 'invalid' };
  const answers = /** @type {ButtonResponseContent[] | undefined} */ (content);
  if (!text && !answers?.length) return { kind: 'invalid' };
  return { kind: 'text', messageType: type, text: text ?? '', content: answers?.length ? answers : undefined, attachmentIds: [] };
}

/**
 * `channel.metadata.customAttributes` at one placement: `undefined` when absent, `null` when
 * present but not a map of strings (which the swagger's `customAttributes` requires).
 * @param {unknown} holder an object that may have a `channel` @returns {CustomAttributes | undefined | null}
 */
function attributesIn(holder) {
  if (!isObject(holder) || holder['channel'] === undefined) return undefined;
  const channel = holder['channel'];
  if (!isObject(channel)) return null;
  const metadata = channel['metadata'];
  if (metadata === undefined) return undefined;
  if (!isObject(metadata)) return null;
  const attributes = metadata['customAttributes'];
  if (attributes === undefined) return undefined;
  if (!isObject(attributes) || !Object.values(attributes).every(v => typeof v === 'string')) return null;
  return /** @type {CustomAttributes} */ (attributes);
}

/**
 * The custom attributes a guest's `onMessage` carries (reference §2.4.1): the mobile SDK puts them
 * in `message.channel`, the Java SDK and others in the request's own `channel`; both count, and
 * `message.channel` wins a key both name. `undefined` when there are none, `null` when malformed.
 * @param {Record<string, unknown>} request the whole `onMessage` frame
 * @returns {CustomAttributes | undefined | null}
 */
export function readCustomAttributes(request) {
  const outer = attributesIn(request);
  const inner = attributesIn(request['message']);
  if (outer === null || inner === null) return null;
  if (outer === undefined && inner === undefined) return undefined;
  return { ...outer, ...inner };
}

/** The size Genesys limits (`maxCustomDataBytes`): the attributes as UTF-8 JSON. @param {CustomAttributes} attributes */
export const customAttributesBytes = attributes => Buffer.byteLength(JSON.stringify(attributes), 'utf8');
