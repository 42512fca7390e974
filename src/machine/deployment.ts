import { enqueueActions } from 'xstate';
import { chatSetup, failWith } from './chat.setup.js';
import { chatErrors } from './errors.js';
import { maybeJoin } from './outbox.region.js';

/**
 * The deployment's Messenger settings (config.json, §1.4): read once, as soon as the widget exists; the
 * safe defaults stand until then, and when it cannot be read. Owns `context.deployment`.
 */

/** Asks for config.json, when the deployment has one. */
export const readDeploymentConfig = chatSetup.createAction(
  enqueueActions(({ context, enqueue }) => {
    const { configUrl } = context.settings;
    if (configUrl) enqueue.spawnChild('loadConfig', { id: 'config', input: { url: configUrl } });
  }),
);

/** What config.json's answer does, in any state. */
export const deploymentEvents = chatSetup.createStateConfig({
  on: {
    'config.loaded': {
      actions: enqueueActions(({ context, event, enqueue }) => {
        const { config } = event;
        enqueue.stopChild('config');
        enqueue.assign({ deployment: { config, known: true } });
        if (!config.conversationClear) enqueue.emit({ type: 'error', error: chatErrors.clearNotOffered() });
        // An inactive deployment takes no conversations; an End already asked for is still finished.
        if (!config.active && !context.ending.requested) enqueue.raise({ type: 'deployment.inactive' });
        enqueue(maybeJoin);
      }),
    },
    'deployment.inactive': { target: '.error', actions: failWith(chatErrors.deploymentInactive()) },
    // The CDN has no config.json for this deployment (403 from its storage, or 404): nothing can work.
    'config.failed': [
      {
        guard: ({ event }) => event.status === 403 || event.status === 404,
        target: '.error',
        actions: enqueueActions(({ context, event, enqueue }) => {
          enqueue.stopChild('config');
          enqueue.assign({ deployment: { ...context.deployment, known: true } });
          enqueue(failWith(chatErrors.deploymentNotFound(context.settings.deploymentId, event.status!, event.message)));
        }),
      },
      {
      actions: enqueueActions(({ context, event, enqueue }) => {
        enqueue.stopChild('config');
        enqueue.assign({ deployment: { ...context.deployment, known: true } });
        enqueue.emit({ type: 'error', error: chatErrors.configUnavailable(event.message) });
        enqueue(maybeJoin);
      }),
      },
    ],
  },
}).on;
