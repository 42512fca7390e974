import { assign, sendParent } from 'xstate';
import type { LinkReport } from './chat.types.js';
import { linkSetup } from './link.setup.js';

/**
 * The JWT renewed with the refresh token shortly before it expires, while the session is live (§10.3,
 * §10.10): the session needs it only to be configured, but a reconnection or a revoke must never
 * present an expired one. The renewed tokens go to the chat machine, which keeps them as `storage`
 * allows. A failed renewal leaves the conversation alone: a later configure's 401 renews or signs in again.
 */
export const jwtRenewal = linkSetup.createStateConfig({
  initial: 'scheduling',
  states: {
    scheduling: { always: [{ guard: 'jwtRenewable', target: 'waiting' }, { target: 'unscheduled' }] },
    waiting: { after: { jwtRenewal: 'renewing' } },
    renewing: {
      invoke: {
        src: 'renewJwt',
        input: ({ context }) => ({ auth: context.auth!, tokens: context.tokens! }),
        onDone: {
          target: 'scheduling',
          actions: [assign({ tokens: ({ event }) => event.output }), sendParent(({ event }): LinkReport => ({ type: 'link.signedIn', tokens: event.output }))],
        },
        onError: 'unscheduled',
      },
    },
    unscheduled: {},
  },
});
