import type { ServerError } from '../protocol/decode.js';
import type { DeploymentConfig } from '../protocol/deployment-config.js';
import { getAttachment, onAttachment } from '../protocol/encode.js';
import { tracingIdOf } from '../protocol/frame-rules.js';
import type { ClientFrame, ServerFrame, SessionInfo } from '../protocol/frames.js';
import type { ChatError, ChatErrorCode } from './chat-error.js';
import { chatErrors, classifyServerCode } from './errors.js';

/**
 * Files the visitor attaches (§2.7): checked against what the session accepts, announced with
 * `onAttachment`, put to the URL the server gives, and usable in a message once the server says
 * the upload succeeded. Pure functions; the machine runs the requests.
 */

/** Why a file was not taken, for the visitor: its type or size, the server's verdict, or the upload itself failing. */
export type UploadRefusal = 'type' | 'size' | 'refused' | 'network';

/** The file itself, as the visitor picked it. */
export interface UploadFile {
  /** The attachment id (ours, sent with `onAttachment`). */
  readonly id: string;
  readonly name: string;
  readonly type: string;
  readonly size: number;
  readonly file: Blob;
}

/** Where a file is on its way to being sendable. */
export type UploadStep =
  /** Waiting for the URL to put it to; `requested` once `onAttachment` is on the wire (a dropped socket may lose it). */
  | { readonly status: 'requesting'; readonly requested: boolean; readonly tracingId?: string }
  /**
   * Being put to its URL. `put`: the PUT finished and the server's verdict (UploadSuccessEvent or
   * UploadFailureEvent) is awaited; `stale`: a connection dropped meanwhile, so that verdict may be lost.
   */
  | { readonly status: 'uploading'; readonly put: boolean; readonly stale: boolean; readonly tracingId?: string }
  /** The server has it: a message can carry it. */
  | { readonly status: 'uploaded'; readonly downloadUrl?: string }
  | { readonly status: 'failed'; readonly refusal: UploadRefusal; readonly failure: ChatErrorCode };

/** Where a file is on its way to being sendable. */
export type UploadStatus = UploadStep['status'];

/** A file in the visitor's tray. */
export type Upload = UploadFile & UploadStep;

/** What the session accepts (SessionResponse `allowedMedia` and `blockedExtensions`, §3.3). */
export interface UploadRules {
  /** MIME types, with `*` wildcards (`*\/*`, `image/*`). */
  readonly types: readonly string[];
  /** Bytes; no limit when the server gave none. */
  readonly maxBytes?: number;
  /** Lower-case extensions with their dot. */
  readonly blocked: readonly string[];
}

/**
 * The rules for the visitor's files, or nothing when this conversation takes none: the deployment
 * must allow attachments and the session must say which types it accepts.
 */
export function uploadRules(deployment: DeploymentConfig, session: SessionInfo | undefined): UploadRules | undefined {
  if (!deployment.fileUpload || !session) return undefined;
  const blocked = (session.blockedExtensions ?? []).map(e => (e.startsWith('.') ? e : `.${e}`).toLowerCase());
  const inbound = session.allowedMedia?.inbound;
  if (inbound && inbound.fileTypes.length > 0) {
    return {
      types: inbound.fileTypes.map(t => t.type.toLowerCase()),
      ...(inbound.maxFileSizeKB !== undefined && inbound.maxFileSizeKB > 0 ? { maxBytes: inbound.maxFileSizeKB * 1024 } : {}),
      blocked,
    };
  }
  // A deployment with only the legacy modes: their types, up to the largest size any of them takes.
  const modes = deployment.uploadModes;
  if (!modes?.length) return undefined;
  const sizes = modes.map(m => m.maxFileSizeKB);
  const maxKB = sizes.every((s): s is number => s !== undefined) ? Math.max(...sizes) : undefined;
  return { types: [...new Set(modes.flatMap(m => m.fileTypes.map(t => t.toLowerCase())))], ...(maxKB ? { maxBytes: maxKB * 1024 } : {}), blocked };
}

const typeMatches = (pattern: string, type: string): boolean => {
  if (pattern === '*/*' || pattern === type) return true;
  return pattern.endsWith('/*') && type.startsWith(pattern.slice(0, -1));
};

/** The longest file name the server takes (4005 beyond). */
export const MAX_FILE_NAME = 255;

/** Why the session would refuse a file, or nothing when it may go (§2.7: check before asking for a URL). */
export function refusalOf(rules: UploadRules, file: { readonly name: string; readonly type: string; readonly size: number }): UploadRefusal | undefined {
  const type = (file.type || 'application/octet-stream').toLowerCase();
  const name = file.name.toLowerCase();
  if (!rules.types.some(pattern => typeMatches(pattern, type)) || rules.blocked.some(ext => name.endsWith(ext))) return 'type';
  if (file.size <= 0 || (rules.maxBytes !== undefined && file.size > rules.maxBytes)) return 'size';
  if (!file.name.trim() || file.name.length > MAX_FILE_NAME) return 'refused';
  return undefined;
}

/** The refusal a server error code means (§3.2: 4001 type, 4002 size, others: not accepted). */
export const refusalOfCode = (code: number): UploadRefusal => (code === 4001 ? 'type' : code === 4002 ? 'size' : 'refused');

const fileOf = ({ id, name, type, size, file }: UploadFile): UploadFile => ({ id, name, type, size, file });

/** Moves one upload to its next step. */
export const updateUpload = (uploads: readonly Upload[], id: string, step: UploadStep): readonly Upload[] =>
  uploads.map(u => (u.id === id ? { ...fileOf(u), ...step } : u));

/** The uploads a message can carry now. */
export const ready = (uploads: readonly Upload[]): readonly Extract<Upload, { status: 'uploaded' }>[] =>
  uploads.filter((u): u is Extract<Upload, { status: 'uploaded' }> => u.status === 'uploaded');

/** What a server frame means for the visitor's uploads, when it is about one of them. */
export interface UploadOutcome {
  readonly uploads: readonly Upload[];
  /** Put the file to this URL, with these headers (PresignedUrlResponse). */
  readonly put?: { readonly upload: Upload; readonly url: string; readonly headers: Readonly<Record<string, string>> };
  /** The server refused a file: `code` is its error code. */
  readonly refused?: { readonly upload: Upload; readonly code: number; readonly message: string };
}

/** Finds the upload a frame is about, by attachment id or by the tracingId of the request for it. */
function uploadOf(uploads: readonly Upload[], attachmentId: string | undefined, tracingId: string | undefined): Upload | undefined {
  return uploads.find(u => (attachmentId !== undefined && u.id === attachmentId) || (tracingId !== undefined && 'tracingId' in u && u.tracingId === tracingId));
}

/**
 * The upload steps of §2.7 as the server reports them: a URL to put the file to (or, asked again after
 * a reconnect, proof that it arrived), the upload's success or failure, a refused request. Anything
 * else, or a frame about no upload of ours, is not an upload frame (`undefined`).
 */
export function receiveUploadFrame(uploads: readonly Upload[], frame: ServerFrame, error: ServerError | undefined): UploadOutcome | undefined {
  if (uploads.length === 0) return undefined;
  const refuse = (upload: Upload, code: number, message: string): UploadOutcome => ({
    uploads: updateUpload(uploads, upload.id, { status: 'failed', refusal: refusalOfCode(code), failure: classifyServerCode(code) }),
    refused: { upload, code, message },
  });
  switch (frame.class) {
    case 'PresignedUrlResponse': {
      const upload = uploadOf(uploads, frame.body.attachmentId, tracingIdOf(frame));
      if (!upload) return undefined;
      if (upload.status === 'requesting') {
        const next: Upload = { ...fileOf(upload), status: 'uploading', put: false, stale: false };
        return { uploads: updateUpload(uploads, upload.id, next), put: { upload: next, url: frame.body.url, headers: frame.body.headers } };
      }
      // The answer to getAttachment: the file is on the server, so its success event must have been lost.
      if (upload.status === 'uploading' && upload.put) {
        return { uploads: updateUpload(uploads, upload.id, { status: 'uploaded', downloadUrl: frame.body.url }) };
      }
      return { uploads };
    }
    case 'UploadSuccessEvent': {
      const upload = uploadOf(uploads, frame.body.attachmentId, undefined);
      if (!upload || upload.status === 'failed') return upload ? { uploads } : undefined;
      return { uploads: updateUpload(uploads, upload.id, { status: 'uploaded', downloadUrl: frame.body.downloadUrl }) };
    }
    case 'UploadFailureEvent':
    case 'GenerateUrlError': {
      const upload = uploadOf(uploads, frame.body.attachmentId, tracingIdOf(frame));
      return upload && refuse(upload, frame.body.errorCode, frame.body.errorMessage);
    }
    case 'AttachmentDeletedResponse':
      return undefined;
    default: {
      const tracingId = tracingIdOf(frame);
      const upload = error && tracingId !== undefined ? uploadOf(uploads, undefined, tracingId) : undefined;
      return upload && error && refuse(upload, error.code, error.message);
    }
  }
}

const describeRules = (refusal: UploadRefusal, rules: UploadRules): string =>
  refusal === 'size'
    ? `it is empty or larger than ${rules.maxBytes ?? 0} bytes (allowedMedia maxFileSizeKB)`
    : refusal === 'type'
      ? `the session accepts ${rules.types.join(', ')}${rules.blocked.length ? `, and no ${rules.blocked.join(' ')} files` : ''}`
      : 'its name is empty or longer than 255 characters';

/**
 * The visitor's picked files as tray entries: each one the session takes waits to be requested; a
 * refused one stays in the tray, saying why, until the visitor removes it (and is reported).
 */
export function takeFiles(
  deployment: DeploymentConfig,
  session: SessionInfo | undefined,
  files: readonly File[],
  newId: () => string,
): { added: Upload[]; refusals: ChatError[] } {
  const rules = uploadRules(deployment, session);
  const added: Upload[] = [];
  const refusals: ChatError[] = [];
  for (const file of files) {
    const upload: UploadFile = { id: newId(), name: file.name, type: file.type || 'application/octet-stream', size: file.size, file };
    const refusal = rules ? refusalOf(rules, file) : 'refused';
    if (!refusal) {
      added.push({ ...upload, status: 'requesting', requested: false });
      continue;
    }
    added.push({ ...upload, status: 'failed', refusal, failure: 'attachment-rejected' });
    refusals.push(chatErrors.uploadRefused(file.name, refusal, rules ? describeRules(refusal, rules) : "this conversation takes no files (the deployment's file upload is off)"));
  }
  return { added, refusals };
}

/**
 * What the server must be asked for the uploads: a URL for each file not yet asked for (again after a
 * dropped socket), and, for a file whose PUT ended while the socket was gone, whether it arrived.
 */
export function uploadRequests(token: string, uploads: readonly Upload[], newId: () => string): { uploads: readonly Upload[]; frames: ClientFrame[] } {
  const frames: ClientFrame[] = [];
  let next = uploads;
  for (const u of uploads) {
    if (u.status === 'requesting' && !u.requested) {
      const tracingId = newId();
      next = updateUpload(next, u.id, { status: 'requesting', requested: true, tracingId });
      frames.push(onAttachment({ token, tracingId, attachmentId: u.id, fileName: u.name, fileType: u.type, fileSize: u.size }));
    } else if (u.status === 'uploading' && u.put && u.stale && u.tracingId === undefined) {
      const tracingId = newId();
      next = updateUpload(next, u.id, { status: 'uploading', put: true, stale: true, tracingId });
      frames.push(getAttachment({ token, tracingId, attachmentId: u.id }));
    }
  }
  return { uploads: next, frames };
}
