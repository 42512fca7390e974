import type { AuthSource, AuthTokens } from '../../src/auth/auth.js';

const base64url = (value: unknown) => btoa(JSON.stringify(value)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');

/** A JWT-shaped token (unsigned: the widget only reads its expiry) named `name`, expiring at `expiresAt` (epoch ms). */
export const jwtExpiringAt = (name: string, expiresAt: number) =>
  `${base64url({ alg: 'HS256', typ: 'JWT' })}.${base64url({ sub: name, exp: Math.floor(expiresAt / 1000) })}.c2lnbmF0dXJl`;

export interface FakeAuthOptions {
  failSignIn?: boolean;
  failRefresh?: boolean;
  /** How long each JWT it gives lives (ms from `now()`): JWTs are then JWT-shaped, else opaque (`jwt-1`). */
  lifetime?: number;
  now?: () => number;
}

/**
 * A sign-in that records what it is asked: each sign-in and refresh gives the next JWT (`jwt-1`,
 * `jwt-2`…, or JWT-shaped ones with an expiry named so in `calls`) and keeps the refresh token.
 */
export function fakeAuth(options: FakeAuthOptions = {}) {
  const calls: string[] = [];
  /** The JWTs given, in order, to tell them apart in `calls`. */
  const issued: string[] = [];
  const named = (jwt: string) => (issued.includes(jwt) ? `jwt-${issued.indexOf(jwt) + 1}` : jwt);
  const next = () => {
    const name = `jwt-${issued.length + 1}`;
    const jwt = options.lifetime === undefined ? name : jwtExpiringAt(name, (options.now ?? Date.now)() + options.lifetime);
    issued.push(jwt);
    return jwt;
  };
  const auth: AuthSource = {
    available: () => true,
    signIn: async () => {
      calls.push('signIn');
      if (options.failSignIn) throw new Error('the exchange answered HTTP 400');
      return { jwt: next(), refreshToken: 'refresh-1' };
    },
    refresh: async (tokens: AuthTokens) => {
      calls.push(`refresh ${named(tokens.jwt)}`);
      if (options.failRefresh) throw new Error('the refresh answered HTTP 401');
      return { jwt: next(), refreshToken: tokens.refreshToken! };
    },
    revoke: async (tokens: AuthTokens) => {
      calls.push(`revoke ${named(tokens.jwt)}`);
    },
  };
  return { auth, calls, issued };
}
