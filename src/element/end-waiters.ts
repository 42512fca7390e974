import { GenesysChatError } from '../events/events.js';
import type { ChatError, EndReport } from '../machine/chat.types.js';

/** The promises `endConversation()` handed out, settled together by what the machine emits. */
export class EndWaiters {
  #waiters: { resolve: (report: EndReport) => void; reject: (error: GenesysChatError) => void }[] = [];

  wait(): Promise<EndReport> {
    return new Promise((resolve, reject) => this.#waiters.push({ resolve, reject }));
  }

  resolve(report: EndReport): void {
    this.#waiters.splice(0).forEach(w => w.resolve(report));
  }

  reject(error: ChatError): void {
    this.#waiters.splice(0).forEach(w => w.reject(new GenesysChatError(error)));
  }
}
