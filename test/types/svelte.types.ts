// `<genesys-chat>` in Svelte markup, with the typings `genesys-chat/svelte` adds.
import type {} from 'genesys-chat/svelte';
import type { SvelteHTMLElements } from 'svelte/elements';

type Props = SvelteHTMLElements['genesys-chat'];

export const svelte5: Props = {
  'deployment-id': '5c0a3f8e-9d2b-4f7e-8a61-3b2d9e4c7f10',
  launcher: 'off',
  class: 'chat',
  'ongenesys-chat-ended': event => void (event.detail.by satisfies 'customer' | 'agent'),
};

export const svelte4: Props = {
  'on:genesys-chat-connected': event => void (event.detail.newSession satisfies boolean),
};

// @ts-expect-error a storage the element does not have
export const badStorage: Props = { storage: 'cookie' };

// @ts-expect-error the handler gets the element's event
export const badHandler: Props = { 'ongenesys-chat-error': (event: KeyboardEvent) => event.key };
