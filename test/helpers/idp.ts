const base64url = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');

/** A PKCE pair (RFC 7636): a random verifier and its S256 challenge, as a site makes them. */
export async function pkce(): Promise<{ verifier: string; challenge: string }> {
  const verifier = base64url(crypto.getRandomValues(new Uint8Array(48)));
  const challenge = base64url(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))));
  return { verifier, challenge };
}

/** The simulator's `redirect_uri` that answers with its own query: a fetch follows the IdP's redirect there and reads it. */
export const idpCallback = (origin: string) => `${origin}/sim/idp/callback`;

export interface AuthorizeForm {
  readonly clientId: string;
  readonly redirectUri: string;
  readonly challenge?: string;
  readonly method?: string;
  readonly state?: string;
  readonly user?: string;
  readonly responseType?: string;
}

/** The fields of the simulator IdP's sign-in form, as its page fills them. */
export const authorizeParams = (form: AuthorizeForm) =>
  new URLSearchParams({
    response_type: form.responseType ?? 'code',
    client_id: form.clientId,
    redirect_uri: form.redirectUri,
    code_challenge: form.challenge ?? '',
    code_challenge_method: form.method ?? 'S256',
    state: form.state ?? crypto.randomUUID(),
    ...(form.user ? { user: form.user } : {}),
  });

/** Submits the sign-in page's form, as the visitor's "Sign in" does. */
export const submitSignIn = (origin: string, form: AuthorizeForm, init: RequestInit = {}) =>
  fetch(`${origin}/sim/idp/authorize`, { method: 'POST', body: authorizeParams(form), ...init });

/** Signs in at the simulator's IdP; the answer its redirect carried (`code` and `state`, or `error`). */
export async function signInAtTheIdp(origin: string, form: AuthorizeForm): Promise<URLSearchParams> {
  const response = await submitSignIn(origin, form);
  return new URL(response.url).searchParams;
}
