// @ts-check
/**
 * Deployment options: what a test (or the demo) can make the simulated Genesys deployment do, their
 * defaults and their checks.
 */
import { randomUUID } from 'node:crypto';

/**
 * @typedef {'immediate' | 'withheld' | number} AckMode
 *   How Presence Clear is acknowledged: at once, never until released, or after that many ms.
 * @typedef {'Send' | 'ReadOnly'} DisconnectMode
 *   What an agent disconnect does to the guest session (the deployment's `conversationDisconnect.type`,
 *   reference §6): `Send` leaves it writable, `ReadOnly` makes it read-only until `startNew` or a Clear.
 * @typedef {'success' | 'failure'} UploadResult
 *   What the scan of an uploaded file finds: `failure` ends every upload in UploadFailureEvent 4003
 *   after its PUT, as a virus scan would.
 * @typedef {{
 *   deploymentId: string,
 *   clearAllowed: boolean,
 *   ack: AckMode,
 *   refuseHandshake: boolean,
 *   sessionError: 4006 | 4007 | null,
 *   greeting: string | null,
 *   disconnectMode: DisconnectMode,
 *   typingEnabled: boolean,
 *   autoStart: boolean,
 *   markdown: boolean,
 *   fileUpload: boolean,
 *   uploadMaxFileSizeKB: number,
 *   uploadResult: UploadResult,
 *   configStatus: number,
 *   maxTextLength: number,
 *   maxCustomDataBytes: number,
 *   sessionDurationSeconds: number,
 *   greetingQuickReplies: string[] | null,
 *   connectionCap: number,
 *   tagAnswers: boolean,
 *   allowedDomains: string[],
 *   downloadUrlSeconds: number,
 *   sessionResponse: 'minimal' | 'full',
 *   messagesPerSecond: number,
 *   authEnabled: boolean,
 *   allowSessionUpgrade: boolean,
 *   authJwtSeconds: number,
 *   primaryColor: string | null,
 *   launcherVisibility: 'On' | 'Off' | 'OnDemand',
 *   position: { alignment: 'Auto' | 'Left' | 'Right', sideSpace: number, bottomSpace: number } | null,
 *   botProfile: { name: string, avatarUrl?: string } | null,
 *   languages: string[],
 *   defaultLanguage: string,
 *   customI18nLabels: CustomLabels[],
 * }} Deployment
 * @typedef {{ language: string, localizedLabels: { key: string, value: string }[] }} CustomLabels
 *   An admin's labels for one language, as config.json publishes them (`customI18nLabels`).
 */

export class OptionError extends Error {}

/** @param {unknown} value @returns {value is DisconnectMode} */
export const isDisconnectMode = value => value === 'Send' || value === 'ReadOnly';

const UUIDISH = /^[0-9A-Za-z-]{1,100}$/;
/** An entry of a deployment's allowed domains: a host name, `*.` and a host name, or `*`. */
const DOMAIN = /^(\*|(\*\.)?[0-9A-Za-z.-]{1,253}|\[[0-9a-fA-F:]+\])$/;

/** The allowed domains of a new deployment: this machine only, as a deployment lists the sites that may embed it. */
export const LOCAL_DOMAINS = Object.freeze(['localhost', '127.0.0.1', '[::1]']);

/**
 * Whether a page's Origin may open a socket to a deployment (reference §1.1: an Origin outside
 * Allowed domains is refused with HTTP 403 at the handshake). No Origin (not a browser) is let through:
 * a client that is not a browser can say any Origin.
 * @param {readonly string[]} allowed @param {string | undefined} origin
 */
export function originAllowed(allowed, origin) {
  if (origin === undefined || allowed.includes('*')) return true;
  let host;
  try {
    host = new URL(origin).hostname;
  } catch {
    return false;
  }
  return allowed.some(domain => (domain.startsWith('*.') ? host.endsWith(domain.slice(1)) : host === domain));
}

/** Integer options and their bounds. Session lengths go up to a year: expiry timers re-arm past Node's 24.8-day limit. */
const INTEGER_RANGES = /** @type {const} */ ({
  configStatus: [200, 599],
  maxTextLength: [1, 1_000_000],
  maxCustomDataBytes: [1, 1_000_000],
  sessionDurationSeconds: [1, 31_536_000],
  uploadMaxFileSizeKB: [1, 102_400],
  connectionCap: [1, 100],
  downloadUrlSeconds: [0, 604_800],
  messagesPerSecond: [0, 1000],
  authJwtSeconds: [1, 86_400],
});

/** A language tag as Messenger writes them: `en-us`, `de`, `pt-br`, `zh-cn`. */
const LANGUAGE_TAG = /^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8}){0,2}$/;
/** @param {unknown} value @returns {value is string} */
const isLanguageTag = value => typeof value === 'string' && LANGUAGE_TAG.test(value);
/** @param {unknown} value @returns {value is CustomLabels} */
const isCustomLabels = value => {
  const entry = /** @type {{ language?: unknown, localizedLabels?: unknown }} */ (value);
  return typeof value === 'object' && value !== null && isLanguageTag(entry.language) && Array.isArray(entry.localizedLabels)
    && entry.localizedLabels.length <= 20
    && entry.localizedLabels.every(label => typeof label?.key === 'string' && typeof label?.value === 'string' && label.value.length <= 200);
};

/** The most quick replies a greeting may carry. */
const MAX_GREETING_QUICK_REPLIES = 10;

/**
 * Checks and applies a patch of options. Unknown keys are refused rather than ignored, so a typo
 * in a test cannot silently leave a deployment on its defaults.
 * @param {Deployment} deployment
 * @param {unknown} patch
 * @returns {Deployment}
 */
export function applyOptions(deployment, patch) {
  if (patch === null || typeof patch !== 'object' || Array.isArray(patch)) throw new OptionError('options must be an object');
  const next = { ...deployment };
  for (const [key, value] of Object.entries(patch)) {
    switch (key) {
      case 'deploymentId':
        if (value !== deployment.deploymentId) throw new OptionError('deploymentId cannot be changed');
        break;
      case 'clearAllowed':
      case 'refuseHandshake':
      case 'typingEnabled':
      case 'autoStart':
      case 'markdown':
      case 'fileUpload':
      case 'tagAnswers':
      case 'authEnabled':
      case 'allowSessionUpgrade':
        if (typeof value !== 'boolean') throw new OptionError(`${key} must be a boolean`);
        next[key] = value;
        break;
      case 'ack':
        if (value !== 'immediate' && value !== 'withheld' && !(Number.isInteger(value) && value >= 0 && value <= 600000)) {
          throw new OptionError("ack must be 'immediate', 'withheld' or a delay in ms (0..600000)");
        }
        next.ack = /** @type {AckMode} */ (value);
        break;
      case 'sessionError':
        if (value !== 4006 && value !== 4007 && value !== null) throw new OptionError('sessionError must be 4006, 4007 or null');
        next.sessionError = value;
        break;
      case 'greeting':
        if (value !== null && (typeof value !== 'string' || !value)) throw new OptionError('greeting must be a non-empty string or null');
        next.greeting = value;
        break;
      case 'disconnectMode':
        if (!isDisconnectMode(value)) throw new OptionError("disconnectMode must be 'Send' or 'ReadOnly'");
        next.disconnectMode = value;
        break;
      case 'configStatus':
      case 'maxTextLength':
      case 'maxCustomDataBytes':
      case 'sessionDurationSeconds':
      case 'uploadMaxFileSizeKB':
      case 'downloadUrlSeconds':
      case 'messagesPerSecond':
      case 'authJwtSeconds':
      case 'connectionCap': {
        const [min, max] = INTEGER_RANGES[key];
        if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
          throw new OptionError(`${key} must be an integer from ${min} to ${max}`);
        }
        next[key] = value;
        break;
      }
      case 'uploadResult':
        if (value !== 'success' && value !== 'failure') throw new OptionError("uploadResult must be 'success' or 'failure'");
        next.uploadResult = value;
        break;
      case 'allowedDomains':
        if (!(Array.isArray(value) && value.length <= 100 && value.every(domain => typeof domain === 'string' && DOMAIN.test(domain)))) {
          throw new OptionError("allowedDomains must be a list of host names ('example.com', '*.example.com', or '*' for any)");
        }
        next.allowedDomains = [...value];
        break;
      case 'sessionResponse':
        if (value !== 'minimal' && value !== 'full') throw new OptionError("sessionResponse must be 'minimal' or 'full'");
        next.sessionResponse = value;
        break;
      // Messenger's look (reference §1.4: styles, launcherButton, position, humanize).
      case 'primaryColor':
        if (value !== null && !(typeof value === 'string' && /^#[0-9a-fA-F]{3,8}$/.test(value))) throw new OptionError('primaryColor must be a hex colour (#1a2b3c) or null');
        next.primaryColor = value;
        break;
      case 'launcherVisibility':
        if (value !== 'On' && value !== 'Off' && value !== 'OnDemand') throw new OptionError("launcherVisibility must be 'On', 'Off' or 'OnDemand'");
        next.launcherVisibility = value;
        break;
      case 'position': {
        const p = /** @type {Record<string, unknown>} */ (value ?? {});
        const spaceOk = (/** @type {unknown} */ n) => Number.isInteger(n) && /** @type {number} */ (n) >= 0 && /** @type {number} */ (n) <= 500;
        if (value !== null && !(typeof value === 'object' && ['Auto', 'Left', 'Right'].includes(String(p['alignment'])) && spaceOk(p['sideSpace']) && spaceOk(p['bottomSpace']))) {
          throw new OptionError("position must be null or { alignment: 'Auto' | 'Left' | 'Right', sideSpace, bottomSpace } (px, 0..500)");
        }
        next.position = value === null ? null : { alignment: /** @type {'Auto' | 'Left' | 'Right'} */ (p['alignment']), sideSpace: Number(p['sideSpace']), bottomSpace: Number(p['bottomSpace']) };
        break;
      }
      case 'botProfile': {
        const b = /** @type {Record<string, unknown>} */ (value ?? {});
        if (value !== null && !(typeof value === 'object' && typeof b['name'] === 'string' && b['name'].trim() && (b['avatarUrl'] === undefined || (typeof b['avatarUrl'] === 'string' && /^https:\/\//.test(b['avatarUrl']))))) {
          throw new OptionError('botProfile must be null or { name, avatarUrl? (https) }');
        }
        next.botProfile = value === null ? null : { name: String(b['name']), ...(b['avatarUrl'] ? { avatarUrl: String(b['avatarUrl']) } : {}) };
        break;
      }
      case 'greetingQuickReplies':
        if (value !== null && !(Array.isArray(value) && value.length >= 1 && value.length <= MAX_GREETING_QUICK_REPLIES
          && value.every(reply => typeof reply === 'string' && reply.trim() !== ''))) {
          throw new OptionError(`greetingQuickReplies must be null or 1 to ${MAX_GREETING_QUICK_REPLIES} non-empty strings`);
        }
        next.greetingQuickReplies = value === null ? null : [...value];
        break;
      case 'languages':
        if (!(Array.isArray(value) && value.length >= 1 && value.length <= 30 && value.every(isLanguageTag))) {
          throw new OptionError("languages must be 1 to 30 language tags ('en-us', 'de', 'pt-br')");
        }
        next.languages = [...value];
        break;
      case 'defaultLanguage':
        if (!isLanguageTag(value)) throw new OptionError("defaultLanguage must be a language tag ('en-us')");
        next.defaultLanguage = value;
        break;
      case 'customI18nLabels':
        if (!(Array.isArray(value) && value.length <= 30 && value.every(isCustomLabels))) {
          throw new OptionError('customI18nLabels must be a list of { language, localizedLabels: [{ key, value }] } (values up to 200 characters)');
        }
        next.customI18nLabels = value.map(entry => ({ language: entry.language, localizedLabels: entry.localizedLabels.map(({ key, value }) => ({ key, value })) }));
        break;
      default:
        throw new OptionError(`unknown option ${key}`);
    }
  }
  return next;
}

/** @param {unknown} options @returns {Deployment} */
export function newDeployment(options = {}) {
  const requested = options && typeof options === 'object' ? /** @type {{ deploymentId?: unknown }} */ (options).deploymentId : undefined;
  if (requested !== undefined && (typeof requested !== 'string' || !UUIDISH.test(requested))) {
    throw new OptionError('deploymentId must be a UUID-like string');
  }
  /** @type {Deployment} */
  const defaults = {
    deploymentId: requested ?? randomUUID(),
    clearAllowed: true,
    ack: 'immediate',
    refuseHandshake: false,
    sessionError: null,
    greeting: null,
    disconnectMode: 'Send',
    typingEnabled: true,
    autoStart: false,
    markdown: false,
    fileUpload: false,
    uploadMaxFileSizeKB: 10240,
    uploadResult: 'success',
    configStatus: 200,
    maxTextLength: 4000,
    maxCustomDataBytes: 2048,
    sessionDurationSeconds: 259200,
    greetingQuickReplies: null,
    connectionCap: 5,
    tagAnswers: false,
    allowedDomains: [...LOCAL_DOMAINS],
    downloadUrlSeconds: 600,
    sessionResponse: 'minimal',
    messagesPerSecond: 10,
    authEnabled: false,
    allowSessionUpgrade: false,
    authJwtSeconds: 900,
    primaryColor: null,
    launcherVisibility: 'On',
    position: null,
    botProfile: null,
    languages: ['en-us'],
    defaultLanguage: 'en-us',
    customI18nLabels: [],
  };
  return applyOptions(defaults, options);
}
