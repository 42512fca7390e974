// @ts-check
/**
 * Signed-in visitors (reference §10): a stand-in identity provider that issues authorization codes
 * (with PKCE) and id_tokens, Genesys's three token endpoints (code or id_token → auth JWT and refresh
 * token, refresh, revoke), and the check of the JWT a `configureAuthenticatedSession` carries.
 * Revoking a login sends `LogoutEvent` to every socket of that user and forgets their sessions.
 */
import { createHash, createHmac, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';

/**
 * @typedef {import('./store.mjs').Store} Store
 * @typedef {{ sub: string, name: string }} User
 * @typedef {{ redirectUri: string, challenge: string | null, user: User, expiresAt: number }} IssuedCode
 * @typedef {{ id: string, user: User, deploymentId: string, refreshToken: string | null, refreshExpiresAt: number, revoked: boolean, generation: number }} Login
 *   One sign-in exchanged for Genesys tokens: its JWTs and refresh token stand or fall together.
 * @typedef {{ status: number, body?: unknown }} Answer
 */

/** A refresh token is "valid for 24 hours" and refreshing does not renew it (reference §10.10). */
const REFRESH_TOKEN_MS = 24 * 3600_000;
/** An authorization code is single-use and short-lived. */
const CODE_MS = 5 * 60_000;
/** The 401 Genesys answers a configure with a JWT that is missing, expired or not its own (reference §10.7). */
export const UNAUTHORIZED_TEXT = 'User is unauthorized';
/** The 403 Genesys answers when the login behind a JWT is no longer valid (reference §10.7). */
export const AUTH_FAILED_TEXT = 'Session authentication failed';

/** @param {unknown} value */
const json = value => Buffer.from(JSON.stringify(value)).toString('base64url');

export class Auth {
  #secret = randomBytes(32);
  /** @type {Map<string, IssuedCode>} */
  #codes = new Map();
  /** Logins by id, and by refresh token. */
  /** @type {Map<string, Login>} */
  #logins = new Map();
  /** @type {Map<string, Login>} */
  #byRefresh = new Map();

  /** @param {Store} store */
  constructor(store) {
    this.store = store;
  }

  /**
   * The identity provider's sign-in (a test control, and what the demo's "Sign in" page posts): a
   * single-use code for `redirectUri`, bound to the PKCE `codeChallenge` (S256) when given; or, with
   * `nonce`, an id_token carrying it.
   * @param {{ user?: unknown, redirectUri?: unknown, codeChallenge?: unknown, codeChallengeMethod?: unknown, nonce?: unknown, responseType?: unknown }} request
   * @returns {Answer}
   */
  signIn(request) {
    const name = typeof request.user === 'string' && request.user.trim() ? request.user.trim().slice(0, 100) : 'Jane Doe';
    const user = { sub: `user-${createHash('sha256').update(name).digest('hex').slice(0, 12)}`, name };
    if (request.responseType === 'id_token') {
      if (typeof request.nonce !== 'string' || !request.nonce) return { status: 400, body: { error: 'invalid_request', error_description: 'nonce is required' } };
      return { status: 200, body: { idToken: this.#sign({ iss: 'simulator-idp', sub: user.sub, name, nonce: request.nonce, exp: Math.floor(Date.now() / 1000) + 600 }) } };
    }
    if (typeof request.redirectUri !== 'string' || !URL.canParse(request.redirectUri)) {
      return { status: 400, body: { error: 'invalid_request', error_description: 'redirectUri must be a URL' } };
    }
    const challenge = typeof request.codeChallenge === 'string' && request.codeChallenge ? request.codeChallenge : null;
    if (challenge && request.codeChallengeMethod !== 'S256') {
      return { status: 400, body: { error: 'invalid_request', error_description: 'code_challenge_method must be S256' } };
    }
    const code = randomBytes(24).toString('base64url');
    this.#codes.set(code, { redirectUri: request.redirectUri, challenge, user, expiresAt: Date.now() + CODE_MS });
    return { status: 200, body: { code } };
  }

  /**
   * `POST …/token/oauthcodegrantjwtexchange` (reference §10.2): exactly one of `code` (with its
   * `redirectUri`, and `codeVerifier` when the code was bound to a challenge) or `idToken` (with its `nonce`).
   * @param {unknown} body @returns {Answer}
   */
  exchange(body) {
    const request = /** @type {Record<string, any>} */ (body && typeof body === 'object' ? body : {});
    const deploymentId = request['deploymentId'];
    const oauth = request['oauth'] && typeof request['oauth'] === 'object' ? request['oauth'] : {};
    const deployment = typeof deploymentId === 'string' ? this.store.deployments.get(deploymentId) : undefined;
    if (!deployment) return badRequest('deploymentId names no deployment');
    if (!deployment.authEnabled) return badRequest('the deployment does not take authenticated sessions');
    if ((typeof oauth.code === 'string') === (typeof oauth.idToken === 'string')) return badRequest('exactly one of oauth.code and oauth.idToken is required');
    if (typeof oauth.idToken === 'string') {
      const claims = this.#verify(oauth.idToken);
      if (!claims || claims['iss'] !== 'simulator-idp' || Number(claims['exp']) * 1000 <= Date.now()) return badRequest('idToken is not valid');
      if (claims['nonce'] !== oauth.nonce) return badRequest('nonce does not match the idToken');
      const login = this.#login({ sub: String(claims['sub']), name: String(claims['name']) }, deploymentId, false);
      return { status: 200, body: { jwt: this.#jwt(login, deployment.authJwtSeconds) } };
    }
    const issued = this.#codes.get(oauth.code);
    // Single use: a code is spent by its first exchange, right or wrong.
    this.#codes.delete(oauth.code);
    if (!issued || issued.expiresAt <= Date.now()) return badRequest('code is unknown, used or expired');
    if (oauth.redirectUri !== issued.redirectUri) return badRequest('redirectUri does not match the authorization request');
    if (issued.challenge) {
      const verifier = typeof oauth.codeVerifier === 'string' ? oauth.codeVerifier : '';
      if (verifier.length < 43 || createHash('sha256').update(verifier).digest('base64url') !== issued.challenge) return badRequest('codeVerifier does not match the code challenge');
    }
    const login = this.#login(issued.user, deploymentId, true);
    return { status: 200, body: { jwt: this.#jwt(login, deployment.authJwtSeconds), refreshToken: login.refreshToken } };
  }

  /** `POST …/token/refresh` (reference §10.3): a new JWT for a refresh token that stands. @param {unknown} body @returns {Answer} */
  refresh(body) {
    const request = /** @type {Record<string, unknown>} */ (body && typeof body === 'object' ? body : {});
    const login = typeof request['refreshToken'] === 'string' ? this.#byRefresh.get(request['refreshToken']) : undefined;
    if (!login || login.revoked || login.refreshExpiresAt <= Date.now()) return { status: 401, body: { status: 401, code: 'bad.credentials', message: 'Invalid refresh token.' } };
    if (request['deploymentId'] !== undefined && request['deploymentId'] !== login.deploymentId) return badRequest('deploymentId does not match the refresh token');
    return { status: 200, body: { jwt: this.#jwt(login, this.store.deployment(login.deploymentId).authJwtSeconds) } };
  }

  /**
   * `DELETE …/token/revoke` with the bearer JWT (reference §10.4): every login of that user on the
   * deployment ends, and each of their sockets gets `LogoutEvent`; their sessions are forgotten.
   * @param {string | undefined} authorization @returns {Answer}
   */
  revoke(authorization) {
    const match = /^bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
    const checked = match ? this.check(String(match[1])) : { error: 401 };
    if ('error' in checked) return { status: 401, body: { status: 401, code: 'bad.credentials', message: 'Invalid login credentials.' } };
    this.logOut(checked.login.deploymentId, checked.login.user.sub);
    return { status: 204 };
  }

  /** Ends every login of a user on a deployment: LogoutEvent to their sockets, their sessions gone. @param {string} deploymentId @param {string} sub */
  logOut(deploymentId, sub) {
    for (const login of this.#logins.values()) if (login.deploymentId === deploymentId && login.user.sub === sub) login.revoked = true;
    for (const [key, session] of this.store.sessions) {
      if (session.deploymentId !== deploymentId || session.authenticated?.sub !== sub) continue;
      session.broadcast({ type: 'message', class: 'LogoutEvent', code: 200, body: {} });
      this.store.sessions.delete(key);
    }
    this.store.changed();
  }

  /**
   * The login a JWT stands for, or why it does not: 401 (missing, malformed, not ours, expired), 403
   * (its login was revoked).
   * @param {unknown} jwt @returns {{ login: Login } | { error: 401 | 403 }}
   */
  check(jwt) {
    const claims = typeof jwt === 'string' ? this.#verify(jwt) : null;
    if (!claims || claims['iss'] !== 'simulator-genesys' || Number(claims['exp']) * 1000 <= Date.now()) return { error: 401 };
    const login = this.#logins.get(String(claims['login']));
    // A JWT from before its login's JWTs were declared expired (a test control) is as good as expired.
    if (!login || Number(claims['gen'] ?? 0) < login.generation) return { error: 401 };
    return login.revoked ? { error: 403 } : { login };
  }

  /**
   * A test control: every JWT issued so far for the deployment's logins counts as expired, as if their
   * `exp` had passed (the client's own clock may not think so); refresh tokens still stand.
   * @param {string} deploymentId @returns {number} the logins touched
   */
  expireJwts(deploymentId) {
    let count = 0;
    for (const login of this.#logins.values()) if (login.deploymentId === deploymentId) (login.generation++, count++);
    return count;
  }

  /** A test control: the JWT a login would get now, already expired. @param {string} jwt */
  expired(jwt) {
    const checked = this.check(jwt);
    return 'error' in checked ? null : this.#jwt(checked.login, -60);
  }

  /** @param {User} user @param {string} deploymentId @param {boolean} withRefresh @returns {Login} */
  #login(user, deploymentId, withRefresh) {
    const login = { id: randomUUID(), user, deploymentId, refreshToken: withRefresh ? randomBytes(32).toString('base64url') : null, refreshExpiresAt: Date.now() + REFRESH_TOKEN_MS, revoked: false, generation: 0 };
    this.#logins.set(login.id, login);
    if (login.refreshToken) this.#byRefresh.set(login.refreshToken, login);
    return login;
  }

  /** @param {Login} login @param {number} seconds */
  #jwt(login, seconds) {
    const now = Math.floor(Date.now() / 1000);
    return this.#sign({ iss: 'simulator-genesys', sub: login.user.sub, name: login.user.name, deploymentId: login.deploymentId, login: login.id, gen: login.generation, iat: now, exp: now + seconds });
  }

  /** A JWT (HS256) signed with this simulator's key. @param {Record<string, unknown>} claims */
  #sign(claims) {
    const unsigned = `${json({ alg: 'HS256', typ: 'JWT' })}.${json(claims)}`;
    return `${unsigned}.${createHmac('sha256', this.#secret).update(unsigned).digest('base64url')}`;
  }

  /** The claims of a JWT this simulator signed, or null. @param {string} token @returns {Record<string, unknown> | null} */
  #verify(token) {
    const [header, payload, signature, ...rest] = token.split('.');
    if (!header || !payload || !signature || rest.length) return null;
    const expected = createHmac('sha256', this.#secret).update(`${header}.${payload}`).digest();
    const given = Buffer.from(signature, 'base64url');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
    try {
      const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
      return claims && typeof claims === 'object' ? claims : null;
    } catch {
      return null;
    }
  }
}

/** @param {string} message @returns {Answer} */
const badRequest = message => ({ status: 400, body: { status: 400, code: 'bad.request', message } });

