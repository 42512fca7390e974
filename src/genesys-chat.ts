import { GenesysChat } from './element/genesys-chat.element.js';

if (!customElements.get('genesys-chat')) customElements.define('genesys-chat', GenesysChat);

export { GenesysChat };
