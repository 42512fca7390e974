// @ts-check
/**
 * The agent console: the simulator's conversations, live over Server-Sent Events, and the agent's
 * controls. Data is only ever written with textContent and DOM APIs. Cards are kept per
 * conversation and updated in place, so an update never eats a reply being typed or moves focus.
 */

/**
 * @typedef {{ id: string, author: 'customer' | 'agent' | 'bot', text: string, time: string }} Line
 * @typedef {{ id: string, deploymentId: string, token: string, status: 'open' | 'ended', endedBy: 'customer' | 'agent' | null,
 *   clearRequests: number, connectedSockets: number, customerTyping: boolean, agentTyping?: boolean,
 *   messages: Line[], startedAt: string, endedAt: string | null, readOnly?: boolean }} Conversation
 */

const DEMO_DEPLOYMENT_ID = '5c0a3f8e-9d2b-4f7e-8a61-3b2d9e4c7f10';
const AUTHOR = { customer: 'Customer', agent: 'Agent', bot: 'Bot' };

/** @template {Element} T @param {ParentNode} root @param {string} selector @returns {T} */
const $ = (root, selector) => /** @type {T} */ (root.querySelector(selector));

const list = /** @type {HTMLElement} */ ($(document, '#conversations'));
const empty = /** @type {HTMLElement} */ ($(document, '#empty'));
const feedStatus = /** @type {HTMLElement} */ ($(document, '#feed-status'));
const agentName = /** @type {HTMLInputElement} */ ($(document, '#agent-name'));
const template = /** @type {HTMLTemplateElement} */ ($(document, '#conversation-template'));

const short = (/** @type {string} */ id) => id.slice(0, 8);
const clock = (/** @type {string} */ iso) => new Date(iso).toLocaleTimeString();

/** @param {Conversation} c @returns {[string, string]} the status in words, and its style */
function statusOf(c) {
  if (c.status === 'ended') {
    return c.endedBy === 'customer'
      ? ['Ended by the customer (Clear acknowledged)', 'ended-customer']
      : c.readOnly
        ? ['Ended by the agent (session read-only)', 'ended-agent']
        : ['Ended by the agent', 'ended-agent'];
  }
  if (c.connectedSockets > 0) {
    const extra = c.connectedSockets > 1 ? ` (${c.connectedSockets} connections)` : '';
    return [`Open — customer connected${extra}`, 'open-connected'];
  }
  return ['Open — no customer connected (abandoned: still routed to you)', 'open-abandoned'];
}

/** @param {string} path @param {unknown} [body] */
async function post(path, body = {}) {
  const response = await fetch(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (!response.ok) {
    const reason = await response.json().catch(() => ({ error: response.statusText }));
    throw new Error(reason.error ?? `HTTP ${response.status}`);
  }
  return response.json();
}

const sender = () => {
  const name = agentName.value.trim() || 'Agent';
  return { nickname: name, firstName: name };
};

class Card {
  /** @type {Set<string>} */
  #shown = new Set();

  /** @param {Conversation} c */
  constructor(c) {
    this.id = c.id;
    const fragment = /** @type {DocumentFragment} */ (template.content.cloneNode(true));
    this.el = /** @type {HTMLElement} */ ($(fragment, 'article'));
    const titleId = `title-${c.id}`;
    this.el.setAttribute('aria-labelledby', titleId);
    const title = $(this.el, '.title');
    title.id = titleId;
    title.textContent = `Conversation ${short(c.id)}`;
    this.status = $(this.el, '.status');
    this.facts = $(this.el, '.facts');
    this.typing = $(this.el, '.typing');
    this.transcript = $(this.el, '.transcript');
    this.transcript.setAttribute('aria-label', `Transcript of conversation ${short(c.id)}`);
    this.form = /** @type {HTMLFormElement} */ ($(this.el, '.reply'));
    this.text = /** @type {HTMLTextAreaElement} */ ($(this.el, '.reply-text'));
    this.text.id = `reply-${c.id}`;
    /** @type {HTMLLabelElement} */ ($(this.el, '.reply-label')).htmlFor = this.text.id;
    this.typingToggle = /** @type {HTMLButtonElement} */ ($(this.el, '.typing-toggle'));
    this.disconnect = /** @type {HTMLButtonElement} */ ($(this.el, '.disconnect'));
    this.disconnectReadOnly = /** @type {HTMLButtonElement} */ ($(this.el, '.disconnect-read-only'));
    this.dropCode = /** @type {HTMLSelectElement} */ ($(this.el, '.drop-code'));
    this.drop = /** @type {HTMLButtonElement} */ ($(this.el, '.drop'));
    this.error = $(this.el, '.error');
    this.token = c.token;
    this.#wire();
  }

  /** Runs an agent action, showing its failure on the card. @param {() => Promise<unknown>} action */
  async #act(action) {
    this.error.textContent = '';
    try {
      await action();
    } catch (error) {
      this.error.textContent = `Could not do that: ${error instanceof Error ? error.message : String(error)}`;
    }
  }

  #wire() {
    const base = `/sim/conversations/${encodeURIComponent(this.id)}`;
    this.form.addEventListener('submit', event => {
      event.preventDefault();
      const text = this.text.value.trim();
      if (!text) return;
      void this.#act(async () => {
        await post(`${base}/messages`, { text, from: sender() });
        this.text.value = '';
      });
    });
    this.text.addEventListener('keydown', event => {
      if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        this.form.requestSubmit();
      }
    });
    this.typingToggle.addEventListener('click', () => {
      const on = this.typingToggle.getAttribute('aria-pressed') !== 'true';
      void this.#act(() => post(`${base}/typing`, { on }));
    });
    // "Disconnect" keeps the session writable (Send); the other makes it read-only (ReadOnly).
    this.disconnect.addEventListener('click', () => void this.#act(() => post(`${base}/disconnect`, { from: sender(), mode: 'Send' })));
    this.disconnectReadOnly.addEventListener('click', () =>
      void this.#act(() => post(`${base}/disconnect`, { from: sender(), mode: 'ReadOnly' })),
    );
    this.drop.addEventListener('click', () =>
      void this.#act(() => post(`/sim/sessions/${encodeURIComponent(this.token)}/drop`, { code: Number(this.dropCode.value) })),
    );
  }

  /** @param {Conversation} c */
  update(c) {
    const [words, style] = statusOf(c);
    this.status.textContent = words;
    this.el.dataset['status'] = style;

    const facts = [
      ['Deployment', c.deploymentId === DEMO_DEPLOYMENT_ID ? `demo (${short(c.deploymentId)})` : short(c.deploymentId)],
      ['Session token', short(c.token)],
      ['Started', clock(c.startedAt)],
      ...(c.endedAt ? [['Ended', clock(c.endedAt)]] : []),
      ['Clear requests', c.clearRequests === 0 ? 'none' : String(c.clearRequests) + (c.status === 'open' ? ' (not acknowledged yet)' : '')],
    ];
    this.facts.replaceChildren(
      ...facts.flatMap(([term, value]) => {
        const dt = document.createElement('dt');
        dt.textContent = term;
        const dd = document.createElement('dd');
        dd.textContent = value;
        return [dt, dd];
      }),
    );

    this.typing.textContent = c.customerTyping ? 'The customer is typing…' : '';

    for (const line of c.messages) {
      if (this.#shown.has(line.id)) continue;
      this.#shown.add(line.id);
      const item = document.createElement('li');
      item.className = `line ${line.author}`;
      const who = document.createElement('span');
      who.className = 'who';
      who.textContent = AUTHOR[line.author] ?? line.author;
      const time = document.createElement('time');
      time.dateTime = line.time;
      time.textContent = clock(line.time);
      const text = document.createElement('p');
      text.className = 'text';
      text.textContent = line.text;
      item.append(who, time, text);
      this.transcript.append(item);
    }
    if (c.messages.length === 0 && !this.transcript.firstChild) {
      const item = document.createElement('li');
      item.className = 'line none';
      item.textContent = 'No messages yet.';
      this.transcript.append(item);
    } else {
      this.transcript.querySelector('.none')?.remove();
    }

    const open = c.status === 'open';
    this.form.hidden = !open;
    this.typingToggle.setAttribute('aria-pressed', String(Boolean(c.agentTyping)));
    this.typingToggle.textContent = c.agentTyping ? 'Typing: on' : 'Typing: off';
    this.drop.disabled = c.connectedSockets === 0;
  }
}

/** @type {Map<string, Card>} */
const cards = new Map();

/** @param {Conversation[]} conversations newest first */
function render(conversations) {
  empty.hidden = conversations.length > 0;
  /** @type {Element | null} */
  let previous = null;
  for (const c of conversations) {
    let card = cards.get(c.id);
    if (!card) {
      card = new Card(c);
      cards.set(c.id, card);
    }
    card.update(c);
    // Newest-first order never changes for existing cards, so only new ones are inserted.
    /** @type {Element | null} */
    const expected = previous ? previous.nextElementSibling : list.firstElementChild;
    if (expected !== card.el) list.insertBefore(card.el, expected);
    previous = card.el;
  }
}

const feed = new EventSource('/sim/events');
feed.addEventListener('open', () => {
  feedStatus.textContent = 'Live';
  feedStatus.dataset['state'] = 'live';
});
feed.addEventListener('error', () => {
  feedStatus.textContent = 'Lost the simulator, reconnecting…';
  feedStatus.dataset['state'] = 'lost';
});
feed.addEventListener('message', event => {
  const state = JSON.parse(event.data);
  render(state.conversations);
});
