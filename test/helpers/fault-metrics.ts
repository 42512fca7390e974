import { executeServerCommand } from '@web/test-runner-commands';

/** Counts a fault or hostile-input test adds to the run's reliability and security table. */
export interface FaultCounts {
  /** Messages the visitor sent. */
  sent?: number;
  /** Of those, received by the server exactly once. */
  delivered?: number;
  /** Received more than once. */
  duplicated?: number;
  /** Never received. */
  lost?: number;
  /** Hostile payloads put through the widget. */
  payloadsTried?: number;
  /** Of those, any that ran code or leaked into an attribute or URL. */
  payloadsExecuted?: number;
}

export const reportFaults = (counts: FaultCounts): Promise<unknown> => executeServerCommand('fault-metrics', counts);

/**
 * How often each of the visitor's messages reached the server, by tracingId: a test sends, the
 * simulator records, and this tells delivered, duplicated and lost apart.
 */
export function deliveryCounts(sentTracingIds: readonly string[], received: readonly (string | undefined)[]): Required<Pick<FaultCounts, 'sent' | 'delivered' | 'duplicated' | 'lost'>> {
  const times = new Map<string, number>();
  for (const id of received) if (id) times.set(id, (times.get(id) ?? 0) + 1);
  let delivered = 0;
  let duplicated = 0;
  let lost = 0;
  for (const id of sentTracingIds) {
    const n = times.get(id) ?? 0;
    if (n === 0) lost += 1;
    else if (n === 1) delivered += 1;
    else duplicated += 1;
  }
  return { sent: sentTracingIds.length, delivered, duplicated, lost };
}
