import { LOCALES, matchLocale } from './i18n/locales.js';
import { configUrl as cdnConfigUrl, resolveEndpoint, type Endpoint } from './protocol/endpoint.js';
import type { CustomAttributes } from './protocol/frames.js';
import { isUuid } from './protocol/ids.js';

/** The element's attributes, as given. */
export interface ConfigAttributes {
  readonly deploymentId: string | null | undefined;
  readonly region: string | null | undefined;
  readonly endpoint: string | null | undefined;
  readonly endTimeout: string | number | null | undefined;
  /** A URL of the deployment's config.json that overrides the one derived from the region. */
  readonly configUrl?: string | null | undefined;
  /** JSON text (from the attribute) or an object (from the property) of string values. */
  readonly customAttributes?: string | Readonly<Record<string, unknown>> | null | undefined;
  /** Where the session is kept: `local`, `session` or `none`. */
  readonly storage?: string | null | undefined;
}

/**
 * Where the session (token, End intent, unsent words, expiry) is kept: `local` resumes across reloads and
 * tabs (`localStorage`), `session` in this tab only (`sessionStorage`), `none` nowhere (a reload starts anew).
 */
export type StorageMode = 'local' | 'session' | 'none';
const STORAGE_MODES: readonly StorageMode[] = ['local', 'session', 'none'];

/** A valid configuration. */
export interface ChatConfig {
  readonly deploymentId: string;
  readonly endpoint: Endpoint;
  readonly endTimeout: number;
  /** Where the deployment's config.json is read from. */
  readonly configUrl: string;
  readonly storage: StorageMode;
  readonly customAttributes?: CustomAttributes;
}

/** One thing wrong with the attributes, worded for the integrator. */
export interface ConfigProblem {
  readonly attribute: 'deployment-id' | 'region' | 'endpoint' | 'end-timeout' | 'config-url' | 'custom-attributes' | 'storage' | 'theme' | 'launcher' | 'position' | 'primary-color' | 'locale';
  readonly message: string;
}

export type ConfigResult =
  | { readonly ok: true; readonly config: ChatConfig; readonly warnings: readonly ConfigProblem[] }
  | { readonly ok: false; readonly problems: readonly ConfigProblem[] };

/** Default wait for the Clear acknowledgement, ms (attribute `end-timeout`). */
export const DEFAULT_END_TIMEOUT = 10_000;
const MIN_END_TIMEOUT = 1000;
const MAX_END_TIMEOUT = 120_000;

/**
 * Checks the attributes and turns them into a configuration, or lists every problem at once so an
 * integrator fixes them in one go. A bad `end-timeout` only warns: the default is safe.
 */
export function resolveConfig(attributes: ConfigAttributes): ConfigResult {
  const problems: ConfigProblem[] = [];
  const warnings: ConfigProblem[] = [];
  const deploymentId = (attributes.deploymentId ?? '').trim();
  if (!deploymentId) {
    problems.push({ attribute: 'deployment-id', message: 'deployment-id is missing: copy the deployment id from Admin > Message > Messenger Deployments.' });
  } else if (!isUuid(deploymentId)) {
    problems.push({ attribute: 'deployment-id', message: `deployment-id "${deploymentId}" is not a deployment id (a UUID such as 5c0a3f8e-9d2b-4f7e-8a61-3b2d9e4c7f10).` });
  }
  const resolved = resolveEndpoint({
    region: attributes.region ?? undefined,
    endpoint: attributes.endpoint ?? undefined,
    deploymentId,
  });
  if (!resolved.ok) {
    problems.push({ attribute: resolved.problem === 'invalid-endpoint' ? 'endpoint' : 'region', message: `${resolved.detail}.` });
  } else if (attributes.endpoint && !/\/v1\/?$/.test(new URL(resolved.endpoint.socketUrl).pathname)) {
    // A proxy may use any path, so this only warns; against Genesys itself the handshake would fail.
    const path = new URL(resolved.endpoint.socketUrl).pathname;
    warnings.push({ attribute: 'endpoint', message: `endpoint path is "${path}", and the Guest API's is /v1 (/v1 missing?): wss://webmessaging.<region domain>/v1.` });
  }
  let endTimeout = DEFAULT_END_TIMEOUT;
  const rawTimeout = attributes.endTimeout;
  if (rawTimeout !== null && rawTimeout !== undefined && String(rawTimeout).trim() !== '') {
    const value = Number(rawTimeout);
    if (Number.isInteger(value) && value >= MIN_END_TIMEOUT && value <= MAX_END_TIMEOUT) endTimeout = value;
    else {
      warnings.push({
        attribute: 'end-timeout',
        message: `end-timeout "${rawTimeout}" must be a whole number of milliseconds from ${MIN_END_TIMEOUT} to ${MAX_END_TIMEOUT}; using ${DEFAULT_END_TIMEOUT}.`,
      });
    }
  }
  let configUrl = resolved.ok ? cdnConfigUrl(resolved.endpoint.cdnOrigin, deploymentId) : '';
  const rawConfigUrl = (attributes.configUrl ?? '').trim();
  if (rawConfigUrl) {
    const url = URL.canParse(rawConfigUrl) ? new URL(rawConfigUrl) : undefined;
    if (url && (url.protocol === 'https:' || url.protocol === 'http:')) configUrl = url.href;
    else problems.push({ attribute: 'config-url', message: `config-url "${rawConfigUrl}" must be an http(s) URL of the deployment's config.json.` });
  }
  // Where a visitor's data is kept is not guessed: a value that is not one of the three stops the chat.
  const rawStorage = (attributes.storage ?? '').trim() || 'local';
  const storage = STORAGE_MODES.find(mode => mode === rawStorage);
  if (!storage) problems.push({ attribute: 'storage', message: `storage "${rawStorage}" must be local, session or none.` });
  const customAttributes = readCustomAttributes(attributes.customAttributes, warnings);
  if (problems.length > 0 || !resolved.ok || !storage) return { ok: false, problems };
  return {
    ok: true,
    config: { deploymentId, endpoint: resolved.endpoint, endTimeout, configUrl, storage, ...(customAttributes ? { customAttributes } : {}) },
    warnings,
  };
}

/** The colour themes: `auto` follows the visitor's `prefers-color-scheme`. */
export type Theme = 'light' | 'dark' | 'auto';

/**
 * A theme that is not one of the three only warns: the styles then match none of them and the widget
 * shows its light theme, which every page can read.
 */
export function checkTheme(raw: string | null | undefined): ConfigProblem | undefined {
  const theme = raw ?? '';
  if (theme === '' || theme === 'light' || theme === 'dark' || theme === 'auto') return undefined;
  return { attribute: 'theme', message: `theme "${theme}" must be light, dark or auto; using light.` };
}

/** The launcher's own attributes: a wrong value only warns, and the deployment's setting applies. */
export function checkLook(attributes: { readonly launcher?: string | null | undefined; readonly position?: string | null | undefined; readonly primaryColor?: string | null | undefined }): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const { launcher, position, primaryColor } = attributes;
  if (launcher && launcher !== 'on' && launcher !== 'off') problems.push({ attribute: 'launcher', message: `launcher "${launcher}" must be on or off; using the deployment's setting.` });
  if (position && position !== 'left' && position !== 'right' && position !== 'auto') {
    problems.push({ attribute: 'position', message: `position "${position}" must be left, right or auto; using the deployment's setting.` });
  }
  if (primaryColor && !CSS.supports('color', primaryColor)) {
    problems.push({ attribute: 'primary-color', message: `primary-color "${primaryColor}" is not a CSS colour; using the deployment's colour.` });
  }
  return problems;
}

/**
 * Custom attributes are participant data for the routing flow: string values only (§2.4.1). A bad
 * value only warns; the chat works without them.
 */
export function readCustomAttributes(raw: ConfigAttributes['customAttributes'], warnings: ConfigProblem[] = []): CustomAttributes | undefined {
  if (raw === null || raw === undefined || raw === '') return undefined;
  let value: unknown = raw;
  if (typeof raw === 'string') {
    try {
      value = JSON.parse(raw);
    } catch {
      warnings.push({ attribute: 'custom-attributes', message: 'custom-attributes is not JSON: write an object such as {"customerId":"42"}; no custom attributes are sent.' });
      return undefined;
    }
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    warnings.push({ attribute: 'custom-attributes', message: 'custom-attributes must be a JSON object of strings, such as {"customerId":"42"}; no custom attributes are sent.' });
    return undefined;
  }
  const result: Record<string, string> = {};
  const skipped: string[] = [];
  for (const [key, v] of Object.entries(value)) {
    if (typeof v === 'string') result[key] = v;
    else skipped.push(key);
  }
  if (skipped.length > 0) {
    warnings.push({ attribute: 'custom-attributes', message: `custom-attributes values must be strings; left out: ${skipped.join(', ')}.` });
  }
  return Object.keys(result).length > 0 ? result : undefined;
}

/**
 * The `locale` attribute, when it names a language the widget has (`de`, `de-AT`, `pt-br`). Another
 * value only warns: the language is then chosen as if the attribute were not there.
 */
export function readLocale(raw: string | null | undefined, warnings: ConfigProblem[] = []): string | undefined {
  const tag = raw?.trim();
  if (!tag) return undefined;
  if (matchLocale(tag)) return tag;
  warnings.push({
    attribute: 'locale',
    message: `locale "${tag}" is not a language of this chat (${LOCALES.join(', ')}, or a regional form such as de-AT); the language is chosen from the page and the deployment instead.`,
  });
  return undefined;
}
