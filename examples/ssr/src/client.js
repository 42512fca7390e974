// Before Lit itself: the element then takes over the shadow root the server rendered instead of drawing it again.
import '@lit-labs/ssr-client/lit-element-hydrate-support.js';
import 'genesys-chat/genesys-chat.js';

document.querySelector('genesys-chat').addEventListener('genesys-chat-ended', event => {
  document.getElementById('status').textContent = `Ended by ${event.detail.by}`;
});
