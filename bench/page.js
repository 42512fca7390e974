// Runs in the bench page, after the contestant's own script. Every contestant is timed the same way:
// the clock starts when a frame reaches the page (before the chat's own handler runs), and a change
// is "in DOM" when a MutationObserver sees the text, "painted" when a task posted from the next
// animation frame runs (that frame's style, layout and paint are done then).

const RealSocket = window.WebSocket;
const arrived = { first: 0 };
const sockets = [];
// Listeners run in the order they were added: this one, added at construction, runs before the chat's.
window.WebSocket = class extends RealSocket {
  constructor(...args) {
    super(...args);
    sockets.push(this);
    this.addEventListener('message', () => { arrived.first ||= performance.now(); });
  }
};

const params = new URLSearchParams(location.search);
const wsOrigin = params.get('ws');
const control = new RealSocket(`${wsOrigin}/control`);
const controlOpen = new Promise(resolve => control.addEventListener('open', resolve, { once: true }));

const messageText = i => `Agent message #${i}.`;
const once = (target, type) => new Promise(resolve => target.addEventListener(type, resolve, { once: true }));
const socketOpen = async () => {
  while (sockets.at(-1)?.readyState !== RealSocket.OPEN) await new Promise(resolve => setTimeout(resolve, 5));
};

const contestants = {
  widget: {
    create() {
      const el = document.createElement('genesys-chat');
      el.setAttribute('deployment-id', '5c0a3f8e-9d2b-4f7e-8a61-3b2d9e4c7f10');
      el.setAttribute('endpoint', `${wsOrigin}/v1`);
      el.setAttribute('config-url', `${location.origin}/config.json`);
      return el;
    },
    rendered: el => !!el.shadowRoot?.querySelector('[part~="launcher"]'),
    async connect(el) {
      const connected = once(el, 'genesys-chat-connected');
      el.open();
      await connected;
    },
  },
  'deep-chat': {
    create() {
      const el = document.createElement('deep-chat');
      el.connect = { url: `${wsOrigin}/chat`, websocket: true };
      // deep-chat shows `{ text, role }`: the agent's text out of each Guest API frame.
      el.responseInterceptor = frame => ({ role: 'ai', text: frame.body.text });
      el.style.height = '400px';
      return el;
    },
    rendered: el => !!el.shadowRoot?.querySelector('#messages'),
    connect: socketOpen,
  },
  floor: {
    create() {
      const el = document.createElement('chat-floor');
      el.setAttribute('url', `${wsOrigin}/chat`);
      return el;
    },
    rendered: el => !!el.firstElementChild,
    connect: el => el.ready,
  },
};

const contestant = contestants[params.get('contestant')];
let el;

/**
 * Resolves once the next frame is painted: `frame` when its animation frame callbacks ran (after the
 * wait for the display), `painted` when the task posted from there ran (style, layout, paint done).
 */
const nextFrame = () => new Promise(resolve => requestAnimationFrame(() => {
  const frame = performance.now();
  const channel = new MessageChannel();
  channel.port1.onmessage = () => resolve({ frame, painted: performance.now() });
  channel.port2.postMessage(undefined);
}));
const afterPaint = async () => (await nextFrame()).painted;

/** Resolves with the time a node with `text` appears under `root`; fails after a minute without. */
function whenShown(root, text) {
  return new Promise((resolve, reject) => {
    const timeout = setTimeout(() => {
      observer.disconnect();
      reject(new Error(`"${text}" was not shown within a minute`));
    }, 60_000);
    const observer = new MutationObserver(records => {
      for (const record of records) {
        const found = record.type === 'characterData'
          ? record.target.data?.includes(text)
          : [...record.addedNodes].some(node => node.textContent?.includes(text));
        if (found) {
          clearTimeout(timeout);
          observer.disconnect();
          resolve(performance.now());
          return;
        }
      }
    });
    observer.observe(root, { childList: true, subtree: true, characterData: true });
  });
}

const push = (n, from) => control.send(JSON.stringify({ push: n, from }));

window.bench = {
  /** Element added (at the start of a frame) → its first rendering painted, in ms. */
  /** `profiled`: a console profile ('first render') covers exactly that span, for bench/profile.mjs. */
  async firstRender(profiled = false) {
    await controlOpen;
    // Added at the start of a frame; the task posted then runs once that frame is painted.
    let painted = await new Promise(resolve => requestAnimationFrame(() => {
      if (profiled) console.profile('first render');
      const start = performance.now();
      el = contestant.create();
      document.body.append(el);
      const channel = new MessageChannel();
      channel.port1.onmessage = () => resolve(performance.now() - start);
      channel.port2.postMessage(undefined);
    }));
    // A chat that renders later than its first frame (a lazy chunk) is timed until it has.
    const start = performance.now() - painted;
    while (!contestant.rendered(el)) painted = (await afterPaint()) - start;
    if (profiled) console.profileEnd('first render');
    return painted;
  },

  connect: () => contestant.connect(el),

  /** The widget: a new conversation after the last one ended, connected. */
  async again() {
    const connected = once(el, 'genesys-chat-connected');
    el.startNewConversation();
    await connected;
  },

  /**
   * Agent messages `from` … `from+n-1` sent in one socket write; ms from the first frame's arrival
   * until the last is in the DOM and until it is painted.
   */
  async receive(n, from) {
    arrived.first = 0;
    const shown = whenShown(el.shadowRoot ?? el, messageText(from + n - 1));
    push(n, from);
    const inDom = await shown;
    const painted = await afterPaint();
    return { inDom: inDom - arrived.first, painted: painted - arrived.first };
  },

  /** One frame, painted: what `receive` waits for besides the message (the harness's own cost). */
  frame: () => afterPaint(),

  /** Lets two frames pass, so the next measurement starts from an idle page. */
  settle: async () => { await afterPaint(); await afterPaint(); },

  /**
   * SessionClearedEvent arrives → `genesys-chat-ended` fired, → painted, and → painted less the idle
   * wait for the display's next frame (the event's handling plus that frame's rendering).
   */
  async end() {
    arrived.first = 0;
    const ended = once(el, 'genesys-chat-ended');
    el.endConversation();
    await ended;
    const fired = performance.now();
    const { frame, painted } = await nextFrame();
    return { fired: fired - arrived.first, painted: painted - arrived.first, work: fired - arrived.first + painted - frame };
  },
};
