// `<genesys-chat>` in Vue templates: Volar reads the props of the component `genesys-chat/vue` registers.
import type {} from 'genesys-chat/vue';
import type { GlobalComponents } from 'vue';

type Props = InstanceType<GlobalComponents['genesys-chat']>['$props'];

export const configured: Props = {
  'deployment-id': '5c0a3f8e-9d2b-4f7e-8a61-3b2d9e4c7f10',
  endpoint: 'ws://localhost:9001/v1',
  theme: 'auto',
  opened: true,
  // `@genesys-chat-ended="…"` in a template.
  onGenesysChatEnded: event => void (event.detail.by satisfies 'customer' | 'agent'),
  onGenesysChatEnding: event => void (event.detail.attempt satisfies number),
};

// @ts-expect-error a position the element does not have
export const badPosition: Props = { position: 'top' };

// @ts-expect-error the handler gets the element's event
export const badHandler: Props = { onGenesysChatConnected: (event: KeyboardEvent) => event.key };
