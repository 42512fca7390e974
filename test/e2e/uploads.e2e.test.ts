import { expect, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { schemaErrors } from '../helpers/schema.js';
import { simulator } from '../helpers/simulator.js';
import { startChat } from './widget.js';

/** A picture a browser decodes: 1×1 PNG. */
const PNG = Uint8Array.from(atob('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC'), c => c.charCodeAt(0));
const picture = (name = 'photo.png') => new File([PNG], name, { type: 'image/png' });

async function conversationOf(deploymentId: string) {
  return (await (await simulator()).state()).conversations.find(c => c.deploymentId === deploymentId);
}

const actions = async (deploymentId: string, action: string) =>
  (await (await simulator()).frames(deploymentId)).map(f => f.frame).filter(f => f?.['action'] === action);

describe('end to end: files the visitor sends', () => {
  it('uploads a picture, sends it with the message once, and shows it from where Genesys keeps it', async () => {
    const { deploymentId, visitor } = await startChat({ fileUpload: true });
    await visitor.attach(picture());
    await waitUntil(() => visitor.tray()[0]?.[1] === 'Ready to send', `the upload never finished: ${JSON.stringify(visitor.tray())}`);
    await expect(visitor.el).to.be.accessible();

    const [request] = await actions(deploymentId, 'onAttachment');
    expect(request).to.deep.include({ fileName: 'photo.png', fileType: 'image/png', fileSize: PNG.length });
    expect(await schemaErrors('GenerateUploadUrlRequest', request, { waiveRequired: ['fileMd5'] })).to.deep.equal([]);

    await visitor.say('Here it is');
    await waitUntil(async () => (await conversationOf(deploymentId))?.messages.length === 1, 'the message never arrived');
    const [line] = (await conversationOf(deploymentId))!.messages;
    expect(line!.text).to.equal('Here it is');
    const sent = line!.content![0] as { contentType: string; attachment: { id: string; filename: string; mediaType: string; url: string } };
    expect(sent).to.deep.include({ contentType: 'Attachment' });
    expect(sent.attachment).to.include({ id: request!['attachmentId'], filename: 'photo.png', mediaType: 'Image' });
    const [message] = await actions(deploymentId, 'onMessage');
    expect(await schemaErrors('SendMessageRequest', message, { waiveRequired: ['time'] })).to.deep.equal([]);

    // The tray is empty, and the visitor's bubble shows the picture the server now serves.
    expect(visitor.parts('attachment')).to.have.length(0);
    const image = await visitor.find<HTMLImageElement>('attachment-image');
    await waitUntil(() => image.getAttribute('src') === sent.attachment.url && image.complete && image.naturalWidth === 1, 'the picture never showed');
    const served = new Uint8Array(await (await fetch(sent.attachment.url)).arrayBuffer());
    expect([...served]).to.deep.equal([...PNG]);
    await waitUntil(() => !visitor.bubblesWith('Here it is', 'message-customer')[0]?.textContent?.includes('Sending'), 'never confirmed');
    expect(visitor.bubblesWith('Here it is', 'message-customer')).to.have.length(1);
  });

  it('says why a file of the wrong type or size is not taken, asks the server nothing, and lets the visitor remove it', async () => {
    const { deploymentId, visitor } = await startChat({ fileUpload: true, uploadMaxFileSizeKB: 1 });
    await visitor.attach(new File(['hello'], 'notes.txt', { type: 'text/plain' }), new File([new Uint8Array(2048)], 'big.png', { type: 'image/png' }));
    expect(visitor.tray()).to.deep.equal([
      ['notes.txt', "This type of file can't be sent."],
      ['big.png', 'This file is too large.'],
    ]);
    expect(visitor.heard('genesys-chat-error').map(e => e.code)).to.deep.equal(['attachment-rejected', 'attachment-rejected']);
    await expect(visitor.el).to.be.accessible();

    const remove = visitor.parts('remove-attachment-button')[0]!;
    expect(remove.getAttribute('aria-label')).to.equal('Remove notes.txt');
    remove.focus();
    await sendKeys({ press: 'Enter' });
    await visitor.el.updateComplete;
    expect(visitor.tray().map(([name]) => name)).to.deep.equal(['big.png']);
    expect(visitor.el.shadowRoot!.activeElement?.id).to.equal('input');
    expect(await actions(deploymentId, 'onAttachment')).to.have.length(0);
  });

  it('shows a file the server rejects after its upload, and sends the message without it', async () => {
    const { deploymentId, visitor } = await startChat({ fileUpload: true, uploadResult: 'failure' });
    await visitor.attach(picture('scanned.png'));
    await waitUntil(() => visitor.tray()[0]?.[1] === "This file wasn't accepted.", `never refused: ${JSON.stringify(visitor.tray())}`);
    expect(visitor.heard('genesys-chat-error').map(e => [e.code, e.serverCode])).to.deep.equal([['attachment-rejected', 4003]]);
    await visitor.say('Just text then');
    await waitUntil(async () => (await conversationOf(deploymentId))?.messages.length === 1);
    expect((await conversationOf(deploymentId))!.messages[0]!.content).to.equal(undefined);
  });

  it('takes back an uploaded file: the server deletes it', async () => {
    const { sim, deploymentId, visitor } = await startChat({ fileUpload: true });
    await visitor.attach(picture());
    await waitUntil(() => visitor.tray()[0]?.[1] === 'Ready to send');
    const [request] = await actions(deploymentId, 'onAttachment');
    const url = sim.uploadUrl(request!['attachmentId'] as string);
    expect((await fetch(url)).status).to.equal(200);
    visitor.parts('remove-attachment-button')[0]!.click();
    await waitUntil(async () => (await actions(deploymentId, 'deleteAttachment')).length === 1, 'deleteAttachment never arrived');
    await waitUntil(async () => (await fetch(url)).status === 404, 'the file is still on the server');
    expect(visitor.parts('attachment')).to.have.length(0);
  });

  it('offers no attach button when the deployment takes no files', async () => {
    const { visitor } = await startChat({ fileUpload: false });
    await visitor.find('input');
    expect(visitor.part('attach-button')).to.equal(null);
  });
});
