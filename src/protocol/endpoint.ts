import { isLoopback } from './ids.js';

/** A Genesys Cloud region: its AWS name and the domain its hosts live under (§1.2). */
export interface Region {
  readonly awsRegion: string;
  readonly domain: string;
}

/** Every Genesys Cloud region with a web messaging host. */
export const REGIONS: readonly Region[] = [
  { awsRegion: 'us-east-1', domain: 'mypurecloud.com' },
  { awsRegion: 'us-east-2', domain: 'use2.us-gov-pure.cloud' },
  { awsRegion: 'us-west-2', domain: 'usw2.pure.cloud' },
  { awsRegion: 'ca-central-1', domain: 'cac1.pure.cloud' },
  { awsRegion: 'sa-east-1', domain: 'sae1.pure.cloud' },
  { awsRegion: 'mx-central-1', domain: 'mxc1.pure.cloud' },
  { awsRegion: 'eu-west-1', domain: 'mypurecloud.ie' },
  { awsRegion: 'eu-west-2', domain: 'euw2.pure.cloud' },
  { awsRegion: 'eu-central-1', domain: 'mypurecloud.de' },
  { awsRegion: 'eu-central-2', domain: 'euc2.pure.cloud' },
  { awsRegion: 'me-central-1', domain: 'mec1.pure.cloud' },
  { awsRegion: 'ap-south-1', domain: 'aps1.pure.cloud' },
  { awsRegion: 'ap-northeast-1', domain: 'mypurecloud.jp' },
  { awsRegion: 'ap-northeast-2', domain: 'apne2.pure.cloud' },
  { awsRegion: 'ap-northeast-3', domain: 'apne3.pure.cloud' },
  { awsRegion: 'ap-southeast-1', domain: 'apse1.pure.cloud' },
  { awsRegion: 'ap-southeast-2', domain: 'mypurecloud.com.au' },
];

const DIRECTIONS: Readonly<Record<string, string>> = {
  east: 'e', west: 'w', north: 'n', south: 's', central: 'c', northeast: 'ne', southeast: 'se', northwest: 'nw', southwest: 'sw',
};

/** `eu-west-1` → `euw1`: the short code Genesys uses in environment names such as `prod-euw1`. */
function shortCode(awsRegion: string): string {
  const [area = '', direction = '', number = ''] = awsRegion.split('-');
  return `${area}${DIRECTIONS[direction] ?? direction}${number}`;
}

/** The environment names a region is known by: `prod` is us-east-1; the others are `prod-<code>`. */
function environmentNames(region: Region): string[] {
  const code = shortCode(region.awsRegion);
  const names = [`prod-${code}`];
  if (region.awsRegion === 'us-east-1') names.push('prod');
  if (region.awsRegion === 'us-east-2') names.push(`fedramp-${code}`);
  return names;
}

const byName = new Map<string, Region>();
for (const region of REGIONS) {
  for (const name of [region.domain, region.awsRegion, ...environmentNames(region)]) byName.set(name, region);
}

/**
 * Finds a region by Genesys domain (`mypurecloud.ie`), AWS region (`eu-west-1`) or environment name
 * (`prod-euw1`). Case, surrounding space and a pasted host prefix (`webmessaging.`, `api.`, `apps.`)
 * are forgiven, since CMS authors copy these from many places.
 */
export function findRegion(name: string): Region | undefined {
  const key = name.trim().toLowerCase().replace(/^(https?:\/\/|wss?:\/\/)/, '').replace(/^(webmessaging|api|apps|login)\./, '').replace(/\/.*$/, '');
  return byName.get(key);
}

/** Every accepted spelling, for error messages. */
export const regionNames = (): string[] => [...byName.keys()];

/** Where a deployment's guest API lives. */
export interface Endpoint {
  /** The WebSocket URL, with `deploymentId` in its query. */
  readonly socketUrl: string;
  /** The REST origin (`https://api.<domain>`) for history and auth. */
  readonly apiOrigin: string;
  /** The CDN origin (`https://api-cdn.<domain>`) serving the deployment's config.json. */
  readonly cdnOrigin: string;
}

export type EndpointResult =
  | { readonly ok: true; readonly endpoint: Endpoint }
  | { readonly ok: false; readonly problem: 'missing' | 'unknown-region' | 'invalid-endpoint'; readonly detail: string };

/**
 * Resolves the guest API endpoint for a deployment: an explicit `endpoint` URL (a proxy, the local
 * simulator) wins over `region`.
 */
export function resolveEndpoint(options: {
  readonly region?: string | undefined;
  readonly endpoint?: string | undefined;
  readonly deploymentId: string;
}): EndpointResult {
  const { region, endpoint, deploymentId } = options;
  if (endpoint) {
    let url: URL;
    try {
      url = new URL(endpoint.trim());
    } catch {
      return { ok: false, problem: 'invalid-endpoint', detail: `endpoint "${endpoint}" is not a URL` };
    }
    if (url.protocol !== 'wss:' && url.protocol !== 'ws:') {
      return { ok: false, problem: 'invalid-endpoint', detail: `endpoint "${endpoint}" must be a ws:// or wss:// URL` };
    }
    // The token and every word of the conversation travel on this socket: in the clear only to this machine.
    if (url.protocol === 'ws:' && !isLoopback(url.hostname)) {
      return { ok: false, problem: 'invalid-endpoint', detail: `endpoint "${endpoint}" must be a wss:// URL (ws:// only for this machine: localhost, 127.0.0.1, [::1])` };
    }
    url.searchParams.set('deploymentId', deploymentId);
    const api = new URL(url.href);
    api.protocol = url.protocol === 'wss:' ? 'https:' : 'http:';
    // The Genesys rule (§1.2): the REST host is the messaging host with `api.` for `webmessaging.`.
    api.hostname = api.hostname.replace(/^webmessaging\./, 'api.');
    const cdn = new URL(api.href);
    cdn.hostname = cdn.hostname.replace(/^api\./, 'api-cdn.');
    return { ok: true, endpoint: { socketUrl: url.href, apiOrigin: api.origin, cdnOrigin: cdn.origin } };
  }
  if (!region || !region.trim()) {
    return { ok: false, problem: 'missing', detail: 'set the region attribute (for example "mypurecloud.com") or an endpoint URL' };
  }
  const found = findRegion(region);
  if (!found) {
    return {
      ok: false,
      problem: 'unknown-region',
      detail: `region "${region}" is not a Genesys Cloud region; use a domain such as "mypurecloud.ie", an AWS region such as "eu-west-1" or an environment name such as "prod-euw1"`,
    };
  }
  const socketUrl = `wss://webmessaging.${found.domain}/v1?deploymentId=${encodeURIComponent(deploymentId)}`;
  return {
    ok: true,
    endpoint: { socketUrl, apiOrigin: `https://api.${found.domain}`, cdnOrigin: `https://api-cdn.${found.domain}` },
  };
}

/** The URL of a deployment's config.json on a CDN origin (`https://api-cdn.<domain>`). */
export const configUrl = (cdnOrigin: string, deploymentId: string): string =>
  `${cdnOrigin}/webdeployments/v1/deployments/${encodeURIComponent(deploymentId)}/config.json`;
