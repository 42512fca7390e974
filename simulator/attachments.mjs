// @ts-check
/**
 * A guest's files (reference §2.7): `onAttachment` hands out an upload URL, the PUT to it (served by
 * `uploads.mjs`) is checked here and answered with UploadSuccessEvent or UploadFailureEvent,
 * `getAttachment` and `deleteAttachment` look files up, and a message may then carry them.
 */
import { randomUUID } from 'node:crypto';
import { uploadProfile } from './deployments.mjs';
import { withExpiry } from './download-urls.mjs';
import * as frames from './frames.mjs';
import { isAttachmentId } from './requests.mjs';

/**
 * @typedef {import('./connection.mjs').Connection} Connection
 * @typedef {import('./frames.mjs').ServerFrame} ServerFrame
 * @typedef {import('./sessions.mjs').Session} Session
 * @typedef {import('./store.mjs').Store} Store
 * @typedef {{ id: string, fileName: string, fileType: string, fileSize: number, url: string,
 *   state: 'pending' | 'uploaded' | 'failed' | 'sent', bytes: Buffer | null, session: Session }} Attachment
 *   A guest's file: `pending` from `onAttachment` until its PUT, then `uploaded` (bytes stored) or
 *   `failed`; `sent` once a message carried it. `url` is where it is put and read.
 */

/** Where guests PUT their files and anyone GETs them (`uploads.mjs` serves it). */
export const UPLOAD_PATH = '/sim/uploads/';
/** The tagging header every presigned URL carries; the PUT must send it back unchanged. */
export const UPLOAD_TAGGING = 'organizationId=simulator&originPlatform=PureCloud';
/** File names longer than this (UTF-16 units) get 4005. */
const MAX_FILE_NAME_LENGTH = 255;
/** A long-running demo forgets its oldest attachments beyond these: so many records, so many stored bytes. */
const MAX_ATTACHMENTS = 10000;
const MAX_STORED_BYTES = 512 * 1024 * 1024;

/** @param {Attachment} file */
const isUploaded = file => (file.state === 'uploaded' || file.state === 'sent') && file.bytes !== null;

/**
 * How a sent file appears in the message (reference §3.4: an Attachment content entry).
 * @param {Attachment} file
 */
export function attachmentContent(file) {
  return {
    contentType: 'Attachment',
    attachment: {
      id: file.id,
      filename: file.fileName,
      mime: file.fileType,
      mediaType: file.fileType.trim().toLowerCase().startsWith('image/') ? 'Image' : 'File',
      fileSize: file.fileSize,
      url: file.url,
    },
  };
}

/** Every guest file by id, and the requests and uploads that make, check and send them. */
export class Attachments {
  /** Every attachment by id, oldest first, for the upload endpoint (sent ones outlive their session). */
  /** @type {Map<string, Attachment>} */
  #uploads = new Map();
  #storedBytes = 0;

  /** @param {Store} store */
  constructor(store) {
    this.store = store;
  }

  /**
   * `onAttachment`: the request's shape first (400 "Request failed."), then the deployment's rules,
   * answered with `GenerateUrlError`: uploads off (4000), no name (4004), a name over 255 characters
   * (4005), a type not taken or a blocked extension (4001), a size of nothing or over the limit
   * (4002). Otherwise the URL to PUT the file to; the file is pending on the session. Asking again
   * for an id of this session that was not sent starts its upload over.
   * @param {Connection} connection @param {Session} session @param {Record<string, unknown>} request @param {string | undefined} tracingId
   */
  request(connection, session, request, tracingId) {
    const { attachmentId, fileName, fileType, fileSize, fileMd5 } = request;
    if (typeof fileName !== 'string' || typeof fileType !== 'string' || typeof fileSize !== 'number' || !Number.isInteger(fileSize)
      || (attachmentId !== undefined && !isAttachmentId(attachmentId)) || (fileMd5 !== undefined && typeof fileMd5 !== 'string')) {
      return connection.send(frames.requestFailed(tracingId));
    }
    const id = attachmentId ?? randomUUID();
    const known = this.#attachment(id);
    // Another live session's id, or a file already sent, cannot be uploaded over.
    if (known && (known.session !== session || known.state === 'sent')) return connection.send(frames.requestFailed(tracingId));
    const profile = uploadProfile(this.store.deployment(session.deploymentId));
    const refuse = (/** @type {keyof typeof frames.UPLOAD_ERROR_TEXT} */ code) => connection.send(frames.generateUrlError(code, id, tracingId));
    if (!profile) return refuse(4000);
    if (!fileName.trim() || /[\u0000-\u001f\u007f]/.test(fileName)) return refuse(4004);
    if (fileName.length > MAX_FILE_NAME_LENGTH) return refuse(4005);
    const name = fileName.toLowerCase();
    if (!profile.fileTypes.includes(fileType.trim().toLowerCase()) || profile.blockedExtensions.some(ext => name.endsWith(ext))) return refuse(4001);
    if (fileSize <= 0 || fileSize > profile.maxFileSizeKB * 1024) return refuse(4002);
    if (known) this.#forget(known);
    /** @type {Attachment} */
    const attachment = { id, fileName, fileType, fileSize, url: `${connection.origin}${UPLOAD_PATH}${id}`, state: 'pending', bytes: null, session };
    session.attachments.set(id, attachment);
    this.#uploads.set(id, attachment);
    this.#evict();
    connection.send(frames.presignedUrl({ attachmentId: id, url: attachment.url, headers: { 'x-amz-tagging': UPLOAD_TAGGING } }, tracingId));
  }

  /**
   * `deleteAttachment`: a file of this session not sent yet is forgotten; a sent or unknown one is 4009.
   * @param {Connection} connection @param {Session} session @param {unknown} id @param {string | undefined} tracingId
   */
  delete(connection, session, id, tracingId) {
    if (typeof id !== 'string') return connection.send(frames.requestFailed(tracingId));
    const attachment = session.attachments.get(id);
    if (!attachment || attachment.state === 'sent') return connection.send(frames.errorFrame(4009, frames.ATTACHMENT_NOT_FOUND_TEXT, tracingId));
    this.#forget(attachment);
    connection.send(frames.attachmentDeleted(id, tracingId));
  }

  /**
   * `getAttachment`: where an uploaded file of this session can be downloaded (a PresignedUrlResponse
   * with no headers, and the file's name, size and type); 4009 unknown, 4010 not uploaded (yet).
   * @param {Connection} connection @param {Session} session @param {unknown} id @param {string | undefined} tracingId
   */
  get(connection, session, id, tracingId) {
    if (typeof id !== 'string') return connection.send(frames.requestFailed(tracingId));
    const attachment = session.attachments.get(id);
    const agentFile = session.agentFiles.get(id);
    if (!attachment && agentFile) {
      // A file of the agent's: a fresh link, which expires in its turn.
      const { url, fileName, fileSize, fileType } = agentFile;
      const fresh = withExpiry(url, this.store.deployment(session.deploymentId).downloadUrlSeconds);
      return connection.send(frames.presignedUrl({ attachmentId: id, url: fresh, headers: {}, file: { fileName, fileSize, fileType } }, tracingId));
    }
    if (!attachment) return connection.send(frames.errorFrame(4009, frames.ATTACHMENT_NOT_FOUND_TEXT, tracingId));
    if (!isUploaded(attachment)) return connection.send(frames.errorFrame(4010, frames.ATTACHMENT_NOT_UPLOADED_TEXT, tracingId));
    const { fileName, fileSize, fileType } = attachment;
    connection.send(frames.presignedUrl({ attachmentId: id, url: attachment.url, headers: {}, file: { fileName, fileSize, fileType } }, tracingId));
  }

  /**
   * The files a guest message names (reference §2.4.2, §3.2): every one must be this session's
   * (else 4009) and uploaded (else 4010).
   * @param {Session} session @param {string[]} ids @param {string | undefined} tracingId
   * @returns {{ files: Attachment[] } | { refusal: ServerFrame }}
   */
  named(session, ids, tracingId) {
    const attachments = ids.map(id => session.attachments.get(id));
    if (attachments.some(a => a === undefined)) return { refusal: frames.errorFrame(4009, frames.ATTACHMENT_NOT_FOUND_TEXT, tracingId) };
    const files = /** @type {Attachment[]} */ (attachments);
    if (!files.every(isUploaded)) return { refusal: frames.errorFrame(4010, frames.ATTACHMENT_NOT_UPLOADED_TEXT, tracingId) };
    return { files };
  }

  /**
   * The attachment an upload URL names. Files not sent go with their session (cleared, expired,
   * replaced); sent ones stay readable, as the transcript links to them.
   * @param {string} id
   */
  #attachment(id) {
    const attachment = this.#uploads.get(id);
    if (!attachment) return undefined;
    const { session } = attachment;
    if (attachment.state !== 'sent' && (session.expired || !this.store.isCurrent(session))) {
      this.#forget(attachment);
      return undefined;
    }
    return attachment;
  }

  /** @param {Attachment} attachment */
  #forget(attachment) {
    if (this.#uploads.get(attachment.id) === attachment) this.#uploads.delete(attachment.id);
    if (attachment.session.attachments.get(attachment.id) === attachment) attachment.session.attachments.delete(attachment.id);
    if (attachment.bytes) this.#storedBytes -= attachment.bytes.length;
    attachment.bytes = null;
  }

  #evict() {
    for (const oldest of this.#uploads.values()) {
      if (this.#uploads.size <= MAX_ATTACHMENTS && this.#storedBytes <= MAX_STORED_BYTES) break;
      this.#forget(oldest);
    }
  }

  /**
   * What a PUT to this attachment may carry, or null when it names no upload (the caller answers
   * 404). The body is read up to `maxBytes` (one more byte means too large).
   * @param {string} id @returns {{ maxBytes: number } | null}
   */
  uploadLimit(id) {
    const attachment = this.#attachment(id);
    if (!attachment) return null;
    return { maxBytes: this.store.deployment(attachment.session.deploymentId).uploadMaxFileSizeKB * 1024 };
  }

  /**
   * The PUT of a file (reference §2.7 step 3), checked against what was declared and issued: the
   * `x-amz-tagging` header, the Content-Type (its media type, any case), the length. A failed check
   * answers 400 (413 for a body over the limit) and sends `UploadFailureEvent` 4003 to every socket
   * of the session; otherwise the bytes are kept, 200, and `UploadSuccessEvent`, unless the
   * deployment's `uploadResult` is `failure` (then `UploadFailureEvent` 4003 "file content invalid",
   * as a virus scan would, and the file is not kept). Only a pending file takes a PUT (else 409).
   * @param {string} id
   * @param {{ tagging: string | undefined, contentType: string | undefined, bytes: Buffer | null }} put `bytes` null when over the limit
   * @returns {{ status: number, message: string }}
   */
  receiveUpload(id, { tagging, contentType, bytes }) {
    const attachment = this.#attachment(id);
    if (!attachment) return { status: 404, message: `no upload ${id}` };
    if (attachment.state !== 'pending') return { status: 409, message: `attachment ${id} is ${attachment.state}, not waiting for its upload` };
    const { session } = attachment;
    const deployment = this.store.deployment(session.deploymentId);
    const fail = (/** @type {number} */ status, /** @type {string} */ message) => {
      attachment.state = 'failed';
      session.broadcast(frames.uploadFailure(id, 4003, message));
      this.store.changed();
      return { status, message };
    };
    const declaredType = attachment.fileType.trim().toLowerCase();
    const sentType = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
    if (bytes === null) return fail(413, `the file is larger than ${deployment.uploadMaxFileSizeKB * 1024} bytes`);
    if (tagging !== UPLOAD_TAGGING) return fail(400, 'the x-amz-tagging header is not the one issued');
    if (sentType !== declaredType) return fail(400, `Content-Type ${sentType || '(none)'} is not the declared ${attachment.fileType}`);
    if (bytes.length !== attachment.fileSize) return fail(400, `the file has ${bytes.length} bytes, not the declared ${attachment.fileSize}`);
    // The PUT itself went through; the scan after it did not.
    if (deployment.uploadResult === 'failure') return fail(200, frames.UPLOAD_ERROR_TEXT[4003]);
    attachment.bytes = bytes;
    attachment.state = 'uploaded';
    this.#storedBytes += bytes.length;
    session.broadcast(frames.uploadSuccess(id, attachment.url));
    this.#evict();
    this.store.changed();
    return { status: 200, message: 'uploaded' };
  }

  /**
   * An uploaded file for `GET /sim/uploads/:id`, or null (unknown, not uploaded, deleted).
   * @param {string} id @returns {{ bytes: Buffer, fileType: string, fileName: string } | null}
   */
  download(id) {
    const attachment = this.#attachment(id);
    if (!attachment?.bytes) return null;
    return { bytes: attachment.bytes, fileType: attachment.fileType, fileName: attachment.fileName };
  }
}
