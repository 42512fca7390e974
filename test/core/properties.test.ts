import { expect } from '@open-wc/testing';
import fc from 'fast-check';
import { html, render } from 'lit';
import { parseMarkdown, type MdBlock, type MdInline } from '../../src/content/markdown.js';
import { readContent } from '../../src/content/read-content.js';
import type { Card, CardAction, RichContent } from '../../src/content/rich-content.types.js';
import { safeLinkUrl, safeMediaUrl } from '../../src/content/safe-url.js';
import { renderMarkdownText } from '../../src/element/templates/markdown.js';
import { decodeFrame, MAX_FRAME_LENGTH, type Decoded, type RejectionReason } from '../../src/protocol/decode.js';
import type { MessageContent, ServerFrame, ServerFrameClass } from '../../src/protocol/frames.js';
import { Transcript, type ChatMessage } from '../../src/transcript/transcript.js';
import {
  agentContent,
  agentDisconnect,
  agentMessage,
  agentTyping,
  connectionClosed,
  echoReply,
  errorFrame,
  inboundContentEcho,
  inboundEcho,
  jwtResponse,
  sessionCleared,
  sessionExpired,
  sessionResponse,
  tooManyRequests,
} from '../helpers/frames.js';
import { arrange } from '../machine/harness.js';

/** A message's text as the transcript shows it: markdown, or the text itself. */
const renderText = (text: string, markdown: boolean) => (markdown ? renderMarkdownText(text) : html`${text}`);

/*
 * Properties of the code that reads what the server sends. Every property has a fixed seed, so a run
 * is the same every time; a failure prints the seed, the path and the smallest counterexample found.
 */

// ─── Shared ─────────────────────────────────────────────────────────────────────────────────────

/** Every class of the Guest API's `MessageDataType` enum the client reads (§3.1; `Unknown` is ignored like any other). */
const KNOWN_CLASSES = [
  'string', 'SessionResponse', 'StructuredMessage', 'PresignedUrlResponse', 'AttachmentDeletedResponse',
  'UploadFailureEvent', 'UploadSuccessEvent', 'ConnectionClosedEvent', 'LogoutEvent', 'SessionExpiredEvent',
  'JwtResponse', 'GetConfigurationResponse', 'GenerateUrlError', 'TooManyRequestsErrorMessage',
  'ResumeTokenResponse', 'SessionClearedEvent', 'Error',
] as const satisfies readonly ServerFrameClass[];
// Fails to compile when a class is added to the protocol types but not to this list.
const everyClassListed: Exclude<ServerFrameClass, (typeof KNOWN_CLASSES)[number]> extends never ? true : false = true;
void everyClassListed;

const REASONS: readonly RejectionReason[] = ['malformed-json', 'not-a-frame', 'unknown-class', 'invalid-body'];
const LINK_SCHEMES = ['http:', 'https:', 'mailto:', 'tel:'];
const MEDIA_SCHEMES = ['http:', 'https:'];

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Own names of the built-in prototypes, to see that nothing was added to them. */
const prototypeNames = () =>
  [Object.prototype, Array.prototype, Function.prototype, String.prototype].map(p => Object.getOwnPropertyNames(p).sort().join(','));

function expectNoPollution(before: string[]): void {
  expect(prototypeNames()).to.deep.equal(before);
  const fresh: Json = {};
  for (const key of ['polluted', 'isAdmin', 'injected']) expect(fresh[key], `Object.prototype.${key}`).to.equal(undefined);
}

/** `url` is absolute, in its canonical form, and has one of `schemes`. */
function expectUrl(url: string, schemes: readonly string[], what: string): void {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error(`${what} ${JSON.stringify(url)} is not an absolute URL`);
  }
  expect(schemes, `${what} ${JSON.stringify(url)}`).to.include(parsed.protocol);
  expect(parsed.href, `${what} is canonical`).to.equal(url);
}

/** Every object and array in `value` has the ordinary prototype: nothing from the input became one. */
function expectPlainPrototypes(value: unknown, path = 'frame'): void {
  if (typeof value !== 'object' || value === null) return;
  const proto = Object.getPrototypeOf(value);
  expect(proto === Object.prototype || proto === Array.prototype, `prototype of ${path}`).to.equal(true);
  for (const key of Object.keys(value)) expectPlainPrototypes((value as Json)[key], `${path}.${key}`);
}

const optional = (value: unknown, type: 'string' | 'number' | 'boolean', what: string) => {
  if (value !== undefined) expect(typeof value, what).to.equal(type);
};
const finite = (value: unknown, what: string) => expect(Number.isFinite(value), `${what} is a finite number: ${String(value)}`).to.equal(true);

/** An accepted frame has the shape its type promises, whatever the input looked like. */
function expectTypedFrame(frame: ServerFrame): void {
  expect(KNOWN_CLASSES as readonly string[]).to.include(frame.class);
  finite(frame.code, 'code');
  expect(frame.type).to.be.a('string');
  optional(frame.tracingId, 'string', 'tracingId');
  expectPlainPrototypes(frame);
  const body = frame.body as unknown;
  if (frame.class === 'string') {
    expect(body).to.be.a('string');
    return;
  }
  expect(isObject(body), `${frame.class} body is an object`).to.equal(true);
  const b = body as Json;
  switch (frame.class) {
    case 'SessionResponse':
      expect(b['connected']).to.be.a('boolean');
      for (const key of ['newSession', 'readOnly', 'clearedExistingSession', 'autoStarted']) optional(b[key], 'boolean', key);
      for (const key of ['maxCustomDataBytes', 'durationSeconds', 'expirationDate']) if (b[key] !== undefined) finite(b[key], key);
      if (b['blockedExtensions'] !== undefined) for (const x of b['blockedExtensions'] as unknown[]) expect(x).to.be.a('string');
      if (b['allowedMedia'] !== undefined) {
        const inbound = (b['allowedMedia'] as Json)['inbound'] as Json;
        for (const rule of inbound['fileTypes'] as Json[]) expect(rule['type']).to.be.a('string');
      }
      break;
    case 'StructuredMessage': {
      expect(b['type']).to.be.a('string');
      expect(['Inbound', 'Outbound']).to.include(b['direction']);
      for (const key of ['id', 'text', 'originatingEntity', 'originatingMessageId']) optional(b[key], 'string', key);
      if (b['content'] !== undefined) for (const c of b['content'] as unknown[]) expect(isObject(c) && typeof c['contentType'] === 'string').to.equal(true);
      if (b['events'] !== undefined) for (const e of b['events'] as unknown[]) expect(isObject(e) && typeof e['eventType'] === 'string').to.equal(true);
      if (b['metadata'] !== undefined) for (const v of Object.values(b['metadata'] as Json)) expect(v).to.be.a('string');
      const channel = b['channel'] as Json | undefined;
      if (channel !== undefined) {
        if (channel['time'] !== null) optional(channel['time'], 'string', 'channel.time');
        for (const who of ['from', 'to']) {
          const r = channel[who] as Json | undefined;
          if (r) for (const key of ['firstName', 'lastName', 'nickname', 'image']) optional(r[key], 'string', `${who}.${key}`);
        }
      }
      break;
    }
    case 'TooManyRequestsErrorMessage':
      finite(b['retryAfter'], 'retryAfter');
      expect(b['retryAfter'] as number).to.be.at.least(1);
      break;
    case 'JwtResponse':
      expect(b['jwt']).to.be.a('string');
      finite(b['exp'], 'exp');
      break;
    case 'ResumeTokenResponse':
      expect(b['resumeToken']).to.be.a('string');
      finite(b['exp'], 'exp');
      break;
    case 'PresignedUrlResponse':
      expect(b['attachmentId']).to.be.a('string');
      expect(b['url']).to.be.a('string');
      for (const v of Object.values(b['headers'] as Json)) expect(v).to.be.a('string');
      break;
    case 'UploadSuccessEvent':
      expect(b['attachmentId']).to.be.a('string');
      expect(b['downloadUrl']).to.be.a('string');
      break;
    case 'UploadFailureEvent':
    case 'GenerateUrlError':
      finite(b['errorCode'], 'errorCode');
      expect(b['errorMessage']).to.be.a('string');
      break;
    case 'AttachmentDeletedResponse':
      expect(b['attachmentId']).to.be.a('string');
      break;
    case 'Error':
      if (b['errorCode'] !== undefined) finite(b['errorCode'], 'errorCode');
      optional(b['errorMessage'], 'string', 'errorMessage');
      break;
    default:
      break;
  }
}

function expectDecodedWell(decoded: Decoded): void {
  expect(decoded).to.be.an('object');
  if (decoded.ok) {
    expectTypedFrame(decoded.frame);
  } else {
    expect(REASONS).to.include(decoded.reason);
    expect(decoded.detail).to.be.a('string');
  }
}

/** Scheme-like prefixes: the dangerous ones, disguised ones, relative ones and the safe ones. */
const SCHEME_PREFIXES = [
  'javascript:', 'JaVaScRiPt:', ' javascript:', 'java\tscript:', 'java\nscript:', '\u0000javascript:', 'javascript\u0000:',
  'jav&#x09;ascript:', 'data:text/html,', 'DATA:image/svg+xml;base64,', 'vbscript:', 'blob:https://x.test/', 'file:///',
  'filesystem:https://x.test/', 'about:', 'ftp://x.test/', 'ws://x.test/', 'mailto:', 'tel:', 'http://', 'https://',
  'HTTPS://', 'https:', 'http:\\\\', '//x.test/', '/relative/', '../', '#', '?', '', '\u202ehttps://', 'ｊａｖａｓｃｒｉｐｔ:',
  'jаvascript:', 'https://\u200b', '\u2028https://x.test/',
];
const prefixed = fc.tuple(fc.noBias(fc.constantFrom(...SCHEME_PREFIXES)), fc.string({ maxLength: 30 })).map(([scheme, rest]) => scheme + rest);

/** A fixed seed per property, so every run checks the same cases; failures say what the assertion said. */
const runs = (seed: number, numRuns: number): fc.Parameters<unknown> => ({ seed, numRuns, includeErrorInReport: true });

// ─── decodeFrame ────────────────────────────────────────────────────────────────────────────────

const frame = (type: string, cls: string, body: unknown, tracingId?: string) => ({ type, class: cls, code: 200, body, ...(tracingId ? { tracingId } : {}) });

/** One valid frame of every class: the shared fixtures, and the reference's shapes for the rest (§3.3–§3.7). */
const VALID_FRAMES: Record<ServerFrameClass, readonly object[]> = {
  string: [errorFrame(400, 'Request failed.', 't1'), errorFrame(403, 'Presence events Conversation Clear are not supported')],
  SessionResponse: [
    sessionResponse(),
    sessionResponse({
      allowedMedia: { inbound: { fileTypes: [{ type: '*/*' }, { type: 'video/3gpp' }], maxFileSizeKB: 10240 } },
      blockedExtensions: ['.ade', '.adp'], clearedExistingSession: false, durationSeconds: 259200, expirationDate: 1750000000,
    }, 't2'),
  ],
  StructuredMessage: [
    agentMessage('Hello', { nickname: 'Ann' }),
    inboundEcho('hi', 't3'),
    agentTyping({ type: 'On', duration: 5000 }, 'Ann'),
    agentDisconnect(true),
    agentContent([{ contentType: 'QuickReply', quickReply: { text: 'a', payload: 'b' } }], { text: 'Pick', from: { nickname: 'Bot', image: 'https://x.test/a.png' } }),
    inboundContentEcho({ text: 'Yes', content: [{ contentType: 'ButtonResponse', buttonResponse: { text: 'Yes', payload: 'y', type: 'QuickReply' } }] }, 't4'),
    echoReply('t5', 60, 1750000000),
  ],
  Error: [frame('response', 'Error', { errorCode: 4000, errorMessage: 'Feature unavailable' }), { ...frame('response', 'Error', null), code: 500 }],
  TooManyRequestsErrorMessage: [tooManyRequests(3, 't6')],
  SessionClearedEvent: [sessionCleared()],
  ConnectionClosedEvent: [connectionClosed(), connectionClosed('signedIn'), frame('message', 'ConnectionClosedEvent', { reasonCode: 'x' })],
  SessionExpiredEvent: [sessionExpired(), sessionExpired('response')],
  LogoutEvent: [frame('message', 'LogoutEvent', {})],
  JwtResponse: [jwtResponse('jwt-1', 't7')],
  PresignedUrlResponse: [frame('response', 'PresignedUrlResponse', {
    attachmentId: 'a1', url: 'https://uploads.example.test/a1', headers: { 'x-amz-tagging': 'abc' }, fileName: 'a.png', fileSize: 10, fileType: 'image/png',
  }, 't8')],
  UploadSuccessEvent: [frame('message', 'UploadSuccessEvent', { attachmentId: 'a1', downloadUrl: 'https://files.example.test/a1', timestamp: '2026-01-01T00:00:00Z' })],
  UploadFailureEvent: [frame('message', 'UploadFailureEvent', { attachmentId: 'a1', errorCode: 4001, errorMessage: 'file type invalid', timestamp: '2026-01-01T00:00:00Z' })],
  GenerateUrlError: [frame('response', 'GenerateUrlError', { attachmentId: 'a1', errorCode: 4002, errorMessage: 'file size invalid' }, 't9')],
  AttachmentDeletedResponse: [frame('response', 'AttachmentDeletedResponse', { attachmentId: 'a1' }, 't10')],
  GetConfigurationResponse: [frame('response', 'GetConfigurationResponse', {
    allowedMedia: { inbound: { fileTypes: [{ type: 'image/png' }], maxFileSizeKB: 100 } }, blockedExtensions: ['.exe'],
    maxCustomDataBytes: 2048, messageRoutingEnabled: true, sessionDurationSeconds: 3600,
  })],
  ResumeTokenResponse: [frame('response', 'ResumeTokenResponse', { resumeToken: 'r1', exp: 1750000000 })],
};
const FIXTURES = Object.values(VALID_FRAMES).flat();

/** Keys that have tricked parsers and mergers into changing prototypes. */
const POLLUTING_KEYS = ['__proto__', 'constructor', 'prototype', 'hasOwnProperty', 'toString', 'valueOf', '__defineGetter__'];
const pollutingValue = { polluted: 'yes', isAdmin: true, prototype: { injected: 1 }, toString: 'x' };

/** Sets an own property, even `__proto__`, the way JSON.parse would. */
function setOwn(target: Json | unknown[], key: string | number, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

type MutationKind = 'drop' | 'replace' | 'retype' | 'wrap' | 'huge' | 'unicode' | 'pollute' | 'polluteAll' | 'swapClass';
interface Mutation {
  readonly kind: MutationKind;
  /** Which child to descend into at each level (modulo the number of children). */
  readonly path: readonly number[];
  readonly value: unknown;
  readonly text: string;
  readonly key: string;
  readonly size: number;
  readonly cls: string;
}

function retype(value: unknown): unknown {
  if (typeof value === 'string') return value.length;
  if (typeof value === 'number') return String(value);
  if (typeof value === 'boolean') return value ? 'true' : 0;
  if (value === null) return {};
  if (Array.isArray(value)) return Object.fromEntries(value.map((v, i) => [String(i), v]));
  return Object.values(value as Json);
}

/** Applies one mutation somewhere in a deep copy of `root`; returns the copy. */
function mutate(root: unknown, m: Mutation): unknown {
  const copy = structuredClone(root);
  if (m.kind === 'swapClass' && isObject(copy)) {
    copy['class'] = m.cls;
    return copy;
  }
  // Walk down to a container and the key of one of its children.
  let parent: Json | unknown[] | undefined;
  let key: string | number | undefined;
  let node: unknown = copy;
  for (const step of m.path) {
    if (typeof node !== 'object' || node === null) break;
    const keys: (string | number)[] = Array.isArray(node) ? node.map((_, i) => i) : Object.keys(node);
    if (!keys.length) break;
    parent = node as Json | unknown[];
    key = keys[step % keys.length]!;
    node = (node as Json)[key as string];
  }
  const replaceWith = (value: unknown) => {
    if (parent === undefined || key === undefined) return value;
    setOwn(parent, key, value);
    return copy;
  };
  switch (m.kind) {
    case 'drop':
      if (parent === undefined || key === undefined) return undefined;
      if (Array.isArray(parent)) parent.splice(key as number, 1);
      else delete parent[key as string];
      return copy;
    case 'replace':
      return replaceWith(m.value);
    case 'retype':
      return replaceWith(retype(node));
    case 'wrap':
      return replaceWith([node]);
    case 'huge':
      return replaceWith(m.text.repeat(Math.max(1, Math.ceil(m.size / Math.max(1, m.text.length)))).slice(0, m.size) || 'x'.repeat(m.size));
    case 'unicode':
      return replaceWith(m.text);
    case 'polluteAll': {
      // The key on every object of the frame, with an object value (what would become a prototype).
      const visit = (v: unknown) => {
        if (typeof v !== 'object' || v === null) return;
        for (const child of Object.values(v)) visit(child);
        if (!Array.isArray(v)) setOwn(v as Json, m.key, structuredClone(pollutingValue));
      };
      visit(copy);
      return copy;
    }
    case 'pollute': {
      const target = typeof node === 'object' && node !== null && !Array.isArray(node) ? (node as Json) : isObject(copy) ? copy : undefined;
      if (target) setOwn(target, m.key, m.value === null ? structuredClone(pollutingValue) : m.value);
      return copy;
    }
    default:
      return copy;
  }
}

const mutationArb: fc.Arbitrary<Mutation> = fc.record({
  kind: fc.noBias(fc.constantFrom<MutationKind>('drop', 'replace', 'retype', 'wrap', 'huge', 'unicode', 'pollute', 'polluteAll', 'swapClass')),
  path: fc.array(fc.nat(20), { maxLength: 6 }),
  value: fc.oneof(fc.constant(null), fc.jsonValue({ maxDepth: 3 })),
  text: fc.oneof(fc.string({ unit: 'binary' }), fc.string({ unit: 'grapheme' }), fc.constantFrom('\u202e', '\u200b', '\u0000', '\ud800', '\uffff', '𝕏', 'e\u0301')),
  key: fc.constantFrom(...POLLUTING_KEYS),
  size: fc.constantFrom(10_000, 100_000, 300_000),
  cls: fc.constantFrom(...KNOWN_CLASSES, 'Unknown', 'structuredmessage', ''),
});

/** A valid frame with a few mutations, as JSON text. */
const mutatedFrameArb = fc
  .tuple(fc.noBias(fc.constantFrom(...FIXTURES)), fc.array(mutationArb, { minLength: 1, maxLength: 4 }))
  .map(([fixture, mutations]) => JSON.stringify(mutations.reduce<unknown>(mutate, fixture)) ?? 'undefined');

describe('properties', () => {
  describe('decodeFrame', () => {
    let before: string[];
    beforeEach(() => (before = prototypeNames()));
    afterEach(() => expectNoPollution(before));

    it('accepts every valid fixture, one of every class', () => {
      for (const [cls, frames] of Object.entries(VALID_FRAMES)) {
        expect(frames.length, cls).to.be.greaterThan(0);
        for (const f of frames) {
          const decoded = decodeFrame(JSON.stringify(f));
          expect(decoded.ok, `${cls}: ${JSON.stringify(decoded)}`).to.equal(true);
          expect(decoded.ok && decoded.frame.class).to.equal(cls);
          expectDecodedWell(decoded);
        }
      }
    });

    it('never throws on arbitrary strings, and answers each with a typed frame or a reason', () => {
      fc.assert(
        fc.property(fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.string({ unit: 'grapheme', maxLength: 200 })), text => {
          const decoded = decodeFrame(text);
          expectDecodedWell(decoded);
        }),
        runs(0x5eed01, 400),
      );
    });

    it('never throws on anything that is not a string, and says it is not a frame', () => {
      fc.assert(
        fc.property(fc.anything({ withNullPrototype: true, withMap: true, withSet: true, withTypedArray: true }), value => {
          fc.pre(typeof value !== 'string');
          const decoded = decodeFrame(value);
          expect(decoded).to.deep.include({ ok: false, reason: 'not-a-frame' });
        }),
        runs(0x5eed02, 200),
      );
    });

    it('never throws on arbitrary JSON values, and gives accepted ones their typed shape', () => {
      const envelope = fc.record(
        {
          type: fc.oneof(fc.constantFrom('message', 'response'), fc.jsonValue({ maxDepth: 1 })),
          class: fc.oneof(fc.constantFrom(...KNOWN_CLASSES), fc.jsonValue({ maxDepth: 1 })),
          code: fc.oneof(fc.constantFrom(200, 400, 429, 4006, '200', '', '1e400', 'NaN', -1, 1e308), fc.jsonValue({ maxDepth: 1 })),
          body: fc.jsonValue({ maxDepth: 4 }),
          tracingId: fc.jsonValue({ maxDepth: 1 }),
        },
        { requiredKeys: ['class'] },
      );
      fc.assert(
        fc.property(fc.oneof(fc.jsonValue(), envelope), value => {
          const decoded = decodeFrame(JSON.stringify(value));
          expectDecodedWell(decoded);
          if (decoded.ok) expect(decoded.frame.class).to.equal((value as Json)['class']);
        }),
        runs(0x5eed03, 500),
      );
    });

    it('never throws on mutated valid frames (dropped fields, wrong types, arrays, huge and odd strings, prototype keys), and pollutes nothing', () => {
      fc.assert(
        fc.property(mutatedFrameArb, text => {
          const decoded = decodeFrame(text);
          expectDecodedWell(decoded);
          if (text.length > MAX_FRAME_LENGTH) expect(decoded).to.deep.include({ ok: false, reason: 'not-a-frame' });
          expectNoPollution(before);
        }),
        runs(0x5eed04, 500),
      );
    });

    it('never throws on truncated or spliced frame text', () => {
      const spliced = fc
        .tuple(fc.constantFrom(...FIXTURES), fc.nat(), fc.nat(), fc.string({ unit: 'binary', maxLength: 5 }))
        .map(([f, cut, at, insert]) => {
          const text = JSON.stringify(f);
          const prefix = text.slice(0, cut % (text.length + 1));
          const i = at % (prefix.length + 1);
          return prefix.slice(0, i) + insert + prefix.slice(i);
        });
      fc.assert(fc.property(spliced, text => expectDecodedWell(decodeFrame(text))), runs(0x5eed05, 400));
    });

    it('refuses a frame over the size limit, whatever it holds', () => {
      const big = JSON.stringify(agentMessage('x'.repeat(MAX_FRAME_LENGTH)));
      expect(decodeFrame(big)).to.deep.include({ ok: false, reason: 'not-a-frame' });
      const nested = `${'['.repeat(400_000)}${']'.repeat(400_000)}`;
      expectDecodedWell(decodeFrame(nested));
    });
  });

  // ─── readContent ──────────────────────────────────────────────────────────────────────────────

  describe('readContent', () => {
    const MAX_TEXT = 2000;
    const MAX_ITEMS = 100;

    const urlish = fc.oneof(
      fc.webUrl({ withQueryParameters: true, withFragments: true }),
      { weight: 4, arbitrary: prefixed },
      fc.nat(5000).map(n => `https://x.test/${'a'.repeat(n)}`),
      fc.string(),
    );
    const text = fc.oneof(
      { weight: 4, arbitrary: fc.string() },
      fc.string({ unit: 'binary' }),
      fc.constantFrom('', ' ', '\n\t', '  padded  ', '\u00a0x\u00a0'),
      fc.nat(2600).map(n => ` ${'y'.repeat(n)} `),
    );
    const anyField = fc.oneof({ weight: 4, arbitrary: text }, urlish, fc.jsonValue({ maxDepth: 2 }));
    const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });
    /** Lists as sent: short ones, ones around the cap (one entry repeated, so they stay cheap to build), or not a list. */
    const manyOf = <T>(arb: fc.Arbitrary<T>) =>
      fc.oneof(
        { weight: 5, arbitrary: fc.array(arb, { maxLength: 4 }) },
        fc.tuple(fc.array(arb, { minLength: 1, maxLength: 3 }), fc.integer({ min: 95, max: 130 })).map(([some, n]) => Array.from({ length: n }, (_, i) => some[i % some.length]!)),
        fc.jsonValue({ maxDepth: 1 }),
      );

    const action = fc.record(
      { type: fc.oneof(fc.constantFrom('Link', 'Postback', 'link', 'Other'), fc.jsonValue({ maxDepth: 0 })), text: anyField, url: fc.oneof(urlish, anyField), payload: anyField },
      { requiredKeys: [] },
    );
    const card = fc.record(
      { title: anyField, description: anyField, image: fc.oneof(urlish, anyField), defaultAction: fc.oneof(action, anyField), actions: manyOf(action) },
      { requiredKeys: [] },
    );
    const isoTime = fc.integer({ min: 0, max: 4_102_444_800_000 }).map(ms => new Date(ms).toISOString());
    const section = fc.record(
      {
        title: anyField,
        multipleSelection: fc.oneof(fc.boolean(), anyField),
        items: manyOf(fc.record({ id: anyField, title: anyField, subtitle: anyField, imageUrl: fc.oneof(urlish, anyField) }, { requiredKeys: [] })),
      },
      { requiredKeys: [] },
    );
    const entry = fc.oneof(
      fc.record({ contentType: fc.constant('QuickReply'), quickReply: maybe(fc.record({ text: anyField, payload: anyField }, { requiredKeys: [] })) }),
      fc.record({ contentType: fc.constant('QuickReplyV2'), quickReplyV2: maybe(fc.record({ title: anyField, actions: manyOf(fc.record({ text: anyField, payload: anyField }, { requiredKeys: [] })) }, { requiredKeys: [] })) }),
      fc.record({ contentType: fc.constant('Card'), card: fc.oneof(card, anyField) }),
      fc.record({ contentType: fc.constant('Carousel'), carousel: maybe(fc.record({ cards: manyOf(fc.oneof(card, anyField)) })) }),
      fc.record({
        contentType: fc.constant('DatePicker'),
        datePicker: maybe(fc.record(
          { title: anyField, subtitle: anyField, imageUrl: fc.oneof(urlish, anyField), availableTimes: manyOf(fc.record({ dateTime: fc.oneof(isoTime, anyField), duration: fc.oneof(fc.double(), anyField) }, { requiredKeys: [] })) },
          { requiredKeys: [] },
        )),
      }),
      fc.record({
        contentType: fc.constant('ListPicker'),
        listPicker: maybe(fc.record(
          { sections: manyOf(section), receivedMessage: fc.oneof(fc.record({ title: anyField, subtitle: anyField }, { requiredKeys: [] }), anyField), replyMessage: fc.record({ title: anyField }, { requiredKeys: [] }) },
          { requiredKeys: [] },
        )),
      }),
      fc.record({
        contentType: fc.constant('Attachment'),
        attachment: maybe(fc.record(
          {
            mediaType: fc.oneof(fc.constantFrom('Image', 'Video', 'Audio', 'File', 'Link', 'image'), anyField),
            url: fc.oneof(urlish, anyField), filename: anyField, mime: anyField,
            fileSize: fc.oneof(fc.double(), anyField), contentSizeBytes: fc.oneof(fc.double(), anyField),
          },
          { requiredKeys: [] },
        )),
      }),
      fc.record({ contentType: fc.constant('ButtonResponse'), buttonResponse: maybe(fc.record({ text: anyField, payload: anyField, type: anyField }, { requiredKeys: [] })) }),
      fc.tuple(fc.oneof(fc.string(), fc.nat(300).map(n => 'T'.repeat(n)), fc.constantFrom(...POLLUTING_KEYS)), fc.record({ title: anyField, text: anyField, body: anyField }, { requiredKeys: [] }))
        .map(([contentType, inner]) => {
          const e: Json = { contentType };
          setOwn(e, contentType.charAt(0).toLowerCase() + contentType.slice(1), inner);
          return e;
        }),
      fc.jsonValue({ maxDepth: 3 }),
    );
    const contentArb = manyOf(entry).map(c => (Array.isArray(c) ? c : [c]));

    const expectText = (value: unknown, what: string) => {
      expect(value, what).to.be.a('string');
      const s = value as string;
      expect(s.length, `${what} length`).to.be.within(1, MAX_TEXT);
      expect(s.trimStart(), `${what} starts trimmed`).to.equal(s);
    };
    const expectOptionalText = (value: unknown, what: string) => value === undefined || expectText(value, what);
    const expectPayload = (value: unknown, what: string) => {
      expect(value, what).to.be.a('string');
      expect((value as string).trim(), `${what} is not blank`).to.not.equal('');
      expect((value as string).length, `${what} length`).to.be.at.most(MAX_TEXT);
    };
    const expectMedia = (url: string | undefined, what: string) => {
      if (url === undefined) return;
      expectUrl(url, MEDIA_SCHEMES, what);
      expect(safeMediaUrl(url), `${what} passes safeMediaUrl`).to.equal(url);
    };
    const expectAction = (a: CardAction, what: string) => {
      expectText(a.text, `${what} text`);
      if (a.kind === 'link') {
        expectUrl(a.url, LINK_SCHEMES, `${what} url`);
        expect(safeLinkUrl(a.url)).to.equal(a.url);
      } else {
        expect(a.kind).to.equal('postback');
        expectPayload(a.payload, `${what} payload`);
      }
    };
    const expectCard = (c: Card, what: string) => {
      expectText(c.title, `${what} title`);
      expectOptionalText(c.description, `${what} description`);
      expectMedia(c.image, `${what} image`);
      if (c.defaultAction) expectAction(c.defaultAction, `${what} default action`);
      expect(c.actions.length).to.be.at.most(MAX_ITEMS);
      c.actions.forEach((a, i) => expectAction(a, `${what} action ${i}`));
    };

    function expectReadWell(out: readonly RichContent[], input: readonly unknown[]): void {
      expect(out.length).to.be.at.most(Math.min(input.length, MAX_ITEMS));
      expectPlainPrototypes(out, 'content');
      out.forEach((c, i) => {
        const what = `content[${i}] (${c.kind})`;
        switch (c.kind) {
          case 'quickReplies':
            expectOptionalText(c.title, `${what} title`);
            expect(c.replies.length).to.be.within(1, MAX_ITEMS);
            for (const r of c.replies) {
              expectText(r.text, `${what} reply text`);
              expectPayload(r.payload, `${what} reply payload`);
            }
            break;
          case 'card':
            expectCard(c.card, what);
            break;
          case 'carousel':
            expect(c.cards.length).to.be.within(1, MAX_ITEMS);
            c.cards.forEach((card, j) => expectCard(card, `${what} card ${j}`));
            break;
          case 'datePicker':
            expectOptionalText(c.title, `${what} title`);
            expectOptionalText(c.subtitle, `${what} subtitle`);
            expectMedia(c.image, `${what} image`);
            expect(c.times.length).to.be.within(1, MAX_ITEMS);
            for (const t of c.times) {
              expect(Number.isNaN(Date.parse(t.dateTime)), `${what} dateTime ${t.dateTime}`).to.equal(false);
              expect(Number.isFinite(t.duration) && t.duration >= 0, `${what} duration`).to.equal(true);
            }
            break;
          case 'listPicker':
            expectOptionalText(c.title, `${what} title`);
            expectOptionalText(c.subtitle, `${what} subtitle`);
            expect(c.sections.length).to.be.within(1, MAX_ITEMS);
            for (const s of c.sections) {
              expect(s.title.length).to.be.at.most(MAX_TEXT);
              expect(s.multipleSelection).to.be.a('boolean');
              expect(s.items.length).to.be.within(1, MAX_ITEMS);
              for (const item of s.items) {
                expectPayload(item.id, `${what} item id`);
                expectText(item.title, `${what} item title`);
                expectOptionalText(item.subtitle, `${what} item subtitle`);
                expectMedia(item.image, `${what} item image`);
              }
            }
            break;
          case 'attachment': {
            const a = c.attachment;
            expect(['Image', 'Video', 'Audio', 'File', 'Link']).to.include(a.kind);
            expectMedia(a.url, `${what} url`);
            expectOptionalText(a.filename, `${what} filename`);
            expectOptionalText(a.mime, `${what} mime`);
            if (a.size !== undefined) expect(Number.isFinite(a.size) && a.size >= 0, `${what} size`).to.equal(true);
            expect(a.url !== undefined || a.filename !== undefined, `${what} has a url or a name`).to.equal(true);
            break;
          }
          case 'choice':
            expectText(c.text, `${what} text`);
            break;
          case 'unsupported':
            expect(c.contentType.length).to.be.at.most(100);
            expectOptionalText(c.text, `${what} text`);
            break;
          default:
            throw new Error(`unknown kind ${(c as { kind: string }).kind}`);
        }
      });
    }

    it('never throws; keeps only safe URLs, capped texts and capped lists', () => {
      const before = prototypeNames();
      fc.assert(
        fc.property(contentArb, content => {
          const input = JSON.parse(JSON.stringify(content)) as unknown[];
          expectReadWell(readContent(input as MessageContent[]), input);
          expectNoPollution(before);
        }),
        runs(0x5eed11, 200),
      );
    });

    it('never throws when content is not a list at all', () => {
      fc.assert(
        fc.property(fc.anything(), content => {
          const out = readContent(content as MessageContent[]);
          expect(out).to.be.an('array');
          if (!Array.isArray(content)) expect(out).to.deep.equal([]);
        }),
        runs(0x5eed12, 200),
      );
    });
  });

  // ─── markdown ─────────────────────────────────────────────────────────────────────────────────

  describe('markdown', () => {
    /** The elements markdown may build, each with the only attributes it may carry. */
    const ALLOWED: Record<string, readonly string[]> = {
      div: ['part', 'class'], p: [], strong: [], em: [], del: [], code: [], pre: ['tabindex'], br: [],
      ul: [], ol: ['start'], li: [], a: ['href', 'target', 'rel'],
    };
    const INLINE = new Set(['strong', 'em', 'del', 'a', 'code']);

    const pieces = fc.noBias(fc.constantFrom(
      '*', '**', '***', '_', '__', '~~', '~', '`', '``', '```', '\n```\n', '[', ']', '(', ')', '](', '![', '\\', '\\*', '\n', '\n\n', '- ', '* ',
      '1. ', '12) ', '   ', '\t', 'a', 'word', ' ', 'snake_case', 'http://x.test/a_(b)', 'https://x.test/?q=1&r=<2>', 'HTTPS://X.TEST',
      'javascript:alert(1)', 'JAVASCRIPT:alert(1)', 'java\tscript:alert(1)', 'data:text/html,<script>alert(1)</script>', 'vbscript:msgbox(1)',
      'mailto:a@b.test', 'tel:+15551234', '<script>alert(1)</script>', '<img src=x onerror=alert(1)>', '"', "'", '&amp;', '&#x6a;', '<', '>',
      '<https://x.test>', '<javascript:alert(1)>', '\u202e', '\u200b', '\u0000', 'é', '𝕏', '👩‍👩‍👧',
    ));
    /** A link whose destination is anything URL-like, with a label that may hold markup itself. */
    const link = fc.tuple(fc.array(pieces, { maxLength: 3 }), prefixed).map(([label, url]) => `[${label.join('')}](${url})`);
    const markdownish = fc.oneof(
      { weight: 4, arbitrary: fc.array(fc.oneof({ weight: 4, arbitrary: pieces }, link), { maxLength: 40 }).map(p => p.join('')) },
      fc.string(),
      fc.string({ unit: 'binary' }),
      fc.string({ unit: 'grapheme', maxLength: 60 }),
    );

    function mount(text: string, markdown = true): HTMLElement {
      const container = document.createElement('div');
      render(renderText(text, markdown), container);
      return container;
    }

    /** What is wrong with the DOM markdown built, if anything (plain checks: a 100 kB input builds many nodes). */
    function problemsOf(container: HTMLElement): string[] {
      const problems: string[] = [];
      const visit = (el: Element, inline: number) => {
        const tag = el.localName;
        const allowed = ALLOWED[tag];
        if (!allowed) problems.push(`<${tag}>`);
        for (const attr of el.getAttributeNames()) if (!allowed?.includes(attr)) problems.push(`<${tag} ${attr}>`);
        if (tag === 'a') {
          const href = el.getAttribute('href') ?? '';
          let canonical: string | undefined;
          try {
            const url = new URL(href);
            canonical = LINK_SCHEMES.includes(url.protocol) ? url.href : undefined;
          } catch {
            canonical = undefined;
          }
          if (canonical !== href) problems.push(`href ${JSON.stringify(href.slice(0, 80))}`);
          if (el.getAttribute('rel') !== 'noopener noreferrer') problems.push(`rel ${el.getAttribute('rel')}`);
          if (el.getAttribute('target') !== '_blank') problems.push(`target ${el.getAttribute('target')}`);
        }
        const depth = inline + (INLINE.has(tag) ? 1 : 0);
        if (depth > 8) problems.push(`inline nesting ${depth}`);
        for (const child of el.children) visit(child, depth);
      };
      for (const child of container.children) visit(child, 0);
      // The one wrapper; everything else is inside it.
      if (container.children.length !== 1 || container.firstElementChild!.className !== 'md') problems.push('not one .md wrapper');
      return [...new Set(problems)];
    }

    const expectSafeDom = (container: HTMLElement, source: string) =>
      expect(problemsOf(container), `rendered from ${JSON.stringify(source.slice(0, 200))}`).to.deep.equal([]);

    /** Depth of a parsed tree (block plus inline levels). */
    const depthOf = (nodes: readonly MdInline[]): number =>
      nodes.reduce((d, n) => Math.max(d, 'children' in n ? 1 + depthOf(n.children) : 1), 0);
    const blocksDepth = (blocks: readonly MdBlock[]) =>
      Math.max(0, ...blocks.map(b => (b.type === 'p' ? depthOf(b.children) : b.type === 'pre' ? 0 : Math.max(0, ...b.items.map(depthOf)))));

    it('never throws, and renders only the allowed elements and attributes, with safe links', () => {
      fc.assert(
        fc.property(markdownish, text => {
          const blocks = parseMarkdown(text);
          expect(blocksDepth(blocks)).to.be.at.most(9);
          expectSafeDom(mount(text), text);
        }),
        runs(0x5eed21, 400),
      );
    });

    it('without markdown, shows the text itself as text', () => {
      fc.assert(
        fc.property(markdownish, text => {
          const container = mount(text, false);
          expect(container.children.length).to.equal(0);
          expect(container.textContent).to.equal(text);
        }),
        runs(0x5eed22, 200),
      );
    });

    it('shows text without markdown syntax as exactly that text', () => {
      // No emphasis, code, link, escape, list or URL characters: nothing for the parser to read.
      const plain = fc
        .string({ unit: fc.constantFrom(...'abcxyzABC <>"\'=/&;:!?.,#@$%^{}|éж€'), minLength: 1, maxLength: 80 })
        .filter(s => /^[a-zA-Zéж€<>"'=&;:!?.,#@$%^{}|/]/.test(s.trim()));
      fc.assert(
        fc.property(plain, text => {
          const container = mount(text);
          expect(container.querySelectorAll('.md > p').length).to.equal(1);
          expect(container.querySelectorAll('.md *').length).to.equal(1);
          expect(container.textContent).to.equal(text.trim());
        }),
        runs(0x5eed23, 200),
      );
    });

    /** Links of a parsed tree, and its depth (block plus inline levels). */
    function linksOf(nodes: readonly MdInline[], out: string[] = []): string[] {
      for (const n of nodes) {
        if (n.type === 'a') out.push(n.href);
        if ('children' in n) linksOf(n.children, out);
      }
      return out;
    }

    const n = 100_000;
    const pathological: Record<string, string> = {
      'stars': '*'.repeat(n), 'underscores': '_'.repeat(n), 'tildes': '~'.repeat(n), 'backticks': '`'.repeat(n),
      'open brackets': '['.repeat(n), 'close brackets': ']'.repeat(n), 'parens': '('.repeat(n), 'backslashes': '\\'.repeat(n),
      'newlines': '\n'.repeat(n), 'spaces': ' '.repeat(n), 'h': 'h'.repeat(n), '*a': '*a'.repeat(n / 2), '**a': '**a'.repeat(n / 3),
      '_a_': '_a_'.repeat(n / 3), '~~a': '~~a'.repeat(n / 3), '`a': '`a'.repeat(n / 2), '``a`': '``a`'.repeat(n / 4),
      'nested brackets': '['.repeat(n / 2) + ']'.repeat(n / 2), '[a](': '[a]('.repeat(n / 4), '[a](b': '[a](b'.repeat(n / 5),
      '[]((': '[](('.repeat(n / 4), 'nested links': '['.repeat(n / 4) + 'x' + '](https://x.test)'.repeat(n / 20),
      '[*': '[*'.repeat(n / 2), '*[': '*['.repeat(n / 2), 'http://': 'http://'.repeat(n / 7),
      'urls and parens': 'https://x.test/'.repeat(n / 15) + ')'.repeat(1000), 'url(': 'http://x.test/('.repeat(n / 15),
      'list': '- a\n'.repeat(n / 4), 'numbered list': '1. a\n  b\n'.repeat(n / 10), 'fences': '```\n'.repeat(n / 4),
      'code blocks': '```\na\n'.repeat(n / 6), 'quotes': '> '.repeat(n / 2), 'mixed': '*_~`['.repeat(n / 5), 'escapes': '\\*'.repeat(n / 2),
      'unbalanced': `${'**'.repeat(n / 4)}${'*'.repeat(n / 2)}`,
    };

    it('parses 100 kB pathological inputs without throwing, into a shallow tree with safe links', () => {
      for (const [name, input] of Object.entries(pathological)) {
        let blocks: MdBlock[] = [];
        expect(() => (blocks = parseMarkdown(input)), name).to.not.throw();
        expect(blocksDepth(blocks), name).to.be.at.most(9);
        const links = blocks.flatMap(b => (b.type === 'p' ? linksOf(b.children) : b.type === 'pre' ? [] : b.items.flatMap(i => linksOf(i))));
        for (const href of links) expectUrl(href, LINK_SCHEMES, `${name} link`);
      }
    });

    it('renders 100 kB of emphasis markers and of nested brackets', () => {
      for (const name of ['stars', 'nested brackets', 'nested links', '[*']) {
        const input = pathological[name]!;
        let container!: HTMLElement;
        expect(() => (container = mount(input)), name).to.not.throw();
        expectSafeDom(container, input);
        expect(container.textContent!.length, name).to.be.greaterThan(0);
      }
    });
  });

  // ─── transcript ───────────────────────────────────────────────────────────────────────────────

  describe('transcript store', () => {
    type Op =
      | { readonly op: 'insert'; readonly message: ChatMessage }
      | { readonly op: 'remove'; readonly id: string; readonly time: number }
      | { readonly op: 'replace'; readonly id: string; readonly time: number; readonly next: ChatMessage };

    /**
     * What the store promises, the simplest way: an array sorted by time, a new message after those with
     * the same time, at most one message per (id, time), found by (id, time).
     */
    class Model {
      readonly items: ChatMessage[] = [];
      index(id: string, time: number) {
        return this.items.findIndex(m => m.id === id && m.time === time);
      }
      insert(m: ChatMessage): void {
        if (this.index(m.id, m.time) >= 0) return this.replace(m.id, m.time, m);
        const at = this.items.filter(x => x.time <= m.time).length;
        this.items.splice(at, 0, m);
      }
      remove(id: string, time: number): void {
        const i = this.index(id, time);
        if (i >= 0) this.items.splice(i, 1);
      }
      replace(id: string, time: number, next: ChatMessage): void {
        if (this.index(id, time) < 0) return this.insert(next);
        if (next.time !== time) {
          this.remove(id, time);
          return this.insert(next);
        }
        // In place. A message already holding the new id at this time is the same message: it goes.
        if (next.id !== id) this.remove(next.id, time);
        this.items[this.index(id, time)] = next;
      }
    }

    const message = (id: string, time: number, tag: number): ChatMessage => ({ id, time, author: 'agent', text: `${id}@${time}#${tag}` });
    const ids = fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f');
    const times = fc.oneof({ weight: 3, arbitrary: fc.integer({ min: 0, max: 12 }) }, fc.integer({ min: -1e6, max: 1e6 }), fc.constantFrom(0.5, -0, 1e15));
    const opArb: fc.Arbitrary<Op> = fc.oneof(
      { weight: 6, arbitrary: fc.tuple(ids, times, fc.nat()).map(([id, time, tag]) => ({ op: 'insert' as const, message: message(id, time, tag) })) },
      { weight: 2, arbitrary: fc.tuple(ids, times).map(([id, time]) => ({ op: 'remove' as const, id, time })) },
      {
        weight: 2,
        arbitrary: fc
          .tuple(ids, times, fc.boolean(), ids, fc.boolean(), times, fc.nat())
          .map(([id, time, sameId, otherId, sameTime, otherTime, tag]) => ({
            op: 'replace' as const, id, time, next: message(sameId ? id : otherId, sameTime ? time : otherTime, tag),
          })),
      },
    );
    const opsArb = fc.oneof({ weight: 3, arbitrary: fc.array(opArb, { maxLength: 60 }) }, fc.array(opArb, { minLength: 150, maxLength: 400 }));

    const apply = (t: Transcript, o: Op) =>
      o.op === 'insert' ? t.insert(o.message) : o.op === 'remove' ? t.remove(o.id, o.time) : t.replace(o.id, o.time, o.next);
    const applyModel = (m: Model, o: Op) =>
      o.op === 'insert' ? m.insert(o.message) : o.op === 'remove' ? m.remove(o.id, o.time) : m.replace(o.id, o.time, o.next);
    const key = (m: ChatMessage) => `${m.id}@${Object.is(m.time, -0) ? 0 : m.time}`;

    function expectAgrees(t: Transcript, model: Model, step: string): void {
      const listed = [...t];
      expect(listed, step).to.deep.equal(model.items);
      expect(t.size, `${step}: size`).to.equal(model.items.length);
      expect(new Set(listed.map(key)).size, `${step}: no (id, time) twice`).to.equal(listed.length);
      for (let i = 1; i < listed.length; i++) expect(listed[i - 1]!.time <= listed[i]!.time, `${step}: sorted at ${i}`).to.equal(true);
      expect(t.last).to.equal(model.items.at(-1));
      for (const chunk of t.chunks) expect(chunk.messages.length, `${step}: chunk size`).to.be.within(1, 64);
    }

    it('agrees with a sorted-array model over any sequence of inserts, removes and replaces', () => {
      fc.assert(
        fc.property(opsArb, ops => {
          let t = Transcript.empty;
          const model = new Model();
          ops.forEach((planned, i) => {
            // Renaming a message in place gives it an id no other message has at that time, as callers do.
            const o = planned.op === 'replace' && planned.next.time === planned.time && planned.next.id !== planned.id
              ? { ...planned, next: { ...planned.next, id: `${planned.next.id}+${i}` } }
              : planned;
            const before = [...t];
            const next = apply(t, o);
            applyModel(model, o);
            // Immutable: the previous transcript is unchanged.
            expect([...t], `op ${i} changed the previous transcript`).to.deep.equal(before);
            t = next;
            if (ops.length < 100 || i % 25 === 0 || i === ops.length - 1) expectAgrees(t, model, `after op ${i} (${o.op})`);
          });
          // find agrees with the model for every key, present or not.
          for (const id of ['a', 'b', 'c', 'd', 'e', 'f', 'zz']) {
            for (const time of new Set([...model.items.map(m => m.time), -1, 0, 3, 13])) {
              const i = model.index(id, time);
              expect(t.find(id, time), `find(${id}, ${time})`).to.equal(i >= 0 ? model.items[i] : undefined);
            }
          }
        }),
        runs(0x5eed31, 100),
      );
    });
  });

  // ─── receive path ─────────────────────────────────────────────────────────────────────────────

  describe('receive path (machine, no DOM)', () => {
    const TIMES = ['2026-01-01T00:00:00.000Z', '2026-01-01T00:00:01.000Z', '2026-01-01T00:00:01.500Z', '2026-01-01T00:01:00.000Z', '2025-12-31T23:59:59.999Z'];
    interface Sent {
      readonly id: string;
      readonly time: string;
      readonly text: string;
      readonly bot: boolean;
    }
    const sentArb = fc.record({
      id: fc.oneof(fc.uuid(), fc.string({ minLength: 1, maxLength: 12 })),
      time: fc.constantFrom(...TIMES),
      text: fc.string({ minLength: 1, maxLength: 40 }).filter(s => s.trim() !== ''),
      bot: fc.boolean(),
    });

    /** Frames the decoder must refuse: not JSON, not an object, an unknown class, or a known class with a body it cannot read. */
    const knownClassObject = (value: unknown) => isObject(value) && (KNOWN_CLASSES as readonly unknown[]).includes(value['class']);
    const parsesToKnown = (text: string) => {
      try {
        return knownClassObject(JSON.parse(text));
      } catch {
        return false;
      }
    };
    const garbageArb = fc.oneof(
      fc.string().filter(s => !parsesToKnown(s)),
      fc.jsonValue({ maxDepth: 3 }).filter(v => !knownClassObject(v)).map(v => JSON.stringify(v)),
      fc.string({ maxLength: 20 }).filter(c => !(KNOWN_CLASSES as readonly string[]).includes(c)).map(c => JSON.stringify({ type: 'message', class: c, code: 200, body: {} })),
      fc.constantFrom(
        { type: 'message', class: 'StructuredMessage', code: 200, body: { type: 'Text', text: 'no direction' } },
        { type: 'message', class: 'StructuredMessage', code: 200, body: { direction: 'Outbound', text: 'no type' } },
        { type: 'message', class: 'StructuredMessage', code: 200, body: { type: 'Text', direction: 'Outbound', text: 42 } },
        { type: 'message', class: 'StructuredMessage', code: 200, body: { type: 'Text', direction: 'Outbound', content: 'x' } },
        { type: 'message', class: 'StructuredMessage', code: 200, body: 'hello' },
        { type: 'response', class: 'SessionResponse', code: 200, body: { connected: 'yes' } },
        { type: 'response', class: 'JwtResponse', code: 200, body: { exp: 1 } },
        { type: 'response', class: 'string', code: 400, body: { text: 'not a string' } },
        { type: 'response', class: 'Error', code: 500, body: 'not an object' },
      ).map(f => JSON.stringify(f)),
      fc.constant('x'.repeat(MAX_FRAME_LENGTH + 1)),
    );

    /** The same JSON with every object's keys in reverse order. */
    const reorder = (value: unknown): unknown =>
      Array.isArray(value) ? value.map(reorder) : isObject(value) ? Object.fromEntries(Object.entries(value).reverse().map(([k, v]) => [k, reorder(v)])) : value;

    type Delivery = { readonly kind: 'message'; readonly index: number; readonly reordered: boolean } | { readonly kind: 'garbage'; readonly text: string };

    const scenarioArb = fc
      .uniqueArray(sentArb, { selector: m => m.id, minLength: 1, maxLength: 12 })
      .chain(messages =>
        fc
          .tuple(
            fc.array(fc.tuple(fc.nat(messages.length - 1), fc.boolean()), { maxLength: 15 }),
            fc.array(garbageArb, { maxLength: 8 }),
          )
          .chain(([copies, garbage]) => {
            const deliveries: Delivery[] = [
              ...messages.map((_, index) => ({ kind: 'message' as const, index, reordered: false })),
              ...copies.map(([index, reordered]) => ({ kind: 'message' as const, index, reordered })),
              ...garbage.map(text => ({ kind: 'garbage' as const, text })),
            ];
            return fc
              .shuffledSubarray(deliveries, { minLength: deliveries.length, maxLength: deliveries.length })
              .map(order => ({ messages, order, garbage: garbage.length }));
          }),
      );

    it('shows each distinct message once, in channel.time order, stays connected, and reports each bad frame', () => {
      fc.assert(
        fc.property(scenarioArb, ({ messages, order, garbage }) => {
          const t = arrange();
          t.connect();
          expect(t.state).to.equal('connected');
          const firstSeen: Sent[] = [];
          for (const d of order) {
            if (d.kind === 'garbage') {
              t.sockets.current.deliver(d.text);
              continue;
            }
            const m = messages[d.index]!;
            const f = agentMessage(m.text, { id: m.id, time: m.time, bot: m.bot });
            t.sockets.current.deliver(JSON.stringify(d.reordered ? reorder(f) : f));
            if (!firstSeen.includes(m)) firstSeen.push(m);
          }
          // Stable: messages with the same time keep the order they first arrived in.
          const expected = [...firstSeen].sort((a, b) => Date.parse(a.time) - Date.parse(b.time));
          expect(t.messages.map(m => [m.id, m.text, m.time, m.author])).to.deep.equal(
            expected.map(m => [m.id, m.text, Date.parse(m.time), m.bot ? 'bot' : 'agent']),
          );
          expect(t.state).to.equal('connected');
          expect(t.errorCodes()).to.deep.equal(Array(garbage).fill('bad-frame'));
          expect(t.emittedOf('message')).to.have.length(messages.length);
          t.actor.stop();
        }),
        runs(0x5eed41, 80),
      );
    });
  });
});
