import { CUSTOM_ELEMENTS_SCHEMA, Component, signal } from '@angular/core';
import type { GenesysChatEndedEvent } from 'genesys-chat';

// The deployment and where the Guest API is: from the query so a test can point the page at the simulator.
const params = new URLSearchParams(location.search);

@Component({
  selector: 'app-root',
  // Lets the template use <genesys-chat>, an element Angular does not know as a component.
  schemas: [CUSTOM_ELEMENTS_SCHEMA],
  template: `
    <main>
      <h1>genesys-chat with Angular</h1>
      <p id="status" role="status">{{ endedBy() ? 'Ended by ' + endedBy() : 'Chat not ended' }}</p>
      <genesys-chat [deploymentId]="deploymentId" [endpoint]="endpoint" (genesys-chat-ended)="onEnded($event)"></genesys-chat>
    </main>
  `,
})
export class AppComponent {
  readonly deploymentId = params.get('deploymentId') ?? '5c0a3f8e-9d2b-4f7e-8a61-3b2d9e4c7f10';
  readonly endpoint = params.get('endpoint') ?? 'ws://127.0.0.1:9001/v1';
  readonly endedBy = signal<string | null>(null);

  // Angular types a custom element's events as Event: the element's own class says what it carries.
  onEnded(event: Event) {
    this.endedBy.set((event as GenesysChatEndedEvent).detail.by);
  }
}
