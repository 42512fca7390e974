// @ts-check
/**
 * The deployments the simulator knows, made and changed through the control API; the public
 * `config.json` each one serves (reference §1.4); and the frames guests sent to each, for tests to read.
 */
import { Conflict } from './errors.mjs';
import { applyOptions, newDeployment, originAllowed } from './deployment-options.mjs';
import { isObject } from './requests.mjs';

/**
 * @typedef {import('./deployment-options.mjs').Deployment} Deployment
 * @typedef {import('./connection.mjs').Connection} Connection
 * @typedef {import('./store.mjs').Store} Store
 * @typedef {{ at: string, socketId: string, token: string | null, raw: string, frame: unknown }} RecordedFrame
 *   A frame a guest socket sent; `frame` is null when it was not JSON.
 */

/** Keeps a long-running demo from growing without bound; tests record far fewer. */
const MAX_FRAMES_PER_DEPLOYMENT = 10000;

/** What the simulator accepts for upload when `fileUpload` is on: pictures and PDFs. */
export const UPLOAD_FILE_TYPES = /** @type {const} */ (['image/png', 'image/jpeg', 'image/gif', 'application/pdf']);

/** File name endings refused whatever their declared type (SessionResponse `blockedExtensions`). */
export const BLOCKED_EXTENSIONS = /** @type {const} */ (['.exe', '.bat', '.cmd', '.com', '.js', '.msi', '.scr', '.vbs']);

/**
 * What a guest may upload to this deployment, or null when uploads are off: the one source for
 * SessionResponse's `allowedMedia`/`blockedExtensions`, config.json's `fileUpload` and the checks
 * of `onAttachment`.
 * @param {Deployment} deployment
 * @returns {{ fileTypes: string[], maxFileSizeKB: number, blockedExtensions: string[] } | null}
 */
export function uploadProfile(deployment) {
  if (!deployment.fileUpload) return null;
  return { fileTypes: [...UPLOAD_FILE_TYPES], maxFileSizeKB: deployment.uploadMaxFileSizeKB, blockedExtensions: [...BLOCKED_EXTENSIONS] };
}

/**
 * The deployment's public `config.json` (reference §1.4): the fields the mobile SDK reads, filled
 * from the options, with the simulator standing in for both the REST and the messaging host.
 * @param {Deployment} deployment
 * @param {{ apiOrigin: string, messagingOrigin: string, version: string }} where
 */
export function deploymentConfig(deployment, { apiOrigin, messagingOrigin, version }) {
  const upload = uploadProfile(deployment);
  return {
    id: deployment.deploymentId,
    version,
    languages: [...deployment.languages],
    defaultLanguage: deployment.defaultLanguage,
    ...(deployment.customI18nLabels.length ? { customI18nLabels: deployment.customI18nLabels } : {}),
    apiEndpoint: apiOrigin,
    status: 'Active',
    ...(deployment.position ? { position: deployment.position } : {}),
    // Signed-in visitors (reference §1.4, §10): whether the deployment takes them, and guest sessions may step up.
    auth: { enabled: deployment.authEnabled, allowSessionUpgrade: deployment.allowSessionUpgrade },
    messenger: {
      enabled: true,
      apps: {
        conversations: {
          messagingEndpoint: messagingOrigin,
          showAgentTypingIndicator: deployment.typingEnabled,
          showUserTypingIndicator: deployment.typingEnabled,
          autoStart: { enabled: deployment.autoStart },
          conversationDisconnect: { enabled: true, type: deployment.disconnectMode },
          conversationClear: { enabled: deployment.clearAllowed },
          markdown: { enabled: deployment.markdown },
          humanize: deployment.botProfile ? { enabled: true, bot: deployment.botProfile } : { enabled: false },
        },
      },
      ...(deployment.primaryColor ? { styles: { primaryColor: deployment.primaryColor } } : {}),
      launcherButton: { visibility: deployment.launcherVisibility },
      // `modes` alone, as older deployments publish it (reference §1.4); with `full`, `enableAttachments` too,
      // and the SessionResponse's allowedMedia then decide.
      fileUpload: deployment.sessionResponse === 'full'
        ? { enableAttachments: !!upload, modes: upload ? [{ fileTypes: upload.fileTypes, maxFileSizeKB: upload.maxFileSizeKB }] : [] }
        : { modes: upload ? [{ fileTypes: upload.fileTypes, maxFileSizeKB: upload.maxFileSizeKB }] : [] },
    },
  };
}

/** The deployment registry behind `/sim/deployments`, `config.json` and the handshake check. */
export class Deployments {
  /** Bumped on every change of a deployment, as `config.json`'s `version`. */
  /** @type {Map<string, number>} */
  #versions = new Map();
  /** @type {Map<string, RecordedFrame[]>} */
  #frames = new Map();

  /** @param {Store} store */
  constructor(store) {
    this.store = store;
  }

  /** @param {unknown} options @returns {Deployment} */
  create(options = {}) {
    const deployment = newDeployment(options);
    if (this.store.deployments.has(deployment.deploymentId)) throw new Conflict(`deployment ${deployment.deploymentId} already exists`);
    this.store.deployments.set(deployment.deploymentId, deployment);
    this.#frames.set(deployment.deploymentId, []);
    return { ...deployment };
  }

  /** @param {string} id @param {unknown} patch @returns {Deployment} */
  update(id, patch) {
    const next = applyOptions(this.store.deployment(id), patch);
    this.store.deployments.set(id, next);
    this.#versions.set(id, (this.#versions.get(id) ?? 1) + 1);
    return { ...next };
  }

  /** @param {string} id @returns {Deployment} */
  get(id) {
    return { ...this.store.deployment(id) };
  }

  /** Every deployment, the demo one first. @returns {Deployment[]} */
  list() {
    return [...this.store.deployments.values()].map(d => ({ ...d }));
  }

  /**
   * The deployment's public `config.json`, or the failure `configStatus` asks for.
   * @param {string} id @param {{ apiOrigin: string, messagingOrigin: string }} origins
   * @returns {{ status: number, body: unknown }}
   */
  config(id, origins) {
    const deployment = this.store.deployment(id);
    if (deployment.configStatus !== 200) {
      return { status: deployment.configStatus, body: { error: `config.json answers ${deployment.configStatus} (configStatus)` } };
    }
    return { status: 200, body: deploymentConfig(deployment, { ...origins, version: String(this.#versions.get(id) ?? 1) }) };
  }

  /**
   * Whether a WebSocket upgrade for this deployment, from a page of `origin`, is let through (reference
   * §1.1: else HTTP 403): a known deployment, not refusing handshakes, and the page's site in its allowed domains.
   * @param {string | null} deploymentId @param {string | undefined} [origin]
   */
  acceptsHandshake(deploymentId, origin) {
    const deployment = deploymentId === null ? undefined : this.store.deployments.get(deploymentId);
    return Boolean(deployment && !deployment.refuseHandshake && originAllowed(deployment.allowedDomains, origin));
  }

  /**
   * Keeps a frame a guest socket sent, with the token it named (or its session's).
   * @param {Connection} connection @param {string} raw @param {unknown} frame null when not JSON
   */
  record(connection, raw, frame) {
    const list = this.#frames.get(connection.deploymentId);
    if (!list) return;
    const token = isObject(frame) && typeof frame['token'] === 'string' ? frame['token'] : (connection.session?.token ?? null);
    list.push({ at: new Date().toISOString(), socketId: connection.id, token, raw, frame });
    if (list.length > MAX_FRAMES_PER_DEPLOYMENT) list.splice(0, list.length - MAX_FRAMES_PER_DEPLOYMENT);
  }

  /** Every frame the deployment's guest sockets sent, oldest first. @param {string} deploymentId @returns {RecordedFrame[]} */
  frames(deploymentId) {
    this.store.deployment(deploymentId);
    return (this.#frames.get(deploymentId) ?? []).map(f => ({ ...f }));
  }
}
