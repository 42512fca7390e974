/**
 * The deployment's public `config.json` (§1.4): the Messenger settings a guest widget must honour.
 * Read defensively: it comes from the network, and a missing or broken file falls back to
 * `SAFE_DEPLOYMENT_CONFIG`.
 */

import { readDeploymentLanguages, type DeploymentLanguages } from './deployment-languages.js';

export type DisconnectType = 'Send' | 'ReadOnly';

/** The settings of a Messenger deployment that change what the widget does. */
export interface DeploymentConfig extends DeploymentLanguages {
  /** `status: "Inactive"` deployments do not take conversations. */
  readonly active: boolean;
  /** "Conversation clear": visitors may end conversations (§5.2). */
  readonly conversationClear: boolean;
  /** Send the visitor's typing indicator. */
  readonly userTyping: boolean;
  /** Show the agent's typing indicator. */
  readonly agentTyping: boolean;
  /** Open the conversation with Presence Join as soon as a new session starts. */
  readonly autoStart: boolean;
  /** Render agent and bot text as markdown. */
  readonly markdown: boolean;
  /** What an agent disconnect does (shown; the server enforces it). */
  readonly conversationDisconnect: { readonly enabled: boolean; readonly type: DisconnectType };
  /** Visitors may attach files. */
  readonly fileUpload: boolean;
  /**
   * Legacy upload settings (`fileUpload.modes`) of a deployment without `enableAttachments`: the types and
   * sizes it takes, used when the session names none (§1.4).
   */
  readonly uploadModes?: readonly UploadMode[];
  /** `messenger.styles.primaryColor`: the brand colour, a CSS hex colour (anything else is ignored). */
  readonly primaryColor?: string;
  /** `messenger.launcherButton.visibility`: `off` and `on-demand` show no launcher (the page opens the chat). */
  readonly launcher: LauncherVisibility;
  /** `position` (Messenger's placement): the side of the page, and the space to its edges in px. */
  readonly position?: LauncherPosition;
  /** `…conversations.humanize`: a bot's messages show this name and picture when they carry none. */
  readonly bot?: { readonly name?: string; readonly avatar?: string };
}

export type LauncherVisibility = 'on' | 'off' | 'on-demand';

export interface LauncherPosition {
  /** `auto` follows the page's direction: the end side. */
  readonly side: 'auto' | 'left' | 'right';
  readonly sideSpace?: number;
  readonly bottomSpace?: number;
}

/** One legacy upload mode: file types (MIME, wildcards allowed) up to a size. */
export interface UploadMode {
  readonly fileTypes: readonly string[];
  readonly maxFileSizeKB?: number;
}

/**
 * What the widget assumes when `config.json` cannot be read: offer End (the server still gates it),
 * show typing, never start conversations unasked, never interpret agent text, no uploads.
 */
export const SAFE_DEPLOYMENT_CONFIG: DeploymentConfig = {
  active: true,
  conversationClear: true,
  userTyping: true,
  agentTyping: true,
  autoStart: false,
  markdown: false,
  conversationDisconnect: { enabled: true, type: 'Send' },
  fileUpload: false,
  launcher: 'on',
  languages: [],
  labels: [],
};

type Json = Record<string, unknown>;
const object = (value: unknown): Json => (typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : {});
const flag = (value: unknown, fallback: boolean): boolean => (typeof value === 'boolean' ? value : fallback);
const enabled = (value: unknown, fallback: boolean): boolean => flag(object(value)['enabled'], fallback);

// Where config.json is lives with the endpoint (the launcher needs it; the reader below loads with the panel).
// Where config.json is (`configUrl`) lives with the endpoints: the launcher needs the address, not this reader.
export { configUrl } from './endpoint.js';

/** Reads a parsed config.json; anything missing or mistyped takes its safe default. */
export function readDeploymentConfig(json: unknown): DeploymentConfig {
  const root = object(json);
  const messenger = object(root['messenger']);
  const conversations = object(object(messenger['apps'])['conversations']);
  const safe = SAFE_DEPLOYMENT_CONFIG;
  const disconnect = object(conversations['conversationDisconnect']);
  const upload = object(messenger['fileUpload']);
  return {
    active: root['status'] !== 'Inactive' && messenger['enabled'] !== false,
    conversationClear: enabled(conversations['conversationClear'], safe.conversationClear),
    userTyping: flag(conversations['showUserTypingIndicator'], safe.userTyping),
    agentTyping: flag(conversations['showAgentTypingIndicator'], safe.agentTyping),
    autoStart: enabled(conversations['autoStart'], safe.autoStart),
    markdown: enabled(conversations['markdown'], safe.markdown),
    conversationDisconnect: {
      enabled: flag(disconnect['enabled'], safe.conversationDisconnect.enabled),
      type: disconnect['type'] === 'ReadOnly' ? 'ReadOnly' : 'Send',
    },
    ...readDeploymentLanguages(root),
    // Without `enableAttachments`, the legacy `modes` decide (§1.4); with it, the session's allowedMedia does.
    ...('enableAttachments' in upload ? { fileUpload: flag(upload['enableAttachments'], safe.fileUpload) } : modesOf(upload['modes'])),
    ...brandOf(root, messenger, conversations),
  };
}

const HEX_COLOUR = /^#(?:[0-9a-f]{3,4}|[0-9a-f]{6}|[0-9a-f]{8})$/i;
const VISIBILITY: Readonly<Record<string, LauncherVisibility>> = { On: 'on', Off: 'off', OnDemand: 'on-demand' };
const SIDES: Readonly<Record<string, LauncherPosition['side']>> = { Auto: 'auto', Left: 'left', Right: 'right' };
const space = (value: unknown): number | undefined => (typeof value === 'number' && Number.isFinite(value) && value >= 0 && value <= 1000 ? value : undefined);

/** Brand and placement: colour, launcher, position, the bot's name and picture. Invalid values are left out. */
function brandOf(root: Json, messenger: Json, conversations: Json): Pick<DeploymentConfig, 'primaryColor' | 'launcher' | 'position' | 'bot'> {
  const colour = object(messenger['styles'])['primaryColor'];
  const visibility = object(messenger['launcherButton'])['visibility'];
  // The placement is published beside the Messenger settings, or (older configurations) inside them.
  const position = object(root['position'] ?? messenger['position']);
  const side = SIDES[String(position['alignment'])];
  const humanize = object(conversations['humanize']);
  const bot = object(humanize['bot']);
  const botName = typeof bot['name'] === 'string' ? bot['name'].trim().slice(0, 100) : '';
  const botAvatar = typeof bot['avatarUrl'] === 'string' && /^https:\/\//.test(bot['avatarUrl']) ? bot['avatarUrl'] : undefined;
  const sideSpace = space(position['sideSpace']);
  const bottomSpace = space(position['bottomSpace']);
  return {
    ...(typeof colour === 'string' && HEX_COLOUR.test(colour.trim()) ? { primaryColor: colour.trim() } : {}),
    launcher: (typeof visibility === 'string' && VISIBILITY[visibility]) || 'on',
    ...(side ? { position: { side, ...(sideSpace !== undefined ? { sideSpace } : {}), ...(bottomSpace !== undefined ? { bottomSpace } : {}) } } : {}),
    ...(humanize['enabled'] === true && (botName || botAvatar) ? { bot: { ...(botName ? { name: botName } : {}), ...(botAvatar ? { avatar: botAvatar } : {}) } } : {}),
  };
}

/** Legacy upload modes: well-formed ones only; any at all turns uploads on. */
function modesOf(value: unknown): Pick<DeploymentConfig, 'fileUpload' | 'uploadModes'> {
  const modes = (Array.isArray(value) ? value : []).flatMap((entry): UploadMode[] => {
    const mode = object(entry);
    const fileTypes = Array.isArray(mode['fileTypes']) ? mode['fileTypes'].filter((t): t is string => typeof t === 'string' && t.length > 0) : [];
    const max = mode['maxFileSizeKB'];
    return fileTypes.length ? [{ fileTypes, ...(typeof max === 'number' && max > 0 ? { maxFileSizeKB: max } : {}) }] : [];
  });
  return modes.length ? { fileUpload: true, uploadModes: modes } : { fileUpload: SAFE_DEPLOYMENT_CONFIG.fileUpload };
}
