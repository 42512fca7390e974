import type { Fetcher } from '../../src/machine/http.actors.js';

/** One request the machine made, answered when the test says. */
export interface PendingRequest {
  readonly url: string;
  readonly method: string;
  readonly headers: Headers;
  readonly body: unknown;
  respond(body: unknown, status?: number): void;
  fail(message?: string): void;
}

/**
 * A fetcher the test answers by hand: every request waits until `respond` or `fail`. Responses
 * resolve in microtasks, so `settle()` (a few awaited ticks, no timers) lets the machine see them.
 */
export function fakeHttp() {
  const requests: PendingRequest[] = [];
  const fetcher: Fetcher = (url, init) =>
    new Promise<Response>((resolve, reject) => {
      requests.push({
        url,
        method: init?.method ?? 'GET',
        headers: new Headers(init?.headers),
        body: init?.body,
        respond: (body, status = 200) =>
          resolve({ ok: status >= 200 && status < 300, status, json: async () => body } as Response),
        fail: (message = 'network error') => reject(new TypeError(message)),
      });
    });
  return {
    fetcher,
    requests,
    /** The requests whose URL contains `part`. */
    to: (part: string) => requests.filter(r => r.url.includes(part)),
  };
}

/** Lets promise callbacks run (a bounded number of microtask turns; no clock involved). */
export async function settle(): Promise<void> {
  for (let i = 0; i < 20; i++) await Promise.resolve();
}
