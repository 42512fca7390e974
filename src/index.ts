// No side effects here: import './genesys-chat.js' (or the bundle) to register the tag.
export { GenesysChat } from './element/genesys-chat.element.js';
export {
  GenesysChatConnectedEvent,
  GenesysChatEndedEvent,
  GenesysChatEndingEvent,
  GenesysChatError,
  GenesysChatErrorEvent,
  GenesysChatMessageEvent,
  GenesysChatSignedOutEvent,
} from './events/events.js';
export { en, type ChatStrings } from './i18n/strings.js';
export { createChatLogic, type ChatCollaborators, type ChatLogic } from './machine/chat.logic.js';
export { stateOf, type ChatState } from './machine/chat.state.js';
export type { Fetcher } from './machine/http.actors.js';
export type { AuthProof, GenesysChatAuth } from './auth/auth.js';
export type { ChatEmitted, ChatError, ChatErrorCode, ChatInput, EndReport } from './machine/chat.types.js';
export { resolveConfig, type ChatConfig, type ConfigProblem, type ConfigResult } from './config.js';
export { REGIONS, findRegion, resolveEndpoint, type Endpoint, type Region } from './protocol/endpoint.js';
export { SessionStore, type StoredSession } from './session/session-store.js';
export type { ChatMessage, Author, DeliveryStatus, Transcript, Chunk } from './transcript/transcript.js';
export { defaultSocketFactory, type SocketFactory, type SocketLike } from './transport/socket.js';
