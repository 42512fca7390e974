import { assign, sendTo } from 'xstate';
import { echo } from '../protocol/encode.js';
import { linkSetup, report, reportFrame } from './link.setup.js';

/**
 * Keep-alive while the session is ready (§4.7): browsers cannot send ping frames, so an echo now and
 * then proves the socket still works; one left unanswered gives the socket up as dead.
 */
export const keepAlive = linkSetup.createStateConfig({
  initial: 'cooling',
  states: {
    cooling: { after: { minEchoInterval: 'due' } },
    due: {
      after: { echoDue: 'probing' },
      on: { 'env.visible': 'probing' },
    },
    // The echo went unanswered: give the socket up as dead (a shared connection is replaced with it), then connect again.
    abandoning: {
      entry: sendTo('socket', { type: 'socket.abandon' }),
      always: {
        target: '#link.connecting',
        reenter: true,
        actions: report(() => ({ type: 'link.lost', code: 1006 })),
      },
    },
    probing: {
      entry: [
        assign({ echoTracingId: ({ context }) => context.newId() }),
        sendTo('socket', ({ context }) => ({
          type: 'socket.send',
          data: JSON.stringify(echo({ token: context.token, tracingId: context.echoTracingId! })),
        })),
      ],
      exit: assign({ echoTracingId: undefined }),
      after: { echoTimeout: 'abandoning' },
      on: {
        // The reply is the chat machine's too: it carries the session's new expiry (§4.6).
        frame: { guard: 'isEchoReply', target: 'cooling', actions: reportFrame },
      },
    },
  },
});
