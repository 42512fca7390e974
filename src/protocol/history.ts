import { tryReadStructuredMessage } from './decode.js';
import type { StructuredMessage } from './frames.js';

/** Messages per history page: the mobile SDK's default. */
export const HISTORY_PAGE_SIZE = 25;

/** One page of `GET /api/v2/webmessaging/messages` (§3.8). */
export interface HistoryPage {
  /** Newest first, as the server sends them; entries that are not valid messages are left out. */
  readonly entities: readonly StructuredMessage[];
  readonly pageNumber: number;
  readonly pageSize: number;
  /** Messages in the whole history, when the server said. */
  readonly total?: number;
  readonly pageCount?: number;
  /** Entries that were not valid messages. */
  readonly rejected: number;
}

/** The history URL for a page (§1.3). */
export const historyUrl = (apiOrigin: string, pageNumber: number, pageSize = HISTORY_PAGE_SIZE): string =>
  `${apiOrigin}/api/v2/webmessaging/messages?pageNumber=${pageNumber}&pageSize=${pageSize}`;

const count = (value: unknown): number | undefined =>
  typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : undefined;

/** Reads a history response body, or `undefined` when it is not one. Never throws. */
export function readHistoryPage(json: unknown, requestedPage: number): HistoryPage | undefined {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return undefined;
  const body = json as Record<string, unknown>;
  if (!Array.isArray(body['entities'])) return undefined;
  const entities: StructuredMessage[] = [];
  let rejected = 0;
  for (const entity of body['entities'] as unknown[]) {
    const message = tryReadStructuredMessage(entity);
    if (message) entities.push(message);
    else rejected++;
  }
  const total = count(body['total']);
  const pageCount = count(body['pageCount']);
  return {
    entities,
    pageNumber: count(body['pageNumber']) ?? requestedPage,
    pageSize: count(body['pageSize']) ?? HISTORY_PAGE_SIZE,
    ...(total !== undefined ? { total } : {}),
    ...(pageCount !== undefined ? { pageCount } : {}),
    rejected,
  };
}

/** Whether pages after `page` may exist. */
export function hasMorePages(page: HistoryPage): boolean {
  if (page.pageCount !== undefined) return page.pageNumber < page.pageCount;
  if (page.total !== undefined) return page.pageNumber * page.pageSize < page.total;
  // Without totals, a full page suggests more (the Java SDK reads until an empty page).
  return page.entities.length + page.rejected >= page.pageSize;
}
