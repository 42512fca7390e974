import { expect } from '@open-wc/testing';
import { ask } from '../helpers/guest-socket.js';
import type { Guest, ServerFrame } from '../helpers/guest-socket.js';
import { simulator } from '../helpers/simulator.js';
import type { DeploymentOptions } from '../helpers/simulator.js';
import { auditAndCloseGuests, configured, conversationWithGuest, framesBeforeEcho, isClass, refusal, text } from './support.js';

const TAGGING = 'organizationId=simulator&originPlatform=PureCloud';
const FILE_TYPES = [{ type: 'image/png' }, { type: 'image/jpeg' }, { type: 'image/gif' }, { type: 'application/pdf' }];
const BLOCKED = ['.exe', '.bat', '.cmd', '.com', '.js', '.msi', '.scr', '.vbs'];

type Bytes = Uint8Array<ArrayBuffer>;

interface FileSpec {
  name: string;
  type: string;
  bytes: Bytes;
}

/** `size` bytes that differ from one file to the next, so a GET proves it got the right one. */
function bytes(size: number, seed = 1): Bytes {
  return Uint8Array.from({ length: size }, (_, i) => (i * 7 + seed) % 256);
}

const png = (size = 64, seed = 1): FileSpec => ({ name: 'photo.png', type: 'image/png', bytes: bytes(size, seed) });
const pdf = (size = 100): FileSpec => ({ name: 'invoice.pdf', type: 'application/pdf', bytes: bytes(size, 3) });

const onAttachment = (token: string, fields: Record<string, unknown>, tracingId: string = crypto.randomUUID()) => ({
  action: 'onAttachment',
  token,
  tracingId,
  errorsAsJson: true,
  ...fields,
});

const declare = (file: FileSpec, attachmentId?: string) => ({
  ...(attachmentId === undefined ? {} : { attachmentId }),
  fileName: file.name,
  fileType: file.type,
  fileSize: file.bytes.length,
});

/** The guest's onAttachment for a file, answered: the PresignedUrlResponse body, checked. */
async function presign(g: Guest, token: string, file: FileSpec, attachmentId: string = crypto.randomUUID()) {
  const reply = await ask(g, onAttachment(token, declare(file, attachmentId)));
  expect(reply, JSON.stringify(reply)).to.include({ type: 'response', class: 'PresignedUrlResponse', code: 200 });
  return reply.body as { attachmentId: string; url: string; headers: Record<string, string> };
}

/** The PUT of a presigned upload, as a browser page does it (cross-origin: preflighted). */
function put(url: string, body: Bytes, headers: Record<string, string>) {
  return fetch(url, { method: 'PUT', headers, body });
}

/** Presigns and uploads a file, and waits for the UploadSuccessEvent. */
async function upload(g: Guest, token: string, file: FileSpec, attachmentId: string = crypto.randomUUID()) {
  const target = await presign(g, token, file, attachmentId);
  const response = await put(target.url, file.bytes, { ...target.headers, 'content-type': file.type });
  expect(response.status).to.equal(200);
  const event = await g.next(frame => frame.class === 'UploadSuccessEvent' && frame.body.attachmentId === attachmentId);
  return { ...target, downloadUrl: event.body.downloadUrl as string };
}

/** A configured guest on a new deployment that takes uploads. */
async function uploader(options: DeploymentOptions = {}) {
  const sim = await simulator();
  const { deploymentId } = await sim.createDeployment({ tagAnswers: true, sessionResponse: 'full', fileUpload: true, ...options });
  return { sim, deploymentId, ...(await configured(deploymentId)) };
}

const attachmentMessage = (token: string, ids: string[], messageText?: string, tracingId: string = crypto.randomUUID()) => ({
  action: 'onMessage',
  token,
  tracingId,
  message: {
    type: 'Text',
    ...(messageText === undefined ? {} : { text: messageText }),
    content: ids.map(id => ({ contentType: 'Attachment', attachment: { id } })),
  },
});

const isUploadEvent = (attachmentId: string) => (frame: ServerFrame) =>
  (frame.class === 'UploadSuccessEvent' || frame.class === 'UploadFailureEvent') && frame.body.attachmentId === attachmentId;

describe('simulator: guest attachments', () => {
  afterEach(auditAndCloseGuests);

  describe('what a session may upload', () => {
    it('names the allowed media and blocked extensions when the deployment takes uploads, as config.json does', async () => {
      const { sim, deploymentId, session } = await uploader({ uploadMaxFileSizeKB: 2048 });
      expect(session.body.allowedMedia).to.deep.equal({ inbound: { fileTypes: FILE_TYPES, maxFileSizeKB: 2048 } });
      expect(session.body.blockedExtensions).to.deep.equal(BLOCKED);
      const config = (await (await fetch(sim.configUrl(deploymentId))).json()) as Record<string, any>;
      expect(config['messenger'].fileUpload).to.deep.equal({
        enableAttachments: true,
        modes: [{ fileTypes: FILE_TYPES.map(t => t.type), maxFileSizeKB: 2048 }],
      });
    });

    it('names none when uploads are off', async () => {
      const sim = await simulator();
      const { deploymentId } = await sim.createDeployment({ tagAnswers: true, sessionResponse: 'full', fileUpload: false });
      const { session } = await configured(deploymentId);
      expect(session.body).to.not.have.any.keys('allowedMedia', 'blockedExtensions');
    });

    it('has the upload options, with defaults, and refuses bad values', async () => {
      const sim = await simulator();
      const created = await sim.createDeployment({ tagAnswers: true, sessionResponse: 'full' });
      expect(created).to.include({ fileUpload: false, uploadMaxFileSizeKB: 10240, uploadResult: 'success' });
      const { session } = await configured((await sim.createDeployment({ tagAnswers: true, sessionResponse: 'full', fileUpload: true })).deploymentId);
      expect(session.body.allowedMedia.inbound.maxFileSizeKB).to.equal(10240);
      expect(await sim.updateDeployment(created.deploymentId, { uploadMaxFileSizeKB: 102400, uploadResult: 'failure' })).to.include({
        uploadMaxFileSizeKB: 102400, uploadResult: 'failure',
      });
      const bad: DeploymentOptions[] = [
        { uploadMaxFileSizeKB: 0 },
        { uploadMaxFileSizeKB: 102401 },
        { uploadMaxFileSizeKB: 1.5 },
        { uploadMaxFileSizeKB: '10' as never },
        { uploadResult: 'virus' as never },
        { uploadResult: null as never },
      ];
      for (const options of bad) expect(await refusal(sim.createDeployment(options)), JSON.stringify(options)).to.equal(400);
    });
  });

  describe('onAttachment', () => {
    it('gives the URL to PUT to, with the tagging header, for the id the guest chose', async () => {
      const { sim, guest, token } = await uploader();
      const id = crypto.randomUUID();
      const reply = await ask(guest, onAttachment(token, declare(png(), id), 'presign'));
      expect(reply).to.deep.equal({
        type: 'response',
        class: 'PresignedUrlResponse',
        code: 200,
        body: { attachmentId: id, headers: { 'x-amz-tagging': TAGGING }, url: sim.uploadUrl(id) },
        tracingId: 'presign',
      });
    });

    it('makes up an id when the guest gives none', async () => {
      const { sim, guest, token } = await uploader();
      const reply = await ask(guest, onAttachment(token, declare(png())));
      expect(reply.class).to.equal('PresignedUrlResponse');
      const id = reply.body.attachmentId as string;
      expect(id).to.match(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
      expect(reply.body.url).to.equal(sim.uploadUrl(id));
    });

    it('answers a malformed request with 400 "Request failed."', async () => {
      const { guest, token } = await uploader();
      const good = declare(png(), crypto.randomUUID());
      const malformed: Record<string, unknown>[] = [
        { ...good, fileName: undefined },
        { ...good, fileName: 42 },
        { ...good, fileType: undefined },
        { ...good, fileSize: undefined },
        { ...good, fileSize: '64' },
        { ...good, fileSize: 6.4 },
        { ...good, attachmentId: 'not/an id' },
        { ...good, attachmentId: 'a'.repeat(101) },
        { ...good, fileMd5: 5 },
      ];
      for (const fields of malformed) {
        const reply = await ask(guest, onAttachment(token, fields, 'bad'));
        expect(reply, JSON.stringify(fields)).to.deep.equal({ type: 'response', class: 'string', code: 400, body: 'Request failed.', tracingId: 'bad' });
      }
    });

    it('answers GenerateUrlError 4000 when the deployment takes no uploads', async () => {
      const sim = await simulator();
      const { deploymentId } = await sim.createDeployment({ tagAnswers: true, sessionResponse: 'full' });
      const { guest, token } = await configured(deploymentId);
      const id = crypto.randomUUID();
      expect(await ask(guest, onAttachment(token, declare(png(), id), 'off'))).to.deep.equal({
        type: 'message',
        class: 'GenerateUrlError',
        code: 200,
        body: {
          name: 'GenerateUrlError',
          message: 'File uploads are not enabled',
          errorCode: 4000,
          errorMessage: 'File uploads are not enabled',
          attachmentId: id,
          tracingId: 'off',
        },
        tracingId: 'off',
      });
    });

    it('answers files it does not take with GenerateUrlError: type 4001, size 4002, name 4004 and 4005', async () => {
      const { guest, token } = await uploader({ uploadMaxFileSizeKB: 1 });
      const cases: [Record<string, unknown>, number, string][] = [
        [{ fileName: 'scan.bmp', fileType: 'image/bmp', fileSize: 10 }, 4001, 'file type invalid'],
        [{ fileName: 'photo.png.exe', fileType: 'image/png', fileSize: 10 }, 4001, 'file type invalid'],
        [{ fileName: 'SCRIPT.JS', fileType: 'application/pdf', fileSize: 10 }, 4001, 'file type invalid'],
        [{ fileName: 'big.png', fileType: 'image/png', fileSize: 1025 }, 4002, 'file size invalid'],
        [{ fileName: 'empty.png', fileType: 'image/png', fileSize: 0 }, 4002, 'file size invalid'],
        [{ fileName: 'negative.png', fileType: 'image/png', fileSize: -1 }, 4002, 'file size invalid'],
        [{ fileName: '', fileType: 'image/png', fileSize: 10 }, 4004, 'file name invalid'],
        [{ fileName: '   ', fileType: 'image/png', fileSize: 10 }, 4004, 'file name invalid'],
        [{ fileName: `${'n'.repeat(252)}.png`, fileType: 'image/png', fileSize: 10 }, 4005, 'file name too long'],
      ];
      for (const [fields, errorCode, errorMessage] of cases) {
        const attachmentId = crypto.randomUUID();
        const tracingId = crypto.randomUUID();
        const reply = await ask(guest, onAttachment(token, { ...fields, attachmentId }, tracingId));
        expect(reply, JSON.stringify(fields)).to.deep.equal({
          type: 'message',
          class: 'GenerateUrlError',
          code: 200,
          body: { name: 'GenerateUrlError', message: errorMessage, errorCode, errorMessage, attachmentId, tracingId },
          tracingId,
        });
      }
      // The limits themselves are fine: 255 characters, exactly maxFileSizeKB.
      const edge = await ask(guest, onAttachment(token, { fileName: `${'n'.repeat(251)}.png`, fileType: 'image/png', fileSize: 1024 }));
      expect(edge.class).to.equal('PresignedUrlResponse');
    });

    it('refuses an id another session uses', async () => {
      const { deploymentId, guest, token } = await uploader();
      const other = await configured(deploymentId);
      const id = crypto.randomUUID();
      await presign(guest, token, png(), id);
      expect(await ask(other.guest, onAttachment(other.token, declare(png(), id), 'taken'))).to.include({ class: 'string', code: 400, tracingId: 'taken' });
    });
  });

  describe('the upload (PUT)', () => {
    it('answers the browser preflight from any origin for PUT with content-type and x-amz-tagging', async () => {
      const { guest, token } = await uploader();
      const { url } = await presign(guest, token, png());
      expect(new URL(url).origin, 'the test page is on another origin').to.not.equal(location.origin);
      const preflight = await fetch(url, { method: 'OPTIONS' });
      expect(preflight.status).to.equal(204);
      expect(preflight.headers.get('access-control-allow-origin')).to.equal('*');
      expect(preflight.headers.get('access-control-allow-methods')).to.contain('PUT');
      expect(preflight.headers.get('access-control-allow-headers')).to.equal('content-type, x-amz-tagging');
    });

    it('takes the file, stores it, and tells every socket of the session UploadSuccessEvent', async () => {
      const { sim, deploymentId, guest, token } = await uploader();
      const second = await configured(deploymentId, token);
      const stranger = await configured(deploymentId);
      const file = png(300, 9);
      const id = crypto.randomUUID();
      const target = await presign(guest, token, file, id);
      expect((await fetch(target.url)).status, 'nothing to read before the upload').to.equal(404);

      const response = await put(target.url, file.bytes, { ...target.headers, 'content-type': file.type });
      expect(response.status).to.equal(200);
      const [a, b] = await Promise.all([guest.next(isUploadEvent(id)), second.guest.next(isUploadEvent(id))]);
      expect(a).to.deep.equal(b);
      expect(a).to.deep.include({ type: 'message', class: 'UploadSuccessEvent', code: 200 });
      expect(a.body).to.have.all.keys('attachmentId', 'downloadUrl', 'timestamp');
      expect(a.body).to.include({ attachmentId: id, downloadUrl: sim.uploadUrl(id) });
      expect(new Date(a.body.timestamp as string).toISOString()).to.equal(a.body.timestamp);
      expect(await framesBeforeEcho(stranger.guest, stranger.token), 'another session hears nothing').to.deep.equal([]);

      const download = await fetch(a.body.downloadUrl as string);
      expect(download.status).to.equal(200);
      expect(download.headers.get('content-type')).to.equal('image/png');
      expect(new Uint8Array(await download.arrayBuffer())).to.deep.equal(file.bytes);
    });

    it('answers 404 for an id it never issued', async () => {
      const sim = await simulator();
      const url = sim.uploadUrl(crypto.randomUUID());
      expect((await put(url, bytes(4), { 'x-amz-tagging': TAGGING, 'content-type': 'image/png' })).status).to.equal(404);
      expect((await fetch(url)).status).to.equal(404);
    });

    it('answers 400 and UploadFailureEvent 4003 when the tagging, the type or the size is not the one declared', async () => {
      const { deploymentId, guest, token } = await uploader();
      const second = await configured(deploymentId, token);
      const file = png(50);
      const wrong: [string, Record<string, string>, Bytes][] = [
        ['tagging', { 'x-amz-tagging': 'organizationId=someone-else', 'content-type': file.type }, file.bytes],
        ['no tagging', { 'content-type': file.type }, file.bytes],
        ['type', { 'x-amz-tagging': TAGGING, 'content-type': 'image/jpeg' }, file.bytes],
        ['size', { 'x-amz-tagging': TAGGING, 'content-type': file.type }, bytes(49)],
      ];
      for (const [what, headers, body] of wrong) {
        const id = crypto.randomUUID();
        const target = await presign(guest, token, file, id);
        const response = await put(target.url, body, headers);
        expect(response.status, what).to.equal(400);
        const [event, other] = await Promise.all([guest.next(isUploadEvent(id)), second.guest.next(isUploadEvent(id))]);
        expect(event, what).to.deep.equal(other);
        expect(event, what).to.deep.include({ type: 'message', class: 'UploadFailureEvent', code: 200 });
        expect(event.body, what).to.include({ attachmentId: id, errorCode: 4003 });
        expect(event.body.errorMessage, what).to.be.a('string').and.not.equal('');
        expect((await fetch(target.url)).status, `${what}: nothing stored`).to.equal(404);
        // A failed upload is not sendable, and its URL takes no second PUT.
        expect(await ask(guest, attachmentMessage(token, [id]))).to.include({ class: 'string', code: 4010 });
        expect((await put(target.url, file.bytes, { ...target.headers, 'content-type': file.type })).status, what).to.equal(409);
      }
    });

    it('takes a Content-Type with parameters or in another case', async () => {
      const { guest, token } = await uploader();
      const file = pdf();
      const id = crypto.randomUUID();
      const target = await presign(guest, token, file, id);
      expect((await put(target.url, file.bytes, { ...target.headers, 'content-type': 'Application/PDF; charset=binary' })).status).to.equal(200);
      expect((await guest.next(isUploadEvent(id))).class).to.equal('UploadSuccessEvent');
    });

    it('answers 413 for a body over the size limit', async () => {
      const { guest, token } = await uploader({ uploadMaxFileSizeKB: 1 });
      const declared = png(1024);
      const id = crypto.randomUUID();
      const target = await presign(guest, token, declared, id);
      const response = await put(target.url, bytes(1025), { ...target.headers, 'content-type': declared.type });
      expect(response.status).to.equal(413);
      const event = await guest.next(isUploadEvent(id));
      expect(event.class).to.equal('UploadFailureEvent');
      expect(event.body.errorCode).to.equal(4003);
    });

    it('starts over when the guest asks again for the same id', async () => {
      const { guest, token } = await uploader();
      const file = png(20);
      const id = crypto.randomUUID();
      const first = await presign(guest, token, file, id);
      await put(first.url, bytes(3), { ...first.headers, 'content-type': file.type });
      expect((await guest.next(isUploadEvent(id))).class).to.equal('UploadFailureEvent');
      const { downloadUrl } = await upload(guest, token, file, id);
      expect(new Uint8Array(await (await fetch(downloadUrl)).arrayBuffer())).to.deep.equal(file.bytes);
    });

    it("ends every upload in UploadFailureEvent 4003 'file content invalid' when uploadResult is 'failure'", async () => {
      const { sim, deploymentId, guest, token } = await uploader({ uploadResult: 'failure' });
      const file = png();
      const id = crypto.randomUUID();
      const target = await presign(guest, token, file, id);
      const response = await put(target.url, file.bytes, { ...target.headers, 'content-type': file.type });
      expect(response.status, 'the PUT itself goes through').to.equal(200);
      const event = await guest.next(isUploadEvent(id));
      expect(event).to.deep.include({ type: 'message', class: 'UploadFailureEvent', code: 200 });
      expect(event.body).to.include({ attachmentId: id, errorCode: 4003, errorMessage: 'file content invalid' });
      expect((await fetch(target.url)).status).to.equal(404);
      expect(await ask(guest, { action: 'getAttachment', token, attachmentId: id })).to.include({ class: 'string', code: 4010 });
      expect(await ask(guest, attachmentMessage(token, [id], 'here'))).to.include({ class: 'string', code: 4010 });

      await sim.updateDeployment(deploymentId, { uploadResult: 'success' });
      await upload(guest, token, file);
    });
  });

  describe('sending attachments (onMessage)', () => {
    it('echoes the message with the files to every socket and records it in the transcript', async () => {
      const { sim, deploymentId, guest, token } = await uploader();
      const second = await configured(deploymentId, token);
      const picture = png(120);
      const paper = pdf(80);
      const pictureId = crypto.randomUUID();
      const documentId = crypto.randomUUID();
      const { downloadUrl: pictureUrl } = await upload(guest, token, picture, pictureId);
      const { downloadUrl: documentUrl } = await upload(guest, token, paper, documentId);
      await second.guest.next(isUploadEvent(pictureId));
      await second.guest.next(isUploadEvent(documentId));

      const content = [
        {
          contentType: 'Attachment',
          attachment: { id: pictureId, filename: 'photo.png', mime: 'image/png', mediaType: 'Image', fileSize: 120, url: pictureUrl },
        },
        {
          contentType: 'Attachment',
          attachment: { id: documentId, filename: 'invoice.pdf', mime: 'application/pdf', mediaType: 'File', fileSize: 80, url: documentUrl },
        },
      ];
      const echo = await ask(guest, attachmentMessage(token, [pictureId, documentId], 'See attached', 'send'));
      const otherEcho = await second.guest.next(frame => frame.tracingId === 'send');
      expect(echo).to.deep.equal(otherEcho);
      expect(echo).to.include({ type: 'message', class: 'StructuredMessage', code: 200 });
      expect(echo.body).to.deep.include({ type: 'Text', direction: 'Inbound', text: 'See attached', content });

      const line = (await sim.conversationFor(token))!.messages.at(-1)!;
      expect(line).to.deep.include({ id: echo.body.id, author: 'customer', text: 'See attached', content });

      // Sent files stay readable (the transcript links to them), but can no longer be deleted.
      expect((await fetch(pictureUrl)).status).to.equal(200);
      expect(await ask(guest, { action: 'deleteAttachment', token, attachmentId: pictureId, tracingId: 'late' })).to.deep.equal({
        type: 'response', class: 'string', code: 4009, body: 'attachment not found', tracingId: 'late',
      });
    });

    it('sends a file without text, the text left out of the echo', async () => {
      const { sim, guest, token } = await uploader();
      const id = crypto.randomUUID();
      await upload(guest, token, pdf(), id);
      for (const messageText of [undefined, '']) {
        const echo = await ask(guest, attachmentMessage(token, [id], messageText));
        expect(echo.class).to.equal('StructuredMessage');
        expect(echo.body).to.not.have.property('text');
        expect(echo.body.content[0].attachment).to.include({ id, mediaType: 'File', mime: 'application/pdf' });
      }
      const lines = (await sim.conversationFor(token))!.messages;
      expect(lines.map(l => l.text)).to.deep.equal(['', '']);
    });

    it('refuses files not (yet) uploaded with 4010 and unknown ones with 4009, delivering nothing', async () => {
      const { sim, deploymentId, guest, token } = await uploader();
      const second = await configured(deploymentId, token);
      const stranger = await configured(deploymentId);
      guest.send(text(token, 'hello'));
      await guest.next(isClass('StructuredMessage'));
      await second.guest.next(isClass('StructuredMessage'));
      const uploaded = crypto.randomUUID();
      await upload(guest, token, png(), uploaded);
      await second.guest.next(isUploadEvent(uploaded));
      const pending = crypto.randomUUID();
      await presign(guest, token, png(), pending);
      const theirs = crypto.randomUUID();
      await upload(stranger.guest, stranger.token, png(), theirs);

      const cases: [string[], number, string][] = [
        [[pending], 4010, 'attachment not successfully uploaded'],
        [[uploaded, pending], 4010, 'attachment not successfully uploaded'],
        [[crypto.randomUUID()], 4009, 'attachment not found'],
        [[uploaded, crypto.randomUUID()], 4009, 'attachment not found'],
        [[theirs], 4009, 'attachment not found'],
      ];
      for (const [ids, code, body] of cases) {
        const tracingId = crypto.randomUUID();
        expect(await ask(guest, attachmentMessage(token, ids, 'files', tracingId)), JSON.stringify(ids)).to.deep.equal({
          type: 'response', class: 'string', code, body, tracingId,
        });
      }
      expect(await framesBeforeEcho(second.guest, token), 'nothing delivered').to.deep.equal([]);
      expect((await sim.conversationFor(token))!.messages.map(m => m.text)).to.deep.equal(['hello']);

      // The refusals left the uploaded file sendable.
      const echo = await ask(guest, attachmentMessage(token, [uploaded]));
      expect(echo.body.content[0].attachment.id).to.equal(uploaded);
    });

    it('refuses attachments mixed with button answers, or in a Structured message, with 400', async () => {
      const { guest, token } = await uploader();
      const id = crypto.randomUUID();
      await upload(guest, token, png(), id);
      const attachment = { contentType: 'Attachment', attachment: { id } };
      const answer = { contentType: 'ButtonResponse', buttonResponse: { text: 'Yes', payload: 'yes', type: 'QuickReply' } };
      const messages = [
        { type: 'Text', text: '', content: [attachment, answer] },
        { type: 'Structured', text: 'x', content: [attachment] },
        { type: 'Text', content: [{ contentType: 'Attachment', attachment: {} }] },
      ];
      for (const message of messages) {
        expect(await ask(guest, { action: 'onMessage', token, message }), JSON.stringify(message)).to.include({ class: 'string', code: 400 });
      }
    });
  });

  describe('files the agent sends', () => {
    it('links them for downloadUrlSeconds, refuses an expired link (403), and getAttachment hands out a fresh one', async () => {
      const { sim, guest, token, conversation } = await conversationWithGuest({ downloadUrlSeconds: 0 });
      await sim.agentSample(conversation.id, 'file');
      const message = await guest.next(frame => frame.body?.direction === 'Outbound' && frame.body?.content?.[0]?.contentType === 'Attachment');
      const { id, url } = message.body.content[0].attachment as { id: string; url: string };
      expect(new URL(url).searchParams.get('expires')).to.match(/^\d+$/);
      expect((await fetch(url)).status).to.equal(403);

      await sim.updateDeployment(conversation.deploymentId, { downloadUrlSeconds: 600 });
      const fresh = await ask(guest, { action: 'getAttachment', token, attachmentId: id });
      expect(fresh).to.deep.include({ type: 'response', class: 'PresignedUrlResponse', code: 200 });
      expect(fresh.body).to.deep.include({ attachmentId: id, headers: {}, fileName: 'brochure.pdf' });
      expect(fresh.body.url).to.not.equal(url);
      const download = await fetch(fresh.body.url);
      expect(download.status).to.equal(200);
      expect(download.headers.get('content-type')).to.equal('application/pdf');
    });
  });

  describe('deleteAttachment and getAttachment', () => {
    it('deletes a file not sent yet, uploaded or pending, and forgets it', async () => {
      const { guest, token } = await uploader();
      const uploaded = crypto.randomUUID();
      const { url } = await upload(guest, token, png(), uploaded);
      expect(await ask(guest, { action: 'deleteAttachment', token, attachmentId: uploaded, tracingId: 'delete' })).to.deep.equal({
        type: 'response', class: 'AttachmentDeletedResponse', code: 200, body: { attachmentId: uploaded }, tracingId: 'delete',
      });
      expect((await fetch(url)).status).to.equal(404);
      expect(await ask(guest, attachmentMessage(token, [uploaded]))).to.include({ class: 'string', code: 4009 });
      expect(await ask(guest, { action: 'getAttachment', token, attachmentId: uploaded })).to.include({ class: 'string', code: 4009 });
      expect(await ask(guest, { action: 'deleteAttachment', token, attachmentId: uploaded })).to.include({ class: 'string', code: 4009 });

      const pending = crypto.randomUUID();
      const target = await presign(guest, token, png(), pending);
      expect((await ask(guest, { action: 'deleteAttachment', token, attachmentId: pending })).class).to.equal('AttachmentDeletedResponse');
      expect((await put(target.url, png().bytes, { ...target.headers, 'content-type': 'image/png' })).status).to.equal(404);
    });

    it("refuses to delete an unknown file or another session's, and a malformed request", async () => {
      const { deploymentId, guest, token } = await uploader();
      const stranger = await configured(deploymentId);
      const theirs = crypto.randomUUID();
      await upload(stranger.guest, stranger.token, png(), theirs);
      for (const attachmentId of [crypto.randomUUID(), theirs]) {
        expect(await ask(guest, { action: 'deleteAttachment', token, attachmentId, tracingId: 'nope' })).to.deep.equal({
          type: 'response', class: 'string', code: 4009, body: 'attachment not found', tracingId: 'nope',
        });
      }
      expect(await ask(guest, { action: 'deleteAttachment', token })).to.include({ class: 'string', code: 400, body: 'Request failed.' });
      expect((await fetch((await simulator()).uploadUrl(theirs))).status, 'theirs is still there').to.equal(200);
    });

    it('gives the download URL of an uploaded file, with its name, size and type', async () => {
      const { guest, token } = await uploader();
      const id = crypto.randomUUID();
      const file = pdf(77);
      const { downloadUrl } = await upload(guest, token, file, id);
      expect(await ask(guest, { action: 'getAttachment', token, attachmentId: id, tracingId: 'where' })).to.deep.equal({
        type: 'response',
        class: 'PresignedUrlResponse',
        code: 200,
        body: { attachmentId: id, url: downloadUrl, headers: {}, fileName: 'invoice.pdf', fileSize: 77, fileType: 'application/pdf' },
        tracingId: 'where',
      });
      // Still so once it is sent.
      await ask(guest, attachmentMessage(token, [id]));
      expect((await ask(guest, { action: 'getAttachment', token, attachmentId: id })).body.url).to.equal(downloadUrl);
    });

    it('answers getAttachment for a file not uploaded yet with 4010, an unknown one with 4009', async () => {
      const { guest, token } = await uploader();
      const pending = crypto.randomUUID();
      await presign(guest, token, png(), pending);
      expect(await ask(guest, { action: 'getAttachment', token, attachmentId: pending, tracingId: 'early' })).to.deep.equal({
        type: 'response', class: 'string', code: 4010, body: 'attachment not successfully uploaded', tracingId: 'early',
      });
      expect(await ask(guest, { action: 'getAttachment', token, attachmentId: crypto.randomUUID(), tracingId: 'who' })).to.deep.equal({
        type: 'response', class: 'string', code: 4009, body: 'attachment not found', tracingId: 'who',
      });
      expect(await ask(guest, { action: 'getAttachment', token, attachmentId: 7 })).to.include({ class: 'string', code: 400 });
    });
  });
});
