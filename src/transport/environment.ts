import { fromCallback } from 'xstate';

/** What the browser says about the network and the page. */
export type EnvironmentEvent = { readonly type: 'env.online' } | { readonly type: 'env.offline' } | { readonly type: 'env.visible' };

/**
 * The network coming back, going away, and the page becoming visible again (a tab that slept may
 * hold a dead socket): the link reacts at once instead of waiting for a timer.
 */
export const environment = fromCallback<EnvironmentEvent>(({ sendBack }) => {
  if (typeof window === 'undefined') return () => {};
  const online = () => sendBack({ type: 'env.online' });
  const offline = () => sendBack({ type: 'env.offline' });
  const visible = () => document.visibilityState === 'visible' && sendBack({ type: 'env.visible' });
  window.addEventListener('online', online);
  window.addEventListener('offline', offline);
  document.addEventListener('visibilitychange', visible);
  return () => {
    window.removeEventListener('online', online);
    window.removeEventListener('offline', offline);
    document.removeEventListener('visibilitychange', visible);
  };
});
