// @ts-check
/**
 * The agent console: the simulator's conversations, live over Server-Sent Events, and the agent's
 * controls. Data is only ever written with textContent and DOM APIs. Cards are kept per
 * conversation and updated in place, so an update never eats a reply being typed or moves focus.
 */

/**
 * @typedef {Record<string, any>} Content one swagger `MessageContent` entry, as the simulator recorded it
 * @typedef {{ id: string, author: 'customer' | 'agent' | 'bot', text: string, time: string, content?: Content[] }} Line
 * @typedef {{ id: string, deploymentId: string, token: string, status: 'open' | 'ended', endedBy: 'customer' | 'agent' | null,
 *   clearRequests: number, connectedSockets: number, customerTyping: boolean, agentTyping?: boolean,
 *   messages: Line[], startedAt: string, endedAt: string | null, readOnly?: boolean,
 *   joined?: boolean, customAttributes?: Record<string, string>, expired?: boolean, maxConnectedSockets?: number }} Conversation
 * @typedef {{ deploymentId: string, clearAllowed: boolean, typingEnabled: boolean, autoStart: boolean, markdown: boolean,
 *   fileUpload: boolean, tagAnswers: boolean, sessionResponse: 'minimal' | 'full', messagesPerSecond: number,
 *   allowedDomains: string[], uploadResult: 'success' | 'failure', disconnectMode: 'Send' | 'ReadOnly', greeting: string | null }} Deployment
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
  if (c.expired) return ['Ended: the guest session expired', 'ended-expired'];
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

/** @param {'GET' | 'POST' | 'PATCH' | 'DELETE'} method @param {string} path @param {unknown} [body] */
async function request(method, path, body) {
  const response = await fetch(path, {
    method,
    ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
  });
  if (!response.ok) {
    const reason = await response.json().catch(() => ({ error: response.statusText }));
    throw new Error(reason.error ?? `HTTP ${response.status}`);
  }
  return response.json();
}

/** @param {string} path @param {unknown} [body] */
const post = (path, body = {}) => request('POST', path, body);

/** @param {string} tag @param {string} [className] @param {string} [text] */
function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

/** A rich content entry in a few words, for the transcript. @param {Content} entry @returns {string} */
function describe(entry) {
  const titles = (/** @type {Record<string, any>[] | undefined} */ items, /** @type {string} */ key) =>
    (items ?? []).map(item => String(item?.[key] ?? '')).filter(Boolean).join(', ');
  switch (entry['contentType']) {
    case 'QuickReply':
      return `Quick reply: ${entry['quickReply']?.text ?? '?'}`;
    case 'Card':
      return `Card: ${entry['card']?.title ?? '?'} (buttons: ${titles(entry['card']?.actions, 'text') || 'none'})`;
    case 'Carousel':
      return `Carousel of ${entry['carousel']?.cards?.length ?? 0} cards: ${titles(entry['carousel']?.cards, 'title')}`;
    case 'DatePicker': {
      const times = (entry['datePicker']?.availableTimes ?? []).map((/** @type {{ dateTime: string }} */ t) => new Date(t.dateTime).toLocaleString());
      return `Date picker: ${entry['datePicker']?.title ?? ''} (${times.join('; ')})`;
    }
    case 'ListPicker': {
      const sections = entry['listPicker']?.sections ?? [];
      const items = sections.flatMap((/** @type {{ items?: Record<string, any>[] }} */ section) => section.items ?? []);
      return `List picker: ${entry['listPicker']?.receivedMessage?.title ?? ''} (${titles(items, 'title')})`;
    }
    case 'Attachment': {
      const a = entry['attachment'] ?? {};
      return `Attachment: ${a.filename ?? a.url ?? '?'}${a.mime ? ` (${a.mime})` : ''}`;
    }
    case 'ButtonResponse': {
      const b = entry['buttonResponse'] ?? {};
      return `Chose "${b.text ?? ''}" (${b.type ?? 'button'}, payload ${JSON.stringify(b.payload ?? '')})`;
    }
    default:
      return `${entry['contentType']} content`;
  }
}

/** An http(s) URL as given, or null for anything else (no `javascript:` links). @param {unknown} value */
function webUrl(value) {
  if (typeof value !== 'string') return null;
  try {
    const url = new URL(value, location.href);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url : null;
  } catch {
    return null;
  }
}

/**
 * An attachment as a link to its file (the name is the link text), its type, and a thumbnail for
 * images the simulator itself serves (the page's policy allows no other images).
 * @param {Record<string, any>} attachment @returns {HTMLLIElement}
 */
function attachmentItem(attachment) {
  const item = /** @type {HTMLLIElement} */ (element('li', 'attachment'));
  const url = webUrl(attachment['url']);
  const name = String(attachment['filename'] ?? url?.pathname.split('/').pop() ?? 'file');
  item.append('Attachment: ');
  if (url) {
    const link = /** @type {HTMLAnchorElement} */ (element('a', undefined, name));
    link.href = url.href;
    link.rel = 'noopener noreferrer';
    link.target = '_blank';
    item.append(link);
  } else {
    item.append(name);
  }
  if (attachment['mime']) item.append(` (${String(attachment['mime'])})`);
  if (attachment['mediaType'] === 'Image' && url && url.origin === location.origin) {
    const image = /** @type {HTMLImageElement} */ (element('img', 'thumbnail'));
    image.src = url.href;
    image.alt = name;
    item.append(image);
  }
  return item;
}

/**
 * The content of a transcript line: one item per entry, quick replies together, attachments as
 * links to their files.
 * @param {Content[]} content
 */
function contentList(content) {
  const list = element('ul', 'content');
  const replies = content.filter(c => c['contentType'] === 'QuickReply');
  if (replies.length) list.append(element('li', undefined, `Quick replies: ${replies.map(c => c['quickReply']?.text ?? '?').join(' · ')}`));
  for (const entry of content) {
    if (entry['contentType'] === 'QuickReply') continue;
    const attachment = entry['attachment'];
    if (entry['contentType'] === 'Attachment' && attachment && typeof attachment === 'object') list.append(attachmentItem(attachment));
    else list.append(element('li', undefined, describe(entry)));
  }
  return list;
}

/** @param {string} text @param {string} [title] */
function button(text, title) {
  const node = /** @type {HTMLButtonElement} */ (element('button', undefined, text));
  node.type = 'button';
  if (title) node.title = title;
  return node;
}

/** A control inside its label. @param {string} text @param {HTMLInputElement} control @param {boolean} [after] the text after the control */
function labelled(text, control, after = false) {
  const label = element('label');
  if (after) label.append(control, ` ${text}`);
  else label.append(`${text} `, control);
  return label;
}

/** @param {string} type @param {Record<string, string>} [attributes] */
function input(type, attributes = {}) {
  const node = /** @type {HTMLInputElement} */ (element('input'));
  node.type = type;
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  return node;
}

/**
 * The network faults of "Make trouble": what happens to the frames sent to the customer, and to
 * the customer's connections. Built with DOM calls only, like everything else on the page.
 * @param {HTMLElement} trouble the fieldset they go in
 */
function faultControls(trouble) {
  const controls = {
    delay: input('number', { min: '0', max: '60000', step: '100', value: '0' }),
    duplicate: input('checkbox'),
    reorder: input('checkbox'),
    withhold: input('checkbox'),
    apply: button('Apply', 'Slow, duplicate, reorder or withhold every frame sent to this customer (all off: back to normal)'),
    release: button('Release', 'Send the withheld frames, in order'),
    closeLimit: button('Close connection (SessionLimitReached)', 'ConnectionClosedEvent, as when a session has too many connections; then the server closes them'),
    closeSignedIn: button('Close connection (signedIn)', 'ConnectionClosedEvent, as when the customer signed in elsewhere; then the server closes them'),
    refuse: button('Refuse reconnects for 30 s', 'New connections to this deployment get HTTP 503 for 30 seconds'),
  };
  const frameRow = element('div', 'actions');
  frameRow.append(
    element('span', undefined, 'Slow/duplicate/reorder/withhold frames:'),
    labelled('Delay (ms)', controls.delay),
    labelled('Duplicate', controls.duplicate, true),
    labelled('Reorder', controls.reorder, true),
    labelled('Withhold', controls.withhold, true),
    controls.apply,
    controls.release,
  );
  const connectionRow = element('div', 'actions');
  connectionRow.append(controls.closeLimit, controls.closeSignedIn, controls.refuse);
  trouble.append(frameRow, connectionRow);
  return controls;
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
    this.samples = /** @type {HTMLButtonElement[]} */ ([...this.el.querySelectorAll('[data-sample]')]);
    this.failCode = /** @type {HTMLSelectElement} */ ($(this.el, '.fail-code'));
    this.failNext = /** @type {HTMLButtonElement} */ ($(this.el, '.fail-next'));
    this.pushCode = /** @type {HTMLSelectElement} */ ($(this.el, '.push-code'));
    this.pushError = /** @type {HTMLButtonElement} */ ($(this.el, '.push-error'));
    this.expire = /** @type {HTMLButtonElement} */ ($(this.el, '.expire'));
    this.seedHistory = /** @type {HTMLButtonElement} */ ($(this.el, '.seed-history'));
    this.deploymentId = c.deploymentId;
    this.faultControls = faultControls(/** @type {HTMLElement} */ ($(this.el, '.trouble')));
    this.attributes = $(this.el, '.attributes-list');
    this.notice = $(this.el, '.notice');
    this.error = $(this.el, '.error');
    this.token = c.token;
    this.#wire();
  }

  /**
   * Runs an agent action, showing its failure on the card, or `done` (what happened, or how to
   * tell it from the action's answer) on success.
   * @param {() => Promise<unknown>} action @param {string | ((answer: any) => string)} [done]
   */
  async #act(action, done) {
    this.error.textContent = '';
    this.notice.textContent = '';
    try {
      const answer = await action();
      if (done) this.notice.textContent = typeof done === 'function' ? done(answer) : done;
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
    const session = `/sim/sessions/${encodeURIComponent(this.token)}`;
    this.drop.addEventListener('click', () =>
      void this.#act(() => post(`${session}/drop`, { code: Number(this.dropCode.value) })),
    );
    for (const button of this.samples) {
      button.addEventListener('click', () =>
        void this.#act(() => post(`${base}/samples/${encodeURIComponent(String(button.dataset['sample']))}`, { from: sender() })),
      );
    }
    this.failNext.addEventListener('click', () => {
      const code = Number(this.failCode.value);
      void this.#act(() => post(`${session}/fail-next`, { code }), `The customer's next message will get ${code}.`);
    });
    this.pushError.addEventListener('click', () => {
      const code = Number(this.pushCode.value);
      void this.#act(() => post(`${session}/error`, { code }), `Error ${code} pushed to the customer.`);
    });
    this.expire.addEventListener('click', () => void this.#act(() => post(`${session}/expire`)));
    this.seedHistory.addEventListener('click', () =>
      void this.#act(() => post(`${base}/history`, { count: 60 }), 'Added 60 earlier messages: reload the customer\'s page and scroll up to read them.'),
    );
    this.#wireFaults(session);
  }

  /** @param {string} session the session's control path */
  #wireFaults(session) {
    const controls = this.faultControls;
    controls.apply.addEventListener('click', () => {
      const faults = {
        delayMs: Math.max(0, Math.min(60000, Math.round(Number(controls.delay.value) || 0))),
        duplicate: controls.duplicate.checked,
        reorder: controls.reorder.checked,
        withhold: controls.withhold.checked,
      };
      const on = faults.delayMs > 0 || faults.duplicate || faults.reorder || faults.withhold;
      void this.#act(
        () => (on ? post(`${session}/faults`, faults) : request('DELETE', `${session}/faults`)),
        on ? 'Frame faults on for this customer.' : 'Frame faults off.',
      );
    });
    controls.release.addEventListener('click', () =>
      void this.#act(() => post(`${session}/release-frames`), answer => `Released ${answer.released} frames (${answer.dropped} dropped with closed connections).`),
    );
    for (const [control, reason] of /** @type {const} */ ([[controls.closeLimit, 'SessionLimitReached'], [controls.closeSignedIn, 'signedIn']])) {
      control.addEventListener('click', () =>
        void this.#act(() => post(`${session}/connection-closed`, { reason }), answer => `Closed ${answer.closed} connections (${reason}).`),
      );
    }
    controls.refuse.addEventListener('click', () =>
      void this.#act(
        () => post(`/sim/deployments/${encodeURIComponent(this.deploymentId)}/refuse-connections`, { forMs: 30000 }),
        'New connections to this deployment are refused (503) for 30 s.',
      ),
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
      ['Joined', c.joined ? 'yes (Presence Join)' : 'no'],
      ['Most connections at once', String(c.maxConnectedSockets ?? 0)],
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

    const attributes = Object.entries(c.customAttributes ?? {});
    this.attributes.replaceChildren(
      ...(attributes.length
        ? attributes.flatMap(([key, value]) => [element('dt', undefined, key), element('dd', undefined, value)])
        : [element('dd', 'none', 'none')]),
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
      item.append(who, time);
      if (line.text) item.append(element('p', 'text', line.text));
      if (line.content?.length) item.append(contentList(line.content));
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

// ─── Deployment settings ─────────────────────────────────────────────────────────────────────────

const deploymentForm = /** @type {HTMLFormElement} */ ($(document, '#deployment-form'));
const deploymentSelect = /** @type {HTMLSelectElement} */ ($(document, '#deployment-select'));
const configLink = /** @type {HTMLAnchorElement} */ ($(document, '#config-link'));
const deploymentStatus = /** @type {HTMLElement} */ ($(document, '#deployment-status'));
const TOGGLES = /** @type {const} */ (['clearAllowed', 'typingEnabled', 'autoStart', 'markdown', 'fileUpload', 'tagAnswers']);
/** @type {Map<string, Deployment>} */
const deployments = new Map();

/** @param {string} name */
const field = name => /** @type {HTMLInputElement | HTMLSelectElement} */ (deploymentForm.elements.namedItem(name));

/** Shows a deployment's settings in the form. @param {Deployment} d */
function showDeployment(d) {
  for (const name of TOGGLES) /** @type {HTMLInputElement} */ (field(name)).checked = d[name];
  field('disconnectMode').value = d.disconnectMode;
  field('uploadResult').value = d.uploadResult;
  field('sessionResponse').value = d.sessionResponse;
  field('messagesPerSecond').value = String(d.messagesPerSecond);
  field('allowedDomains').value = d.allowedDomains.join(', ');
  field('greeting').value = d.greeting ?? '';
  configLink.href = `/webdeployments/v1/deployments/${encodeURIComponent(d.deploymentId)}/config.json`;
}

/** Reloads the deployment list, keeping the selection. */
async function loadDeployments() {
  const list = /** @type {Deployment[]} */ (await request('GET', '/sim/deployments'));
  const selected = deploymentSelect.value || DEMO_DEPLOYMENT_ID;
  deployments.clear();
  for (const d of list) deployments.set(d.deploymentId, d);
  deploymentSelect.replaceChildren(
    ...list.map(d => {
      const option = /** @type {HTMLOptionElement} */ (element('option', undefined, d.deploymentId === DEMO_DEPLOYMENT_ID ? `demo (${short(d.deploymentId)})` : short(d.deploymentId)));
      option.value = d.deploymentId;
      return option;
    }),
  );
  deploymentSelect.value = deployments.has(selected) ? selected : DEMO_DEPLOYMENT_ID;
  const current = deployments.get(deploymentSelect.value);
  if (current) showDeployment(current);
}

/** Applies one change to the selected deployment. @param {Partial<Deployment>} patch @param {string} what */
async function patchDeployment(patch, what) {
  deploymentStatus.textContent = '';
  try {
    const updated = /** @type {Deployment} */ (await request('PATCH', `/sim/deployments/${encodeURIComponent(deploymentSelect.value)}`, patch));
    deployments.set(updated.deploymentId, updated);
    showDeployment(updated);
    deploymentStatus.textContent = `Saved: ${what}.`;
  } catch (error) {
    deploymentStatus.textContent = `Could not save ${what}: ${error instanceof Error ? error.message : String(error)}`;
  }
}

deploymentSelect.addEventListener('change', () => {
  const d = deployments.get(deploymentSelect.value);
  if (d) showDeployment(d);
});
// New deployments (tests, other pages) show up when someone goes to pick one.
deploymentSelect.addEventListener('focus', () => void loadDeployments().catch(() => {}));
for (const name of TOGGLES) {
  field(name).addEventListener('change', event => {
    const on = /** @type {HTMLInputElement} */ (event.currentTarget).checked;
    void patchDeployment({ [name]: on }, `${name} ${on ? 'on' : 'off'}`);
  });
}
field('disconnectMode').addEventListener('change', () => {
  const mode = /** @type {'Send' | 'ReadOnly'} */ (field('disconnectMode').value);
  void patchDeployment({ disconnectMode: mode }, `disconnect mode ${mode}`);
});
field('uploadResult').addEventListener('change', () => {
  const result = /** @type {'success' | 'failure'} */ (field('uploadResult').value);
  void patchDeployment({ uploadResult: result }, `upload scan ${result === 'success' ? 'clean' : 'failing every upload'}`);
});
field('sessionResponse').addEventListener('change', () => {
  const shape = /** @type {'minimal' | 'full'} */ (field('sessionResponse').value);
  void patchDeployment({ sessionResponse: shape }, `${shape} SessionResponse`);
});
field('messagesPerSecond').addEventListener('change', () => {
  const rate = Number(field('messagesPerSecond').value);
  void patchDeployment({ messagesPerSecond: rate }, rate ? `${rate} messages a second` : 'no rate limit');
});
field('allowedDomains').addEventListener('change', () => {
  const domains = field('allowedDomains').value.split(',').map(d => d.trim()).filter(Boolean);
  void patchDeployment({ allowedDomains: domains }, `allowed domains ${domains.join(', ') || '(none)'}`);
});
deploymentForm.addEventListener('submit', event => {
  event.preventDefault();
  const greeting = field('greeting').value.trim();
  void patchDeployment({ greeting: greeting || null }, greeting ? 'the greeting' : 'no greeting');
});
void loadDeployments().catch(error => {
  deploymentStatus.textContent = `Could not load the deployments: ${error instanceof Error ? error.message : String(error)}`;
});

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
