import { expect } from '@open-wc/testing';
import { settle } from '../helpers/fake-http.js';
import { deploymentConfig, errorFrame, inboundContentEcho } from '../helpers/frames.js';
import { readDeploymentConfig } from '../../src/protocol/deployment-config.js';
import { schemaErrors } from '../helpers/schema.js';
import { arrange } from './harness.js';

type Harness = ReturnType<typeof arrange>;

const CONFIG_URL = 'https://api-cdn.example.test/webdeployments/v1/deployments/d/config.json';
const TAGGING = { 'x-amz-tagging': 'organizationId=o&originPlatform=PureCloud' };
const ACCEPTS = {
  allowedMedia: { inbound: { fileTypes: [{ type: 'image/png' }, { type: 'application/pdf' }], maxFileSizeKB: 1 } },
  blockedExtensions: ['.exe'],
};

const png = (name = 'photo.png', size = 100) => new File([new Uint8Array(size)], name, { type: 'image/png' });

/** A connected chat on a deployment with uploads on, whose session takes PNG and PDF up to 1 KB. */
async function arrangeUploads(session: Record<string, unknown> = ACCEPTS, fileUpload = true) {
  const t = arrange({ configUrl: CONFIG_URL });
  await settle();
  t.http.to('config.json')[0]!.respond(deploymentConfig({ fileUpload }));
  await settle();
  t.connect(session);
  return t;
}

const frame = (type: 'response' | 'message', cls: string, body: unknown, tracingId?: string) => ({
  type,
  class: cls,
  code: 200,
  body,
  ...(tracingId ? { tracingId } : {}),
});

/** Attaches `file`, answers its onAttachment with an upload URL, and returns the PUT request. */
async function attachAndPresign(t: Harness, file: File) {
  t.actor.send({ type: 'chat.attach', files: [file] });
  const request = t.sent('onAttachment').at(-1)!;
  const id = request['attachmentId'] as string;
  t.sockets.current.deliver(frame('response', 'PresignedUrlResponse', { attachmentId: id, headers: TAGGING, url: `https://uploads.example.test/${id}` }, request['tracingId'] as string));
  await settle();
  return { id, put: t.http.to(`uploads.example.test/${id}`).at(-1)! };
}

const succeed = (t: Harness, id: string) =>
  t.sockets.current.deliver(frame('message', 'UploadSuccessEvent', { attachmentId: id, downloadUrl: `https://files.example.test/${id}`, timestamp: new Date().toISOString() }));

const statuses = (t: Harness) => t.context.uploads.map(u => [u.name, u.status, u.status === 'failed' ? u.refusal : undefined]);

describe('chat machine: files the visitor attaches', () => {
  it('takes the legacy upload modes of a deployment without enableAttachments when the session names no types', async () => {
    const legacy = { messenger: { fileUpload: { modes: [{ fileTypes: ['image/png', 'image/*'], maxFileSizeKB: 1 }, { fileTypes: [42, 'application/pdf'] }] } } };
    expect(readDeploymentConfig(legacy)).to.deep.include({
      fileUpload: true,
      uploadModes: [{ fileTypes: ['image/png', 'image/*'], maxFileSizeKB: 1 }, { fileTypes: ['application/pdf'] }],
    });
    // With enableAttachments the session's allowedMedia decide, and the modes are not read.
    expect(readDeploymentConfig({ messenger: { fileUpload: { enableAttachments: false, modes: legacy.messenger.fileUpload.modes } } })).to.deep.include({ fileUpload: false });
    expect(readDeploymentConfig({ messenger: { fileUpload: { modes: [] } } }).fileUpload).to.equal(false);

    const t = arrange({ configUrl: CONFIG_URL });
    await settle();
    t.http.to('config.json')[0]!.respond({ ...deploymentConfig(), messenger: { ...deploymentConfig().messenger, fileUpload: { modes: [{ fileTypes: ['image/png'], maxFileSizeKB: 1 }] } } });
    await settle();
    t.connect({ blockedExtensions: ['.exe'] });
    t.actor.send({ type: 'chat.attach', files: [png(), new File(['x'], 'notes.txt', { type: 'text/plain' }), png('big.png', 5000)] });
    expect(statuses(t)).to.deep.equal([['photo.png', 'requesting', undefined], ['notes.txt', 'failed', 'type'], ['big.png', 'failed', 'size']]);
    expect(t.errorCodes()).to.deep.equal(['attachment-rejected', 'attachment-rejected']);
    expect(t.sent('onAttachment')).to.have.length(1);
  });

  it('asks for an upload URL, puts the file there with the given headers, and sends it once the server took it', async () => {
    const t = await arrangeUploads();
    const file = png();
    const { id, put } = await attachAndPresign(t, file);

    const request = t.sent('onAttachment')[0]!;
    expect(request).to.deep.include({ attachmentId: id, fileName: 'photo.png', fileType: 'image/png', fileSize: 100, token: 'token-1' });
    // fileMd5 is required by the schema, but no official client computes it.
    expect(await schemaErrors('GenerateUploadUrlRequest', request, { waiveRequired: ['fileMd5'] }), 'onAttachment').to.deep.equal([]);
    expect([put.method, put.headers.get('x-amz-tagging'), put.headers.get('content-type'), put.body]).to.deep.equal(['PUT', TAGGING['x-amz-tagging'], 'image/png', file]);
    expect(statuses(t)).to.deep.equal([['photo.png', 'uploading', undefined]]);

    put.respond({});
    await settle();
    succeed(t, id);
    expect(statuses(t)).to.deep.equal([['photo.png', 'uploaded', undefined]]);

    t.actor.send({ type: 'chat.send', text: '', tracingId: 'm1', at: 1 });
    const sent = t.sent('onMessage').at(-1)!;
    expect(sent['message']).to.deep.equal({ type: 'Text', text: '', content: [{ contentType: 'Attachment', attachment: { id, mediaType: 'Image' } }] });
    expect(await schemaErrors('SendMessageRequest', sent, { waiveRequired: ['time'] }), 'onMessage').to.deep.equal([]);
    expect(t.context.uploads).to.have.length(0);
    const [shown] = t.messages;
    expect(shown!.status).to.equal('sending');
    expect(shown!.content).to.deep.equal([
      { kind: 'attachment', attachment: { kind: 'Image', filename: 'photo.png', mime: 'image/png', size: 100, url: `https://files.example.test/${id}` } },
    ]);

    const attachment = { id, filename: 'photo.png', mediaType: 'Image', mime: 'image/png', url: `https://files.example.test/${id}` };
    t.sockets.current.deliver(inboundContentEcho({ content: [{ contentType: 'Attachment', attachment }] }, 'm1'));
    expect(t.messages.map(m => m.status)).to.deep.equal(['sent']);
  });

  it('keeps a file of a type, size or name the session refuses in the tray, says why, and asks the server nothing', async () => {
    const t = await arrangeUploads();
    t.actor.send({
      type: 'chat.attach',
      files: [
        new File(['x'], 'notes.txt', { type: 'text/plain' }),
        png('big.png', 2000),
        new File(['x'], 'setup.exe', { type: 'application/pdf' }),
        png('empty.png', 0),
      ],
    });
    expect(statuses(t)).to.deep.equal([
      ['notes.txt', 'failed', 'type'],
      ['big.png', 'failed', 'size'],
      ['setup.exe', 'failed', 'type'],
      ['empty.png', 'failed', 'size'],
    ]);
    expect(t.sent('onAttachment')).to.have.length(0);
    const errors = t.emittedOf('error').map(e => e.error);
    expect(errors.map(e => e.code)).to.deep.equal(['attachment-rejected', 'attachment-rejected', 'attachment-rejected', 'attachment-rejected']);
    expect(errors[0]!.message).to.contain('notes.txt').and.contain('image/png, application/pdf');
    expect(errors[1]!.message).to.contain('1024 bytes');
  });

  it('takes no files when the deployment has uploads off', async () => {
    const t = await arrangeUploads(ACCEPTS, false);
    t.actor.send({ type: 'chat.attach', files: [png()] });
    expect(statuses(t)).to.deep.equal([['photo.png', 'failed', 'refused']]);
    expect(t.sent('onAttachment')).to.have.length(0);
    expect(t.emittedOf('error')[0]!.error.message).to.contain('file upload is off');
  });

  it('shows the server refusing a file (GenerateUrlError), and what it said', async () => {
    const t = await arrangeUploads();
    t.actor.send({ type: 'chat.attach', files: [png()] });
    const request = t.sent('onAttachment')[0]!;
    t.sockets.current.deliver(frame('message', 'GenerateUrlError', {
      name: 'GenerateUrlError', message: 'too big', attachmentId: request['attachmentId'], errorCode: 4002, errorMessage: 'File size is invalid',
    }, request['tracingId'] as string));
    expect(statuses(t)).to.deep.equal([['photo.png', 'failed', 'size']]);
    expect(t.emittedOf('error')[0]!.error).to.deep.include({ code: 'attachment-rejected', serverCode: 4002 });
    expect(t.state).to.equal('connected');
  });

  it('shows a file the server rejected after its upload (UploadFailureEvent), and one whose PUT failed', async () => {
    const t = await arrangeUploads();
    const first = await attachAndPresign(t, png('scanned.png'));
    first.put.respond({});
    await settle();
    t.sockets.current.deliver(frame('message', 'UploadFailureEvent', { attachmentId: first.id, errorCode: 4003, errorMessage: 'file content invalid', timestamp: new Date().toISOString() }));
    const second = await attachAndPresign(t, png('offline.png'));
    second.put.fail('network down');
    await settle();
    expect(statuses(t)).to.deep.equal([['scanned.png', 'failed', 'refused'], ['offline.png', 'failed', 'network']]);
    expect(t.errorCodes()).to.deep.equal(['attachment-rejected', 'attachment-unavailable']);

    t.actor.send({ type: 'chat.send', text: 'Hello', tracingId: 'm1', at: 1 });
    expect((t.sent('onMessage').at(-1)!['message'] as { content?: unknown }).content).to.equal(undefined);
  });

  it('takes a file back: the server deletes what it has, and nothing is sent with the next message', async () => {
    const t = await arrangeUploads();
    const { id, put } = await attachAndPresign(t, png());
    put.respond({});
    await settle();
    succeed(t, id);
    t.actor.send({ type: 'chat.removeAttachment', id });
    const deleted = t.sent('deleteAttachment');
    expect(deleted.map(f => f['attachmentId'])).to.deep.equal([id]);
    expect(await schemaErrors('DeleteAttachmentRequest', deleted[0])).to.deep.equal([]);
    expect(t.context.uploads).to.have.length(0);
    t.actor.send({ type: 'chat.send', text: '', tracingId: 'm1', at: 1 });
    expect(t.sent('onMessage')).to.have.length(0);
  });

  it('sends text at once while a file is still uploading; the file waits in the tray', async () => {
    const t = await arrangeUploads();
    await attachAndPresign(t, png());
    t.actor.send({ type: 'chat.send', text: 'One moment', tracingId: 'm1', at: 1 });
    expect(t.sent('onMessage').at(-1)!['message']).to.deep.equal({ type: 'Text', text: 'One moment' });
    expect(statuses(t)).to.deep.equal([['photo.png', 'uploading', undefined]]);
  });

  it('asks again for an upload URL lost with the socket, and asks whether an upload finished while it was gone', async () => {
    const t = await arrangeUploads();
    t.actor.send({ type: 'chat.attach', files: [png('lost.png')] });
    const { id, put } = await attachAndPresign(t, png('done.png'));
    t.sockets.current.drop(1006);
    put.respond({});
    await settle();
    t.clock.increment(10_000);
    t.accept(t.sockets.current, { ...ACCEPTS, newSession: false });

    const again = t.sent('onAttachment').filter(f => f['fileName'] === 'lost.png');
    expect(again).to.have.length(2);
    expect(again[0]!['attachmentId']).to.equal(again[1]!['attachmentId']);
    const asked = t.sent('getAttachment');
    expect(asked.map(f => f['attachmentId'])).to.deep.equal([id]);
    t.sockets.current.deliver(frame('response', 'PresignedUrlResponse', { attachmentId: id, headers: {}, url: `https://files.example.test/${id}`, fileName: 'done.png', fileSize: 100 }, asked[0]!['tracingId'] as string));
    expect(statuses(t)).to.deep.equal([['lost.png', 'requesting', undefined], ['done.png', 'uploaded', undefined]]);
  });

  it('an error answering the upload request fails that file only', async () => {
    const t = await arrangeUploads();
    t.actor.send({ type: 'chat.attach', files: [png()] });
    const request = t.sent('onAttachment')[0]!;
    t.sockets.current.deliver(errorFrame(400, 'Request failed.', request['tracingId'] as string));
    expect(statuses(t)).to.deep.equal([['photo.png', 'failed', 'refused']]);
    expect(t.emittedOf('error')[0]!.error).to.deep.include({ code: 'attachment-rejected', serverCode: 400 });
    expect(t.state).to.equal('connected');
  });
});
