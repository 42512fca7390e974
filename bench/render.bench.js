// Runs in the page: measures how long one more message takes to reach the screen (render + layout)
// when the transcript already holds `size` messages.
export async function renderCost(size, samples) {
  const el = document.createElement('genesys-chat');
  let socket;
  el.socketFactory = url => {
    socket = { url, readyState: 0, onopen: null, onmessage: null, onclose: null, onerror: null, send() {}, close() {} };
    queueMicrotask(() => {
      socket.readyState = 1;
      socket.onopen?.(new Event('open'));
      socket.onmessage?.(new MessageEvent('message', { data: JSON.stringify({ type: 'response', class: 'SessionResponse', code: 200, body: { connected: true, newSession: true } }) }));
    });
    return socket;
  };
  el.setAttribute('deployment-id', '5c0a3f8e-9d2b-4f7e-8a61-3b2d9e4c7f10');
  el.setAttribute('endpoint', 'ws://127.0.0.1:1/v1');
  el.setAttribute('open', '');
  document.body.replaceChildren(el);
  await new Promise(resolve => el.addEventListener('genesys-chat-connected', resolve, { once: true }));
  const frame = i => ({
    data: JSON.stringify({
      type: 'message', class: 'StructuredMessage', code: 200,
      body: { id: `m${i}`, type: 'Text', text: `Agent message number ${i}`, direction: 'Outbound', originatingEntity: 'Human',
        channel: { time: new Date(1_700_000_000_000 + i * 1000).toISOString(), type: 'Private' } },
    }),
  });
  for (let i = 0; i < size; i++) socket.onmessage(new MessageEvent('message', frame(i)));
  await el.updateComplete;
  const transcript = el.shadowRoot.querySelector('[part~="transcript"]');
  void transcript.scrollHeight;
  const times = [];
  for (let i = 0; i < samples; i++) {
    const start = performance.now();
    socket.onmessage(new MessageEvent('message', frame(size + i)));
    await el.updateComplete;
    void transcript.scrollHeight; // force layout, so the cost of showing the message is counted
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return { median: times[times.length >> 1], p95: times[Math.floor(times.length * 0.95)], rendered: el.shadowRoot.querySelectorAll('[part~="message"]').length };
}
