import type {
  AllowedMedia,
  IncomingEvent,
  MessageChannel,
  MessageContent,
  Recipient,
  ServerFrame,
  ServerFrameClass,
  SessionInfo,
  SessionResponseFrame,
  StructuredMessage,
} from './frames.js';

/** Why a frame from the server was not accepted. */
export type RejectionReason = 'malformed-json' | 'not-a-frame' | 'unknown-class' | 'invalid-body';

export type Decoded =
  | { readonly ok: true; readonly frame: ServerFrame }
  | { readonly ok: false; readonly reason: RejectionReason; readonly detail: string };

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const optString = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
/** Numbers the schema types as numbers sometimes arrive as numeric strings (echo metadata); read both. */
const optNumber = (value: unknown): number | undefined => {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
  return undefined;
};
const optBoolean = (value: unknown): boolean | undefined => (typeof value === 'boolean' ? value : undefined);
const stringMap = (value: unknown): Record<string, string> | undefined => {
  if (!isObject(value)) return undefined;
  const map: Record<string, string> = {};
  for (const [key, v] of Object.entries(value)) if (typeof v === 'string') map[key] = v;
  return map;
};

class Invalid extends Error {}
const fail = (detail: string): never => {
  throw new Invalid(detail);
};

/** Drops keys whose value is undefined, so decoded frames compare and serialise cleanly. */
function compact<T extends object>(value: T): T {
  for (const key of Object.keys(value) as (keyof T)[]) if (value[key] === undefined) delete value[key];
  return value;
}

function recipient(value: unknown): Recipient | undefined {
  if (!isObject(value)) return undefined;
  return compact({
    firstName: optString(value['firstName']),
    lastName: optString(value['lastName']),
    nickname: optString(value['nickname']),
    image: optString(value['image']),
  });
}

function channel(value: unknown): MessageChannel | undefined {
  if (!isObject(value)) return undefined;
  const metadata = isObject(value['metadata']) ? value['metadata'] : undefined;
  const customAttributes = stringMap(metadata?.['customAttributes']);
  return compact({
    time: value['time'] === null ? null : optString(value['time']),
    type: optString(value['type']),
    messageId: optString(value['messageId']),
    from: recipient(value['from']),
    to: recipient(value['to']),
    metadata: customAttributes ? { customAttributes } : undefined,
  });
}

function contentList(value: unknown): MessageContent[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) return fail('content is not an array');
  // Entries we cannot even classify are dropped; the rest keep their payload for the view to vet.
  return value.filter(
    (entry): entry is MessageContent => isObject(entry) && typeof entry['contentType'] === 'string',
  );
}

function eventList(value: unknown): IncomingEvent[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) return fail('events is not an array');
  const events: IncomingEvent[] = [];
  for (const entry of value) {
    if (!isObject(entry) || typeof entry['eventType'] !== 'string') continue;
    const eventType = entry['eventType'];
    if (eventType === 'Typing') {
      const typing = isObject(entry['typing']) ? entry['typing'] : {};
      events.push({
        eventType,
        typing: compact({ type: optString(typing['type']) ?? 'On', duration: optNumber(typing['duration']) }),
      });
    } else if (eventType === 'Presence') {
      const presence = isObject(entry['presence']) ? entry['presence'] : undefined;
      const type = optString(presence?.['type']);
      if (type) events.push({ eventType, presence: { type } });
    } else {
      events.push({ ...entry, eventType });
    }
  }
  return events;
}

/** Reads a `StructuredMessage` body (also the shape of a history entity). */
export function readStructuredMessage(body: unknown): StructuredMessage {
  if (!isObject(body)) return fail('body is not an object');
  const type = optString(body['type']) ?? fail('type is missing');
  const direction = body['direction'];
  if (direction !== 'Inbound' && direction !== 'Outbound') return fail('direction is neither Inbound nor Outbound');
  if (body['text'] !== undefined && body['text'] !== null && typeof body['text'] !== 'string') {
    return fail('text is not a string');
  }
  return compact({
    id: optString(body['id']),
    type,
    text: optString(body['text']),
    direction,
    channel: channel(body['channel']),
    content: contentList(body['content']),
    events: eventList(body['events']),
    metadata: stringMap(body['metadata']),
    originatingEntity: optString(body['originatingEntity']),
    originatingMessageId: optString(body['originatingMessageId']),
    tracingId: optString(body['tracingId']),
  });
}

/** Like `readStructuredMessage`, for untrusted lists (history pages): `undefined` instead of an exception. */
export function tryReadStructuredMessage(body: unknown): StructuredMessage | undefined {
  try {
    return readStructuredMessage(body);
  } catch (error) {
    if (error instanceof Invalid) return undefined;
    throw error;
  }
}

function allowedMedia(value: unknown): AllowedMedia | undefined {
  if (!isObject(value) || !isObject(value['inbound'])) return undefined;
  const inbound = value['inbound'];
  const fileTypes = Array.isArray(inbound['fileTypes'])
    ? inbound['fileTypes'].flatMap(rule => (isObject(rule) && typeof rule['type'] === 'string' ? [{ type: rule['type'] }] : []))
    : [];
  return { inbound: compact({ fileTypes, maxFileSizeKB: optNumber(inbound['maxFileSizeKB']) }) };
}

function sessionInfo(body: unknown): SessionInfo {
  if (!isObject(body)) return fail('body is not an object');
  const connected = optBoolean(body['connected']) ?? fail('connected is not a boolean');
  return compact({
    connected,
    newSession: optBoolean(body['newSession']),
    readOnly: optBoolean(body['readOnly']),
    clearedExistingSession: optBoolean(body['clearedExistingSession']),
    allowedMedia: allowedMedia(body['allowedMedia']),
    blockedExtensions: Array.isArray(body['blockedExtensions'])
      ? body['blockedExtensions'].filter((x): x is string => typeof x === 'string')
      : undefined,
    maxCustomDataBytes: optNumber(body['maxCustomDataBytes']),
    durationSeconds: optNumber(body['durationSeconds']),
    expirationDate: optNumber(body['expirationDate']),
    autoStarted: optBoolean(body['autoStarted']),
  });
}

const objectBody = (body: unknown): Json => (isObject(body) ? body : body == null ? {} : fail('body is not an object'));
const required = (body: Json, key: string): string => optString(body[key]) ?? fail(`${key} is missing`);
const requiredNumber = (body: Json, key: string): number => optNumber(body[key]) ?? fail(`${key} is not a number`);

/** Body readers by class; a class missing here is unknown and ignored. */
const readers: { [C in ServerFrameClass]: (body: unknown) => unknown } = {
  string: body => (typeof body === 'string' ? body : fail('body is not a string')),
  SessionResponse: sessionInfo,
  StructuredMessage: readStructuredMessage,
  Error: body => {
    const b = objectBody(body);
    return compact({ errorCode: optNumber(b['errorCode']), errorMessage: optString(b['errorMessage']), tracingId: optString(b['tracingId']) });
  },
  TooManyRequestsErrorMessage: body => {
    const b = objectBody(body);
    return compact({
      // A 429 without a usable retryAfter still means "slow down": one second is the floor.
      retryAfter: Math.max(1, optNumber(b['retryAfter']) ?? 1),
      errorCode: optNumber(b['errorCode']),
      errorMessage: optString(b['errorMessage']),
      tracingId: optString(b['tracingId']),
    });
  },
  SessionClearedEvent: () => ({}),
  ConnectionClosedEvent: body => {
    const b = isObject(body) ? body : {};
    return compact({ reason: optString(b['reason']) ?? optString(b['reasonCode']) });
  },
  SessionExpiredEvent: () => ({}),
  LogoutEvent: () => ({}),
  JwtResponse: body => {
    const b = objectBody(body);
    return { jwt: required(b, 'jwt'), exp: requiredNumber(b, 'exp') };
  },
  PresignedUrlResponse: body => {
    const b = objectBody(body);
    return compact({
      attachmentId: required(b, 'attachmentId'),
      url: required(b, 'url'),
      headers: stringMap(b['headers']) ?? {},
      fileName: optString(b['fileName']),
      fileSize: optNumber(b['fileSize']),
      fileType: optString(b['fileType']),
    });
  },
  UploadSuccessEvent: body => {
    const b = objectBody(body);
    return compact({
      attachmentId: required(b, 'attachmentId'),
      downloadUrl: required(b, 'downloadUrl'),
      timestamp: optString(b['timestamp']),
    });
  },
  UploadFailureEvent: body => {
    const b = objectBody(body);
    return compact({
      attachmentId: required(b, 'attachmentId'),
      errorCode: requiredNumber(b, 'errorCode'),
      errorMessage: optString(b['errorMessage']) ?? '',
      timestamp: optString(b['timestamp']),
    });
  },
  GenerateUrlError: body => {
    const b = objectBody(body);
    return compact({
      attachmentId: optString(b['attachmentId']),
      errorCode: requiredNumber(b, 'errorCode'),
      errorMessage: optString(b['errorMessage']) ?? '',
      tracingId: optString(b['tracingId']),
    });
  },
  AttachmentDeletedResponse: body => ({ attachmentId: required(objectBody(body), 'attachmentId') }),
  GetConfigurationResponse: body => {
    const b = objectBody(body);
    return compact({
      allowedMedia: allowedMedia(b['allowedMedia']),
      blockedExtensions: Array.isArray(b['blockedExtensions'])
        ? b['blockedExtensions'].filter((x): x is string => typeof x === 'string')
        : undefined,
      maxCustomDataBytes: optNumber(b['maxCustomDataBytes']),
      messageRoutingEnabled: optBoolean(b['messageRoutingEnabled']),
      sessionDurationSeconds: optNumber(b['sessionDurationSeconds']),
    });
  },
  ResumeTokenResponse: body => {
    const b = objectBody(body);
    return { resumeToken: required(b, 'resumeToken'), exp: requiredNumber(b, 'exp') };
  },
};

const isKnownClass = (value: string): value is ServerFrameClass => Object.hasOwn(readers, value);

/** Frames larger than this are refused unread: no legitimate guest frame comes near it. */
export const MAX_FRAME_LENGTH = 1_000_000;

/**
 * Frames this module accepted, or built from accepted parts. Whoever decoded a frame (the tab that holds
 * the shared connection, say) can hand the frame itself on, and decoding it again costs nothing.
 */
const accepted = new WeakSet<object>();

function accept<F extends ServerFrame>(frame: F): F {
  accepted.add(frame);
  return frame;
}

/**
 * Turns one text frame from the server into a typed frame, or says why it was not accepted.
 * Server frames are untrusted input: this never throws, whatever it is given. A frame this function
 * returned before is accepted as it is, unread.
 */
export function decodeFrame(data: unknown): Decoded {
  if (typeof data === 'object' && data !== null && accepted.has(data)) return { ok: true, frame: data as ServerFrame };
  if (typeof data !== 'string') return { ok: false, reason: 'not-a-frame', detail: 'frame is not text' };
  if (data.length > MAX_FRAME_LENGTH) {
    return { ok: false, reason: 'not-a-frame', detail: `frame of ${data.length} characters is too large` };
  }
  let json: unknown;
  try {
    json = JSON.parse(data);
  } catch (error) {
    return { ok: false, reason: 'malformed-json', detail: String(error) };
  }
  if (!isObject(json)) return { ok: false, reason: 'not-a-frame', detail: 'frame is not a JSON object' };
  const frameClass = json['class'];
  if (typeof frameClass !== 'string') return { ok: false, reason: 'not-a-frame', detail: 'class is missing' };
  if (!isKnownClass(frameClass)) {
    return { ok: false, reason: 'unknown-class', detail: `class ${JSON.stringify(frameClass.slice(0, 80))} is not known` };
  }
  const code = optNumber(json['code']) ?? 200;
  try {
    const body = readers[frameClass](json['body']);
    const frame = compact({
      class: frameClass,
      type: optString(json['type']) ?? 'message',
      code,
      body,
      tracingId: optString(json['tracingId']),
    });
    return { ok: true, frame: accept(frame as ServerFrame) };
  } catch (error) {
    if (!(error instanceof Invalid)) throw error;
    return { ok: false, reason: 'invalid-body', detail: `${frameClass}: ${error.message}` };
  }
}

/**
 * An accepted frame as the answer to another request (`tracingId`): one server reply standing for the
 * same request from several tabs, such as an echo's (§2.5).
 */
export function answering<F extends ServerFrame>(frame: F, tracingId: string | undefined): F {
  const { tracingId: _answered, ...rest } = frame;
  return accept((tracingId === undefined ? rest : { ...rest, tracingId }) as F);
}

/**
 * The SessionResponse for a session already configured on the connection, as the server answers a
 * configureSession for it: resumed (`newSession: false`, §3.3).
 */
export function resumedSession(session: SessionInfo, tracingId: string | undefined): SessionResponseFrame {
  const body = { ...session, newSession: false };
  return accept({ type: 'response', class: 'SessionResponse', code: 200, body, ...(tracingId === undefined ? {} : { tracingId }) });
}

/** A server-reported failure: what went wrong, and for a 429 when to try again. */
export interface ServerError {
  readonly code: number;
  readonly message: string;
  /** Seconds to wait, for rate limits. */
  readonly retryAfter?: number;
}

/** The error a frame carries, if it is one: any non-2xx code, an `Error` class or a rate limit. */
export function frameError(frame: ServerFrame): ServerError | undefined {
  switch (frame.class) {
    case 'TooManyRequestsErrorMessage':
      return compact({
        code: 429,
        message: frame.body.errorMessage ?? 'Too many requests',
        retryAfter: frame.body.retryAfter,
      });
    case 'Error':
      return { code: frame.code >= 300 ? frame.code : (frame.body.errorCode ?? 500), message: frame.body.errorMessage ?? 'Request failed.' };
    case 'string':
      return frame.code >= 300 ? { code: frame.code, message: frame.body } : undefined;
    default:
      return frame.code >= 300 ? { code: frame.code, message: `${frame.class} failed` } : undefined;
  }
}

/** The 403 a deployment sends when visitors may not end conversations (§5.2: matched loosely, as KMP does). */
export const isClearNotSupported = (error: ServerError): boolean =>
  error.code === 403 && /conversation clear/i.test(error.message);
