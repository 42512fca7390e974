// `<genesys-chat>` in React JSX, with the typings `genesys-chat/react` adds.
import type {} from 'genesys-chat/react';
import type { ChatStrings, GenesysChat } from 'genesys-chat';

const ends: ('customer' | 'agent')[] = [];

export const configured = (
  <genesys-chat
    deployment-id="5c0a3f8e-9d2b-4f7e-8a61-3b2d9e4c7f10"
    region="mypurecloud.ie"
    theme="dark"
    storage="session"
    end-timeout="5000"
    debug
    className="chat"
    ref={(el: GenesysChat | null) => void el?.open()}
    ongenesys-chat-ended={event => void ends.push(event.detail.by)}
    ongenesys-chat-error={event => void (event.detail.recoverable satisfies boolean)}
    ongenesys-chat-message={event => void (event.detail.direction satisfies 'sent' | 'received')}
  />
);

export const byProperty = <genesys-chat deploymentId="id" endpoint="ws://localhost:9001/v1" strings={{ send: 'Go' } satisfies Partial<ChatStrings>} />;

// @ts-expect-error a theme the element does not have
export const badTheme = <genesys-chat theme="purple" />;

// @ts-expect-error the handler gets the element's event, not a keyboard event
export const badHandler = <genesys-chat ongenesys-chat-ended={(event: KeyboardEvent) => event.key} />;

// @ts-expect-error `open` is the element's method: React would replace it; the property is `opened`
export const openAttribute = <genesys-chat open />;
