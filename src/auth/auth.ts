import type { Fetcher } from '../machine/http.actors.js';

/**
 * Proof that the visitor signed in at the site's identity provider (§10.2): an authorization code with
 * the `redirectUri` it was issued for and, with PKCE, its `codeVerifier`; or an OpenID `idToken` with the
 * `nonce` of its request. The widget never holds a client secret: Genesys redeems the code itself.
 */
export type AuthProof =
  | { readonly code: string; readonly redirectUri: string; readonly codeVerifier?: string; readonly nonce?: string }
  | { readonly idToken: string; readonly nonce: string };

/**
 * How the page signs the visitor in: a proof, or a function that gets a fresh one whenever the widget
 * asks (a code is single-use, so a later sign-in, after a refused one, needs a new code).
 */
export type GenesysChatAuth = AuthProof | (() => AuthProof | Promise<AuthProof>);

/** What Genesys gives for a proof: the auth JWT a session is configured with, and a refresh token (code flow). */
export interface AuthTokens {
  readonly jwt: string;
  readonly refreshToken?: string;
}

/** How the link signs in and keeps the JWT fresh (see `createAuth`). */
export interface AuthSource {
  /** The page has given a way to sign in: without one, the visitor is a guest. */
  readonly available: () => boolean;
  /** Asks the page for a proof and exchanges it. */
  readonly signIn: () => Promise<AuthTokens>;
  /** A new JWT for the refresh token (rejects without one, or when it no longer stands). */
  readonly refresh: (tokens: AuthTokens) => Promise<AuthTokens>;
  /** Ends the login at Genesys (§10.4): its JWT and refresh token stop working, and its sockets get LogoutEvent. */
  readonly revoke: (tokens: AuthTokens) => Promise<void>;
}

const TOKEN_PATH = '/api/v2/webdeployments/token';

async function post(fetcher: Fetcher, url: string, body: unknown): Promise<Record<string, unknown>> {
  const response = await fetcher(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (!response.ok) throw new Error(`${url} answered HTTP ${response.status}`);
  const json: unknown = await response.json();
  if (typeof json !== 'object' || json === null || typeof (json as Record<string, unknown>)['jwt'] !== 'string') throw new Error(`${url} answered no jwt`);
  return json as Record<string, unknown>;
}

/**
 * The sign-in of the page's `auth` (read when needed: a page may sign the visitor in mid-conversation),
 * against the deployment's REST host (§10.2, §10.3).
 */
export function createAuth(authOf: () => GenesysChatAuth | undefined, fetcher: Fetcher, apiOrigin: string, deploymentId: string): AuthSource {
  return {
    available: () => authOf() !== undefined,
    async signIn() {
      const auth = authOf();
      if (!auth) throw new Error('the page gave no auth');
      const proof = typeof auth === 'function' ? await auth() : auth;
      const oauth = 'idToken' in proof ? { idToken: proof.idToken, nonce: proof.nonce } : proof;
      const json = await post(fetcher, `${apiOrigin}${TOKEN_PATH}/oauthcodegrantjwtexchange`, { deploymentId, oauth });
      const refreshToken = json['refreshToken'];
      return { jwt: String(json['jwt']), ...(typeof refreshToken === 'string' ? { refreshToken } : {}) };
    },
    async refresh(tokens) {
      if (!tokens.refreshToken) throw new Error('no refresh token (an id_token sign-in has none)');
      const json = await post(fetcher, `${apiOrigin}${TOKEN_PATH}/refresh`, { refreshToken: tokens.refreshToken, deploymentId });
      return { jwt: String(json['jwt']), refreshToken: tokens.refreshToken };
    },
    async revoke(tokens) {
      const url = `${apiOrigin}${TOKEN_PATH}/revoke`;
      let response = await fetcher(url, { method: 'DELETE', headers: { authorization: `bearer ${tokens.jwt}` } });
      // An expired JWT: renewed once and the revoke tried again (the official SDK does the same, §10.4).
      if (response.status === 401 && tokens.refreshToken) {
        const fresh = await this.refresh(tokens);
        response = await fetcher(url, { method: 'DELETE', headers: { authorization: `bearer ${fresh.jwt}` } });
      }
      if (!response.ok) throw new Error(`${url} answered HTTP ${response.status}`);
    },
  };
}
