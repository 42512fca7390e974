// The floor: the least any chat widget must do with the Guest API's frames. It opens the socket,
// parses each frame and shows an agent message's text in one <div>, nothing more (no session, no
// ordering, no styling). What a real widget costs beyond this is what it adds.
class ChatFloor extends HTMLElement {
  static observedAttributes = ['url'];
  #socket = null;
  #log = document.createElement('div');

  connectedCallback() {
    this.#log.setAttribute('role', 'log');
    this.#log.style.cssText = 'height: 400px; overflow: auto';
    this.append(this.#log);
    this.#connect();
  }

  disconnectedCallback() {
    this.#socket?.close();
    this.#socket = null;
  }

  attributeChangedCallback() {
    if (this.isConnected) this.#connect();
  }

  /** Resolves once the socket is open. */
  get ready() {
    return new Promise(resolve => {
      if (this.#socket?.readyState === WebSocket.OPEN) resolve();
      else this.#socket?.addEventListener('open', () => resolve(), { once: true });
    });
  }

  #connect() {
    this.#socket?.close();
    const url = this.getAttribute('url');
    if (!url) return;
    this.#socket = new WebSocket(url);
    this.#socket.onmessage = event => {
      const frame = JSON.parse(event.data);
      if (frame.class !== 'StructuredMessage' || typeof frame.body?.text !== 'string') return;
      const line = document.createElement('div');
      line.textContent = frame.body.text;
      this.#log.append(line);
    };
  }
}

if (!customElements.get('chat-floor')) customElements.define('chat-floor', ChatFloor);
