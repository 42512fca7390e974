import { expect } from '@open-wc/testing';
import { ATTACHMENT_URL_FRESH } from '../../src/machine/attachment-urls.js';
import { schemaErrors } from '../helpers/schema.js';
import { agentContent } from '../helpers/frames.js';
import { arrange } from './harness.js';

const file = (url: string) => ({ contentType: 'Attachment', attachment: { id: 'f1', mediaType: 'File', filename: 'brochure.pdf', url } });
const presigned = (url: string) => ({ type: 'response', class: 'PresignedUrlResponse', code: 200, body: { attachmentId: 'f1', url, headers: {}, fileName: 'brochure.pdf', fileSize: 10 } });
const urlShown = (t: ReturnType<typeof arrange>) => {
  const content = t.messages.find(m => m.content?.some(c => c.kind === 'attachment'))!.content!;
  return content.flatMap(c => (c.kind === 'attachment' ? [c.attachment.url] : []))[0];
};

describe('chat machine: download URLs of the conversation\'s files', () => {
  function withFile() {
    const t = arrange();
    t.connect();
    t.sockets.current.deliver(agentContent([file('https://files.example.com/f1?sig=old')], { text: 'Our brochure' }));
    return t;
  }

  it('asks for a fresh URL (getAttachment) for a file about to be opened once its URL may have expired, and shows it', async () => {
    const t = withFile();
    // Fresh enough: nothing is asked.
    t.actor.send({ type: 'chat.refreshAttachment', attachmentId: 'f1' });
    expect(t.sent('getAttachment')).to.have.length(0);

    t.clock.increment(ATTACHMENT_URL_FRESH);
    t.actor.send({ type: 'chat.refreshAttachment', attachmentId: 'f1' });
    t.actor.send({ type: 'chat.refreshAttachment', attachmentId: 'f1' });
    const asked = t.sent('getAttachment');
    expect(asked).to.have.length(1);
    expect(asked[0]).to.include({ attachmentId: 'f1', token: 'token-1' });
    expect(await schemaErrors('GenerateDownloadUrlRequest', asked[0])).to.deep.equal([]);

    // The answer names no request, as Genesys often sends it; it names the file.
    t.sockets.current.deliver(presigned('https://files.example.com/f1?sig=new'));
    expect(urlShown(t)).to.equal('https://files.example.com/f1?sig=new');
    expect(t.context.conversation.refreshing).to.deep.equal({});
  });

  it('asks at once for a picture that failed to load, but not again for a fresh URL that fails too', () => {
    const t = withFile();
    t.actor.send({ type: 'chat.refreshAttachment', attachmentId: 'f1', force: true });
    expect(t.sent('getAttachment')).to.have.length(1);
    t.sockets.current.deliver(presigned('https://files.example.com/f1?sig=new'));
    t.actor.send({ type: 'chat.refreshAttachment', attachmentId: 'f1', force: true });
    expect(t.sent('getAttachment')).to.have.length(1);
  });

  it('takes no URL that is not safe, and asks for nothing while offline or for a file it does not show', () => {
    const t = withFile();
    t.actor.send({ type: 'chat.refreshAttachment', attachmentId: 'f1', force: true });
    t.sockets.current.deliver(presigned('javascript:alert(1)'));
    expect(urlShown(t)).to.equal('https://files.example.com/f1?sig=old');
    t.actor.send({ type: 'chat.refreshAttachment', attachmentId: 'nope', force: true });
    t.sockets.current.drop(1006);
    t.clock.increment(ATTACHMENT_URL_FRESH);
    t.actor.send({ type: 'chat.refreshAttachment', attachmentId: 'f1' });
    expect(t.sent('getAttachment')).to.have.length(1);
  });
});
