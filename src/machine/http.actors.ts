import { fromCallback } from 'xstate';
import { readDeploymentConfig } from '../protocol/deployment-config.js';
import { readHistoryPage } from '../protocol/history.js';
import type { FetchEvent } from './chat.types.js';

/** How the machine makes HTTP requests (the browser's `fetch`, or a test double). */
export type Fetcher = (url: string, init?: RequestInit) => Promise<Response>;

const describe = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** An HTTP answer that is not a success, with its status. */
class HttpStatusError extends Error {
  constructor(
    url: string,
    readonly status: number,
  ) {
    super(`${url} answered HTTP ${status}`);
  }
}

async function getJson(fetcher: Fetcher, url: string, init: RequestInit): Promise<unknown> {
  const response = await fetcher(url, init);
  if (!response.ok) throw new HttpStatusError(url, response.status);
  return response.json();
}

/** Reads the deployment's config.json (§1.4); reports `config.loaded` or `config.failed`. */
export const createConfigActor = (fetcher: Fetcher) =>
  fromCallback<FetchEvent, { url: string }>(({ input, sendBack }) => {
    const abort = new AbortController();
    // Asked after the current script: a page that sets the element's fetcher right after inserting it gets it used.
    Promise.resolve()
      .then(() => getJson(fetcher, input.url, { signal: abort.signal, credentials: 'omit' }))
      .then(json => sendBack({ type: 'config.loaded', config: readDeploymentConfig(json) }))
      .catch(error =>
        abort.signal.aborted ||
        sendBack({ type: 'config.failed', message: describe(error), ...(error instanceof HttpStatusError ? { status: error.status } : {}) }),
      );
    return () => abort.abort();
  });

/** Fetches one page of history with the session's JWT (§2.6); reports `history.loaded` or `history.failed`. */
export const createHistoryActor = (fetcher: Fetcher) =>
  fromCallback<FetchEvent, { url: string; jwt: string; page: number }>(({ input, sendBack }) => {
    const abort = new AbortController();
    getJson(fetcher, input.url, { signal: abort.signal, credentials: 'omit', headers: { Authorization: `bearer ${input.jwt}` } })
      .then(json => {
        const page = readHistoryPage(json, input.page);
        sendBack(page ? { type: 'history.loaded', page } : { type: 'history.failed', message: `${input.url} did not answer with a page of messages` });
      })
      .catch(error => abort.signal.aborted || sendBack({ type: 'history.failed', message: describe(error) }));
    return () => abort.abort();
  });

/**
 * Puts a file to its presigned upload URL (§2.7): every header the server gave, and the file's own
 * Content-Type. Reports `upload.put` or `upload.putFailed`; the server's event says whether it took it.
 */
export const createUploadActor = (fetcher: Fetcher) =>
  fromCallback<FetchEvent, { id: string; url: string; headers: Readonly<Record<string, string>>; file: Blob; type: string }>(
    ({ input, sendBack }) => {
      const abort = new AbortController();
      fetcher(input.url, {
        method: 'PUT',
        headers: { ...input.headers, 'Content-Type': input.type },
        body: input.file,
        signal: abort.signal,
        credentials: 'omit',
      })
        .then(response => {
          if (!response.ok) throw new Error(`the upload URL answered HTTP ${response.status}`);
          sendBack({ type: 'upload.put', id: input.id });
        })
        .catch(error => abort.signal.aborted || sendBack({ type: 'upload.putFailed', id: input.id, message: describe(error) }));
      return () => abort.abort();
    },
  );

/** A fetcher that always fails: the machine's default until a host provides one. */
export const noFetch: Fetcher = () => Promise.reject(new Error('no fetcher'));
