// @ts-check
/**
 * The tokens `getJwt` hands out (reference §2.6): real HS256 JWTs naming the guest session, signed
 * with a key made at start-up, so the history endpoint can refuse altered or forged ones. Clients
 * must still treat them as opaque.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { epochSeconds } from './frames.mjs';
import { isObject } from './requests.mjs';

/** `getJwt` tokens live a minute, as a third-party doc says the real ones do (reference §2.6). */
const JWT_LIFETIME_SECONDS = 60;

/** @param {object} value */
const base64url = value => Buffer.from(JSON.stringify(value)).toString('base64url');

/** Issues and checks the tokens, with a key of its own (so tokens from another run are forged ones). */
export class JwtSigner {
  #key = randomBytes(32);

  /**
   * A signed token naming the session, and when it expires (epoch seconds).
   * @param {{ deploymentId: string, token: string }} session @returns {{ jwt: string, exp: number }}
   */
  issue({ deploymentId, token }) {
    const exp = epochSeconds() + JWT_LIFETIME_SECONDS;
    const unsigned = `${base64url({ alg: 'HS256', typ: 'JWT' })}.${base64url({ sub: token, deploymentId, exp, iss: 'genesys-chat-simulator' })}`;
    return { jwt: `${unsigned}.${this.#sign(unsigned)}`, exp };
  }

  /**
   * The session a bearer token names, or null when it is malformed, forged, altered or expired.
   * @param {string} jwt @returns {{ deploymentId: string, token: string } | null}
   */
  verify(jwt) {
    const parts = jwt.split('.');
    if (parts.length !== 3) return null;
    const [header, payload, signature] = /** @type {[string, string, string]} */ (parts);
    const expected = Buffer.from(this.#sign(`${header}.${payload}`));
    const given = Buffer.from(signature);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
    /** @type {unknown} */
    let claims;
    try {
      claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    } catch {
      return null;
    }
    if (!isObject(claims) || typeof claims['sub'] !== 'string' || typeof claims['deploymentId'] !== 'string'
      || typeof claims['exp'] !== 'number' || claims['exp'] <= Date.now() / 1000) {
      return null;
    }
    return { deploymentId: claims['deploymentId'], token: claims['sub'] };
  }

  /** @param {string} unsigned */
  #sign(unsigned) {
    return createHmac('sha256', this.#key).update(unsigned).digest('base64url');
  }
}
