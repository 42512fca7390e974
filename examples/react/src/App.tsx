import { useState } from 'react';
import 'genesys-chat/genesys-chat.js'; // registers <genesys-chat>
import type {} from 'genesys-chat/react'; // types <genesys-chat> in JSX: its attributes, properties and events

// The deployment and where the Guest API is: from the query so a test can point the page at the simulator.
const params = new URLSearchParams(location.search);
const deploymentId = params.get('deploymentId') ?? '5c0a3f8e-9d2b-4f7e-8a61-3b2d9e4c7f10';
const endpoint = params.get('endpoint') ?? 'ws://127.0.0.1:9001/v1';

export function App() {
  const [endedBy, setEndedBy] = useState<string | null>(null);
  return (
    <main>
      <h1>genesys-chat with React</h1>
      <p id="status" role="status">{endedBy ? `Ended by ${endedBy}` : 'Chat not ended'}</p>
      {/* React 19 sets deploymentId as the element's property and listens for the event named after "on". */}
      <genesys-chat
        deploymentId={deploymentId}
        endpoint={endpoint}
        ongenesys-chat-ended={event => setEndedBy(event.detail.by)}
      />
    </main>
  );
}
