import { expect, fixtureCleanup, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { schemaErrors } from '../helpers/schema.js';
import { simulator, type RecordedFrame, type SimConversation, type SimulatorClient } from '../helpers/simulator.js';
import { mountWidget, startChat, type Visitor } from './widget.js';

/** The page's connection outlives its last widget by the tab hub's grace period (a reload keeps it warm). */
const LEFT = { timeout: 5000 };

type Frame = Record<string, unknown>;

interface SentMessage {
  type?: string;
  text?: string;
  content?: { contentType?: string; buttonResponse?: Record<string, unknown> }[];
  events?: { eventType?: string; presence?: { type?: string } }[];
  channel?: { metadata?: { customAttributes?: Record<string, string> } };
}

/** SendMessageRequest.time is waived: see test/schema/README.md. */
const waiveTime = { waiveRequired: ['time'] };

const messageOf = (frame: Frame | null): SentMessage | undefined =>
  frame?.['action'] === 'onMessage' ? (frame['message'] as SentMessage) : undefined;

const isJoin = (frame: Frame | null): boolean =>
  messageOf(frame)?.events?.some(e => e.eventType === 'Presence' && e.presence?.type === 'Join') ?? false;

const isButtonResponse = (frame: Frame | null): boolean =>
  messageOf(frame)?.content?.[0]?.contentType === 'ButtonResponse';

/** The frames that carried the visitor's text `text`. */
const textFrames = (frames: RecordedFrame[], text: string): RecordedFrame[] => frames.filter(f => messageOf(f.frame)?.text === text);

const actions = (frames: RecordedFrame[], action: string): RecordedFrame[] => frames.filter(f => f.frame?.['action'] === action);

async function conversationsOf(sim: SimulatorClient, deploymentId: string): Promise<SimConversation[]> {
  return (await sim.state()).conversations.filter(c => c.deploymentId === deploymentId);
}

/** Waits until the deployment has a conversation that passes `test`, and returns it. */
async function waitForConversation(
  sim: SimulatorClient,
  deploymentId: string,
  test: (c: SimConversation) => boolean,
  message: string,
  timeout = 5000,
): Promise<SimConversation> {
  let found: SimConversation | undefined;
  await waitUntil(async () => (found = (await conversationsOf(sim, deploymentId)).find(test)) !== undefined, message, { timeout });
  return found!;
}

/** How many of a conversation's lines are the customer's `text`. */
const customerLines = (conversation: SimConversation | undefined, text: string): number =>
  conversation?.messages.filter(m => m.author === 'customer' && m.text === text).length ?? 0;

/** A chat whose visitor already wrote `opening` and the simulator has it: a session and a conversation exist. */
async function chatWithConversation(options: Parameters<typeof startChat>[0] = {}, opening = 'Hello') {
  const { sim, deploymentId, visitor } = await startChat(options);
  await visitor.say(opening);
  const conversation = await waitForConversation(sim, deploymentId, c => customerLines(c, opening) === 1, 'the opening message never arrived');
  await waitUntil(() => visitor.bubblesWith(opening, 'message-customer').some(isDelivered), 'the opening message was never confirmed');
  return { sim, deploymentId, visitor, conversation };
}

const isDelivered = (bubble: HTMLElement): boolean => !/Sending…|Not delivered/.test(bubble.textContent ?? '');

const occurrences = (haystack: string | null | undefined, needle: string): number => (haystack ?? '').split(needle).length - 1;

describe('end to end: history of a resumed conversation', () => {
  it('resumes after a reload with the newest page, and loads earlier pages by keyboard and by scrolling, every message once and in order', async () => {
    const { sim, deploymentId, visitor: first, conversation } = await chatWithConversation({}, 'Live question');
    await sim.agentSay(conversation.id, 'Live answer');
    await waitUntil(() => first.messages('message-agent').includes('Live answer'), 'the agent reply never showed');
    await sim.seedHistory(conversation.id, 60);
    fixtureCleanup();
    await waitUntil(async () => (await sim.conversationFor(conversation.token))?.connectedSockets === 0, 'the socket was not closed', LEFT);

    const requests: { url: string; authorization: string | null; status: number }[] = [];
    const fetcher = async (url: string, init?: RequestInit) => {
      const response = await fetch(url, init);
      if (url.includes('/api/v2/webmessaging/messages')) {
        requests.push({ url, authorization: new Headers(init?.headers).get('authorization'), status: response.status });
      }
      return response;
    };
    const visitor = await mountWidget(deploymentId, sim.wsUrl, { fetcher });
    await waitUntil(() => visitor.heard('genesys-chat-connected').length === 1, 'the stored session was not resumed');
    expect(visitor.heard('genesys-chat-connected')[0]!.newSession).to.equal(false);
    await visitor.openPanel();

    const older = Array.from({ length: 60 }, (_, i) => `Old message ${i + 1}`);
    // The newest page: the last 25 of the 62 messages.
    await waitUntil(() => visitor.messages().includes('Live answer'), 'the newest page never showed');
    expect(visitor.messages()).to.deep.equal([...older.slice(-23), 'Live question', 'Live answer']);

    // The conversation goes on before the earlier pages are read: they shift by two, and overlap what is shown.
    await sim.agentSay(conversation.id, 'Welcome back');
    await waitUntil(() => visitor.messages('message-agent').includes('Welcome back'), 'the live agent message never showed');
    await visitor.say('After reload');
    await waitUntil(() => visitor.bubblesWith('After reload', 'message-customer').some(isDelivered), 'the live message was never confirmed');

    const jwtRequests = async () => actions(await sim.frames(deploymentId), 'getJwt').length;
    expect(await jwtRequests()).to.equal(1);

    // A keyboard user: focus "Load earlier messages" and press Enter.
    const button = await visitor.find<HTMLButtonElement>('load-earlier-button');
    expect(button.textContent).to.match(/load earlier messages/i);
    button.focus();
    expect(visitor.el.shadowRoot!.activeElement).to.equal(button);
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => visitor.messages()[0] === 'Old message 15', `the second page never showed: ${visitor.messages()[0]}`);
    await waitUntil(() => /load earlier messages/i.test(visitor.part('load-earlier-button')?.textContent ?? ''), 'the button stayed busy');
    expect(visitor.messages()).to.deep.equal([...older.slice(14), 'Live question', 'Live answer', 'Welcome back', 'After reload']);

    expect(await jwtRequests()).to.equal(2);

    // Scrolling to the top of the transcript loads the rest.
    const transcript = visitor.part('transcript')!;
    expect(transcript.scrollHeight).to.be.greaterThan(transcript.clientHeight);
    transcript.scrollTop = 0;
    await waitUntil(() => visitor.messages()[0] === 'Old message 1', `scrolling to the top loaded nothing: ${visitor.messages()[0]}`);
    await waitUntil(() => visitor.part('load-earlier-button') === null, 'more pages were still offered');
    expect(visitor.messages()).to.deep.equal([...older, 'Live question', 'Live answer', 'Welcome back', 'After reload']);

    // One JWT per page, each page fetched with it as a bearer token (the simulator answers 401 otherwise).
    const frames = await sim.frames(deploymentId);
    expect(actions(frames, 'getJwt')).to.have.length(3);
    for (const { frame } of actions(frames, 'getJwt')) {
      expect(frame).to.include({ token: conversation.token });
      expect(await schemaErrors('GetJwtRequest', frame)).to.deep.equal([]);
    }
    expect(requests.map(r => new URL(r.url).searchParams.get('pageNumber'))).to.deep.equal(['1', '2', '3']);
    for (const request of requests) {
      expect(request.authorization).to.match(/^bearer [\w-]+\.[\w-]+\.[\w-]+$/i);
      expect(request.status).to.equal(200);
    }
    expect(new Set(actions(frames, 'configureSession').map(f => f.frame!['token']))).to.deep.equal(new Set([conversation.token]));
  });
});

describe('end to end: quick replies and card buttons', () => {
  it('sends a quick reply as a QuickReply ButtonResponse, shows the choice once, and stops offering the replies', async () => {
    const { sim, deploymentId, visitor, conversation } = await chatWithConversation();
    await sim.agentSample(conversation.id, 'quickReplies');
    await waitUntil(() => visitor.parts('quick-reply').length === 3, 'the quick replies never showed');
    expect(visitor.parts('quick-reply').map(b => b.textContent?.trim())).to.deep.equal(['Yes', 'No', 'Talk to a person']);

    visitor.parts('quick-reply')[0]!.click();
    const answered = await waitForConversation(sim, deploymentId, c => c.messages.some(m => m.content?.[0]?.contentType === 'ButtonResponse'),
      'the simulator never got the choice');
    await waitUntil(() => visitor.bubblesWith('Yes', 'message-customer').every(isDelivered), 'the choice was never confirmed');

    const [frame, ...more] = (await sim.frames(deploymentId)).map(f => f.frame).filter(isButtonResponse);
    expect(more).to.have.length(0);
    expect(messageOf(frame!)!.content![0]!.buttonResponse).to.include({ type: 'QuickReply', text: 'Yes', payload: 'yes' });
    expect(await schemaErrors('SendMessageRequest', frame, waiveTime)).to.deep.equal([]);
    expect(answered.messages.filter(m => m.author === 'customer').map(m => m.text)).to.deep.equal(['Hello', 'Yes']);

    const choices = visitor.bubblesWith('Yes', 'message-customer');
    expect(choices).to.have.length(1);
    expect(occurrences(choices[0]!.textContent, 'Yes')).to.equal(1);
    expect(visitor.parts('quick-reply')).to.have.length(0);
    expect(visitor.messages('message-agent')).to.include('Was this helpful?');
  });

  it('sends a card postback as a Button ButtonResponse, and the card takes no second answer', async () => {
    const { sim, deploymentId, visitor, conversation } = await chatWithConversation();
    await sim.agentSample(conversation.id, 'card');
    const button = await visitor.find<HTMLButtonElement>('card-button');
    expect(button.textContent?.trim()).to.equal('Choose Premium plan');
    expect(button.disabled).to.equal(false);

    button.click();
    await waitForConversation(sim, deploymentId, c => customerLines(c, 'Choose Premium plan') === 1, 'the simulator never got the postback');
    await waitUntil(() => visitor.bubblesWith('Choose Premium plan', 'message-customer').every(isDelivered), 'the postback was never confirmed');

    const [frame, ...more] = (await sim.frames(deploymentId)).map(f => f.frame).filter(isButtonResponse);
    expect(more).to.have.length(0);
    expect(messageOf(frame!)).to.include({ type: 'Structured', text: 'Choose Premium plan' });
    expect(messageOf(frame!)!.content![0]!.buttonResponse).to.include({ type: 'Button', text: 'Choose Premium plan', payload: 'plan-premium' });
    expect(await schemaErrors('SendMessageRequest', frame, waiveTime)).to.deep.equal([]);

    const choices = visitor.bubblesWith('Choose Premium plan', 'message-customer');
    expect(choices).to.have.length(1);
    expect(occurrences(choices[0]!.textContent, 'Choose Premium plan')).to.equal(1);
    expect(visitor.part<HTMLButtonElement>('card-button')!.disabled).to.equal(true);
  });
});

describe('end to end: date and list pickers', () => {
  for (const [kind, part] of [['datePicker', 'date-picker'], ['listPicker', 'list-picker']] as const) {
    it(`answers a ${kind} as the official SDK does, shows the choice once, and the picker takes no second answer`, async () => {
      const { sim, deploymentId, visitor, conversation } = await chatWithConversation();
      await sim.agentSample(conversation.id, kind);
      const picker = await visitor.find<HTMLFormElement>(part);
      const option = picker.querySelector<HTMLInputElement>('input[type="radio"]')!;
      option.click();
      // A list item's label shows its title and description; the choice is its title.
      const chosen = option.dataset['label'] ?? option.closest('label')!.textContent!.trim();
      picker.querySelector<HTMLButtonElement>('button.send')!.click();

      await waitForConversation(sim, deploymentId, c => c.messages.some(m => m.content?.[0]?.contentType === 'ButtonResponse'), 'the simulator never got the choice');
      await waitUntil(() => visitor.bubblesWith(chosen, 'message-customer').length === 1 && visitor.bubblesWith(chosen, 'message-customer').every(isDelivered), `the choice "${chosen}" was never confirmed: ${JSON.stringify(visitor.messages('message-customer'))}`);
      const [frame, ...more] = (await sim.frames(deploymentId)).map(f => f.frame).filter(isButtonResponse);
      expect(more).to.have.length(0);
      expect(messageOf(frame!)).to.include({ type: 'Text', text: '' });
      expect(messageOf(frame!)!.content![0]!.buttonResponse).to.include({ type: kind === 'datePicker' ? 'DatePicker' : 'ListPicker', text: chosen });
      expect(await schemaErrors('SendMessageRequest', frame, waiveTime)).to.deep.equal([]);
      expect(visitor.bubblesWith(chosen, 'message-customer')).to.have.length(1);
      const answered = visitor.part<HTMLFormElement>(part)!;
      expect([...answered.querySelectorAll<HTMLInputElement>('input, button')].every(e => e.matches(':disabled'))).to.equal(true);
    });
  }
});

describe('end to end: links to the agent\'s files expire', () => {
  it('asks for a fresh link (getAttachment) when a picture\'s link has expired, and shows the picture', async () => {
    const { sim, deploymentId, visitor, conversation } = await chatWithConversation({ downloadUrlSeconds: 0 });
    // The picture goes out with a link that has already expired; the fresh one will last.
    await sim.setFaults(conversation.token, { withhold: true });
    await sim.agentSample(conversation.id, 'image');
    await sim.updateDeployment(deploymentId, { downloadUrlSeconds: 600 });
    await sim.clearFaults(conversation.token);

    await visitor.find<HTMLImageElement>('attachment-image');
    await waitUntil(() => {
      const img = visitor.part<HTMLImageElement>('attachment-image');
      return !!img && img.complete && img.naturalWidth > 0;
    }, 'the picture never showed');
    const asked = actions(await sim.frames(deploymentId), 'getAttachment');
    expect(asked).to.have.length(1);
    expect(await schemaErrors('GenerateDownloadUrlRequest', asked[0]!.frame)).to.deep.equal([]);
    // The link the message came with is not the one shown.
    const sent = (await sim.conversationFor(conversation.token))!.messages.at(-1)!.content![0] as { attachment: { url: string } };
    expect(visitor.part<HTMLImageElement>('attachment-image')!.src).to.not.equal(sent.attachment.url);
  });
});

describe('end to end: session expiry', () => {
  it('says the session expired, clears the transcript, and sends the next message once in a new session', async () => {
    const { sim, deploymentId, visitor, conversation } = await chatWithConversation({}, 'Before the break');
    await sim.agentSay(conversation.id, 'Take your time');
    await waitUntil(() => visitor.messages('message-agent').includes('Take your time'), 'the agent reply never showed');

    await sim.expireSession(conversation.token);
    await waitUntil(() => /inactivity/i.test(visitor.part('notice')?.textContent ?? ''), 'the widget never said the session expired');
    expect(visitor.parts('message')).to.have.length(0);
    expect(visitor.heard('genesys-chat-error').map(e => e.code)).to.include('session-expired');
    await waitUntil(() => visitor.el.state === 'connected', `never connected again: ${visitor.el.state}`);

    await visitor.say('After the break');
    const next = await waitForConversation(sim, deploymentId, c => customerLines(c, 'After the break') > 0, 'the next message never arrived');
    await waitUntil(() => visitor.bubblesWith('After the break', 'message-customer').every(isDelivered), 'the next message was never confirmed');
    expect(next.token).to.not.equal(conversation.token);
    expect(customerLines(next, 'After the break')).to.equal(1);
    expect(next.messages.map(m => m.text)).to.deep.equal(['After the break']);

    const old = (await conversationsOf(sim, deploymentId)).find(c => c.id === conversation.id)!;
    expect(old).to.include({ status: 'ended', expired: true, endedBy: null });
    expect(old.messages.map(m => m.text)).to.deep.equal(['Before the break', 'Take your time']);

    const frames = await sim.frames(deploymentId);
    const sentAgain = textFrames(frames, 'After the break');
    expect(sentAgain).to.have.length(1);
    expect(sentAgain[0]!.frame).to.include({ token: next.token });
    expect(visitor.messages()).to.deep.equal(['After the break']);
    expect(visitor.part('notice')).to.equal(null);
  });

  it('makes no session when the server answers a resumed token with 4006; opening the chat starts clean', async () => {
    const { sim, deploymentId, conversation, visitor: before } = await chatWithConversation({}, 'From last week');
    // Minimised before the reload: a panel left open would open again, and opening asks for a session.
    before.el.minimize();
    await before.el.updateComplete;
    fixtureCleanup();
    await waitUntil(async () => (await sim.conversationFor(conversation.token))?.connectedSockets === 0, 'the socket was not closed', LEFT);
    await sim.updateDeployment(deploymentId, { sessionError: 4006 });

    const visitor = await mountWidget(deploymentId, sim.wsUrl);
    const configures = async () => actions(await sim.frames(deploymentId), 'configureSession').map(f => String(f.frame!['token']));
    await waitUntil(async () => (await configures()).length === 2, 'the stored session was never resumed');
    await waitUntil(() => visitor.el.state === 'idle', 'the widget did not go back to its launcher');
    // Nothing was made of the gone session, and the visitor was not bothered.
    expect(await configures()).to.deep.equal([conversation.token, conversation.token]);
    expect(visitor.heard('genesys-chat-error')).to.have.length(0);

    await visitor.openPanel();
    await waitUntil(async () => (await configures()).length === 3, 'opening the chat did not start a session');
    const renewed = (await configures())[2]!;
    expect(renewed).to.not.equal(conversation.token);
    expect(visitor.parts('message')).to.have.length(0);
    // Nothing of the old session is asked for.
    expect(actions(await sim.frames(deploymentId), 'getJwt')).to.have.length(0);

    await visitor.say('Fresh start');
    const next = await waitForConversation(sim, deploymentId, c => c.token === renewed, 'the message never opened a conversation');
    await waitUntil(() => visitor.bubblesWith('Fresh start', 'message-customer').every(isDelivered), 'the message was never confirmed');
    expect(next.messages.map(m => m.text)).to.deep.equal(['Fresh start']);
    expect(textFrames(await sim.frames(deploymentId), 'Fresh start')).to.have.length(1);
    expect(visitor.messages()).to.deep.equal(['Fresh start']);
  });
});

describe('end to end: auto-start and custom attributes', () => {
  it('opens the conversation with Presence Join carrying the page\'s custom attributes, and shows the greeting', async () => {
    const sim = await simulator();
    const { deploymentId } = await sim.createDeployment({ autoStart: true, greeting: 'Hello! What can we do for you?', greetingQuickReplies: ['Billing', 'Sales'] });
    const visitor = await mountWidget(deploymentId, sim.wsUrl, { customAttributes: '{"customerId":"42","plan":"gold"}' });
    await visitor.openPanel();

    await waitUntil(() => visitor.messages('message-bot').includes('Hello! What can we do for you?'), 'the greeting never showed');
    await waitUntil(() => visitor.parts('quick-reply').length === 2, 'the greeting\'s quick replies never showed');
    expect(visitor.parts('quick-reply').map(b => b.textContent?.trim())).to.deep.equal(['Billing', 'Sales']);

    const joins = (await sim.frames(deploymentId)).map(f => f.frame).filter(isJoin);
    expect(joins).to.have.length(1);
    expect(messageOf(joins[0]!)!.channel?.metadata?.customAttributes).to.deep.equal({ customerId: '42', plan: 'gold' });
    expect(await schemaErrors('SendMessageRequest', joins[0], waiveTime)).to.deep.equal([]);

    const [conversation, ...others] = await conversationsOf(sim, deploymentId);
    expect(others).to.have.length(0);
    expect(conversation).to.include({ joined: true, status: 'open' });
    expect(conversation!.customAttributes).to.deep.equal({ customerId: '42', plan: 'gold' });
    expect(visitor.heard('genesys-chat-error')).to.deep.equal([]);
  });

  it('does not send attributes over the session\'s limit, says so once, and the chat still works', async () => {
    const sim = await simulator();
    // The session says its limit (maxCustomDataBytes), as the official SDK reads it; without it, a 4013 tells.
    const { deploymentId } = await sim.createDeployment({ autoStart: true, greeting: 'Welcome!', maxCustomDataBytes: 64, sessionResponse: 'full' });
    const note = 'x'.repeat(100);
    const visitor = await mountWidget(deploymentId, sim.wsUrl, { customAttributes: JSON.stringify({ note }) });
    await visitor.openPanel();

    await waitUntil(() => visitor.messages('message-bot').includes('Welcome!'), 'the greeting never showed');
    await waitUntil(() => visitor.heard('genesys-chat-error').length > 0, 'no error was reported');
    expect(visitor.heard('genesys-chat-error').map(e => e.code)).to.deep.equal(['custom-attributes-too-large']);

    await visitor.say('Can you hear me?');
    const conversation = await waitForConversation(sim, deploymentId, c => customerLines(c, 'Can you hear me?') === 1, 'the message never arrived');
    await waitUntil(() => visitor.bubblesWith('Can you hear me?', 'message-customer').every(isDelivered), 'the message was never confirmed');
    expect(conversation).to.include({ joined: true });
    expect(conversation.customAttributes).to.deep.equal({});

    const frames = await sim.frames(deploymentId);
    const joins = frames.map(f => f.frame).filter(isJoin);
    expect(joins).to.have.length(1);
    expect(messageOf(joins[0]!)!.channel).to.equal(undefined);
    expect(textFrames(frames, 'Can you hear me?')).to.have.length(1);
    expect(messageOf(textFrames(frames, 'Can you hear me?')[0]!.frame)!.channel).to.equal(undefined);
    expect(frames.some(f => f.raw.includes(note))).to.equal(false);
    expect(visitor.heard('genesys-chat-error').map(e => e.code)).to.deep.equal(['custom-attributes-too-large']);
  });
});

describe('end to end: markdown', () => {
  const text = 'This is **important**, see [the guide](https://example.com/guide)';

  async function agentWrites(markdown: boolean): Promise<{ visitor: Visitor; bubble: HTMLElement }> {
    const { sim, visitor, conversation } = await chatWithConversation({ markdown }, 'Show me **stars**');
    await sim.agentSay(conversation.id, text);
    await waitUntil(() => visitor.parts('message-agent').length === 1, 'the agent message never showed');
    return { visitor, bubble: visitor.parts('message-agent')[0]! };
  }

  it('renders the agent\'s markdown when the deployment turns it on, with links opening safely in a new tab', async () => {
    const { visitor, bubble } = await agentWrites(true);
    await waitUntil(() => bubble.querySelector('strong') !== null, 'the bold text was not rendered');
    expect(bubble.querySelector('strong')!.textContent).to.equal('important');
    const link = bubble.querySelector('a')!;
    expect(link.textContent).to.equal('the guide');
    expect(link.getAttribute('href')).to.equal('https://example.com/guide');
    expect(link.target).to.equal('_blank');
    expect(link.rel.split(/\s+/)).to.include.members(['noopener', 'noreferrer']);
    expect(bubble.textContent).to.not.include('**');
    // The visitor's own words are never rendered as markdown.
    expect(visitor.messages('message-customer')).to.deep.equal(['Show me **stars**']);
  });

  it('shows the same text literally when the deployment leaves markdown off', async () => {
    const { visitor, bubble } = await agentWrites(false);
    expect(visitor.messages('message-agent')).to.deep.equal([text]);
    expect(bubble.querySelector('strong')).to.equal(null);
    expect(bubble.querySelector('a')).to.equal(null);
  });
});

describe('end to end: delivery of the visitor\'s messages', () => {
  // Genesys often names no request in its answers (§4.9): the same must hold either way.
  for (const tagAnswers of [true, false]) {
    const untagged = tagAnswers ? '' : ' (answers without tracingId)';

    it(`shows a message the server finds too long as not delivered, without a retry${untagged}`, async () => {
      const { sim, deploymentId, visitor, conversation } = await chatWithConversation({ tagAnswers });
      await sim.failNext(conversation.token, { code: 4011 });
      await visitor.say('A long story');

      await waitUntil(() => /Not delivered/.test(visitor.bubblesWith('A long story', 'message-customer')[0]?.textContent ?? ''),
        'the message was never shown as not delivered');
      const bubble = visitor.bubblesWith('A long story', 'message-customer')[0]!;
      expect(bubble.textContent).to.match(/too long/i);
      expect(bubble.querySelector('[part~="retry-message-button"]')).to.equal(null);
      expect(visitor.heard('genesys-chat-error').map(e => [e.code, e.serverCode])).to.deep.include(['message-too-long', 4011]);

      // The chat goes on, and the refused message is not sent again with the next one.
      await visitor.say('In short');
      await waitForConversation(sim, deploymentId, c => customerLines(c, 'In short') === 1, 'the next message never arrived');
      const frames = await sim.frames(deploymentId);
      expect(textFrames(frames, 'A long story')).to.have.length(1);
      expect(customerLines((await sim.conversationFor(conversation.token))!, 'A long story')).to.equal(0);
    });

    it(`sends a rate-limited message again by itself after the server's wait, and delivers it once${untagged}`, async () => {
      const { sim, deploymentId, visitor, conversation } = await chatWithConversation({ tagAnswers });
      await sim.failNext(conversation.token, { code: 429, retryAfter: 1 });
      const before = Date.now();
      await visitor.say('Not so fast');

      await waitUntil(() => visitor.heard('genesys-chat-error').some(e => e.code === 'rate-limited' && e.serverCode === 429),
        'the rate limit was not reported');
      // Waiting is not failing: the message is still on its way, with nothing for the visitor to do.
      expect(visitor.bubblesWith('Not so fast', 'message-customer')[0]!.textContent).to.not.match(/Not delivered/);
      expect(visitor.part('retry-message-button')).to.equal(null);
      await waitForConversation(sim, deploymentId, c => customerLines(c, 'Not so fast') > 0, 'the message was never sent again', 5000);
      await waitUntil(() => visitor.bubblesWith('Not so fast', 'message-customer').every(isDelivered), 'the message was never confirmed');
      expect(Date.now() - before).to.be.at.least(1000);
      expect(customerLines(await sim.conversationFor(conversation.token), 'Not so fast')).to.equal(1);
      expect(visitor.bubblesWith('Not so fast', 'message-customer')).to.have.length(1);
      expect(visitor.part('retry-message-button')).to.equal(null);

      const attempts = textFrames(await sim.frames(deploymentId), 'Not so fast');
      expect(attempts).to.have.length(2);
      expect(attempts[1]!.frame!['tracingId']).to.equal(attempts[0]!.frame!['tracingId']);
    });
  }

  it('delivers each message exactly once and shows it once when no echo names its message, the same words twice too', async () => {
    const { sim, deploymentId, visitor, conversation } = await chatWithConversation({ tagAnswers: false });
    await visitor.say('Same again');
    await visitor.say('Something else');
    await visitor.say('Same again');

    await waitForConversation(sim, deploymentId, c => customerLines(c, 'Same again') === 2 && customerLines(c, 'Something else') === 1,
      'the messages never all arrived');
    await waitUntil(() => visitor.parts('message-customer').every(isDelivered), 'the messages were never all confirmed');
    expect(visitor.messages('message-customer')).to.deep.equal(['Hello', 'Same again', 'Something else', 'Same again']);
    expect(visitor.part('retry-message-button')).to.equal(null);
    const frames = await sim.frames(deploymentId);
    expect(textFrames(frames, 'Same again')).to.have.length(2);
    expect(textFrames(frames, 'Something else')).to.have.length(1);
    expect((await sim.conversationFor(conversation.token))!.messages.filter(m => m.author === 'customer')).to.have.length(4);
  });

  it('offers to send a message the server failed on again, and delivers it once', async () => {
    const { sim, deploymentId, visitor, conversation } = await chatWithConversation();
    await sim.failNext(conversation.token, { code: 5000 });
    await visitor.say('Second try');

    const retry = await visitor.find<HTMLButtonElement>('retry-message-button');
    expect(visitor.bubblesWith('Second try', 'message-customer')[0]!.textContent).to.match(/Not delivered/);
    expect(customerLines(await sim.conversationFor(conversation.token), 'Second try')).to.equal(0);

    retry.click();
    await waitForConversation(sim, deploymentId, c => customerLines(c, 'Second try') > 0, 'the retried message never arrived');
    await waitUntil(() => visitor.bubblesWith('Second try', 'message-customer').every(isDelivered), 'the retried message was never confirmed');
    expect(customerLines(await sim.conversationFor(conversation.token), 'Second try')).to.equal(1);
    expect(visitor.bubblesWith('Second try', 'message-customer')).to.have.length(1);
    expect(visitor.part('retry-message-button')).to.equal(null);

    // Both attempts are one message: the same tracingId, so the server can tell a retry from a new message.
    const attempts = textFrames(await sim.frames(deploymentId), 'Second try');
    expect(attempts).to.have.length(2);
    expect(attempts[1]!.frame!['tracingId']).to.equal(attempts[0]!.frame!['tracingId']);
  });
});

describe('end to end: errors the server reports unasked', () => {
  it('tells the visitor about a server error, reports it with its code, and the chat goes on', async () => {
    const { sim, deploymentId, visitor, conversation } = await chatWithConversation();
    await sim.pushError(conversation.token, 5000);

    await waitUntil(() => visitor.part('notice') !== null, 'no notice was shown');
    expect(visitor.part('notice')!.textContent).to.match(/something went wrong/i);
    const errors = visitor.heard('genesys-chat-error');
    expect(errors).to.have.length(1);
    expect(errors[0]).to.include({ code: 'server-error', serverCode: 5000, recoverable: true });
    expect(visitor.el.state).to.equal('connected');

    await visitor.say('Are you still there?');
    await waitForConversation(sim, deploymentId, c => customerLines(c, 'Are you still there?') === 1, 'the next message never arrived');
    await sim.agentSay(conversation.id, 'Yes, still here');
    await waitUntil(() => visitor.messages('message-agent').includes('Yes, still here'), 'the agent reply never showed');
    expect(visitor.bubblesWith('Are you still there?', 'message-customer').every(isDelivered)).to.equal(true);
  });
});
