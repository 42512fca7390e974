// The element and its events in plain DOM code, typed from the package's root (no side effects imported).
import type { GenesysChat, GenesysChatEndedEvent } from 'genesys-chat';

export const found: GenesysChat | null = document.querySelector('genesys-chat');
export const made: GenesysChat = document.createElement('genesys-chat');

made.addEventListener('genesys-chat-ended', event => void (event satisfies GenesysChatEndedEvent));
made.addEventListener('genesys-chat-message', event => void (event.detail.message.text satisfies string | undefined));
document.addEventListener('genesys-chat-error', event => void (event.detail.code satisfies string));

// @ts-expect-error the detail of an ended event has no `attempt`
made.addEventListener('genesys-chat-ended', event => event.detail.attempt);
