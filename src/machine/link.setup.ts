import { enqueueActions, fromPromise, sendParent, setup, assign } from 'xstate';
import type { AuthSource, AuthTokens } from '../auth/auth.js';
import { jwtExpiry } from '../auth/jwt-expiry.js';
import { decodeFrame, frameError, type RejectionReason } from '../protocol/decode.js';
import { MIN_ECHO_INTERVAL } from '../protocol/encode.js';
import { answersEcho } from '../protocol/frame-rules.js';
import type { ServerFrame } from '../protocol/frames.js';
import { environment, type EnvironmentEvent } from '../transport/environment.js';
import { createSocketActor, type SocketEvent } from '../transport/socket.js';
import type { LinkCommand, LinkReport } from './chat.types.js';

export interface LinkInput {
  readonly socketUrl: string;
  readonly deploymentId: string;
  readonly token: string;
  /** The clock (epoch ms) that stamps what the socket reports: `Date.now` by default. */
  readonly now?: () => number;
  /** Makes the tracingIds of the link's requests: `uuid` by default. */
  readonly newId?: () => string;
  /** A number in [0, 1) for the reconnection jitter: `Math.random` by default. */
  readonly random?: () => number;
  /** The token that replaces a gone session's (see `ChatClock.successorOf`): a fresh id by default. */
  readonly successorOf?: (token: string) => string;
  /**
   * Whether a gone session (4006, 4007) may be replaced by a fresh one: true by default. A session only
   * resumed at page load is not, until the visitor asks for the conversation (`link.mayRenew`): the
   * link reports `link.gone` instead, and no session is made that nobody asked for.
   */
  readonly renew?: boolean;
  /**
   * Never give up connecting (an End waits for the connection): no failure for a first connection that
   * never opens, and no limit on attempts; the backoff stays at its longest. False by default.
   */
  readonly persistent?: boolean;
  /** A signed-in visitor's sign-in (§10): sessions are configured with its JWT (`configureAuthenticatedSession`). */
  readonly auth?: AuthSource;
  /** Tokens from an earlier sign-in (a reload): configured with at once, renewed if refused. */
  readonly tokens?: AuthTokens;
}

/** Frames decoded but not yet reported, newest first: adding one to a long burst copies nothing. */
interface Unreported {
  readonly frame: ServerFrame;
  readonly at: number;
  readonly before: Unreported | undefined;
}

export interface LinkContext extends Required<Omit<LinkInput, 'auth' | 'tokens'>> {
  readonly auth?: AuthSource;
  /** The signed-in visitor's Genesys tokens, once signed in. */
  readonly tokens?: AuthTokens;
  /** Sign-ins and refreshes since the session was last configured: a refused JWT is renewed a bounded number of times. */
  readonly authTries: number;
  /** The next authorization renews the JWT with the refresh token rather than asking the page again. */
  readonly refreshing: boolean;
  /** Reconnection attempts since the link was last ready. */
  readonly attempt: number;
  /** Whether a session has been configured on this link before: a first refusal is a configuration problem. */
  readonly everReady: boolean;
  /** A 4006/4007 is answered with one fresh token; a second one before the session is ready is a failure. */
  readonly tokenRenewed: boolean;
  /** The next configureSession asks for a fresh session (leaving a read-only one, §4.4). */
  readonly startNew: boolean;
  /** Why the token was renewed, until the chat machine has been told. */
  readonly renewedAfter?: 4006 | 4007;
  /** The keep-alive echo waiting for its reply. */
  readonly echoTracingId?: string;
  /** Frames of the message or burst being read that are for the chat machine: they go to it together. */
  readonly unreported?: Unreported;
}

/** One server message read: a `frame` each, then `frames.end` once the message or burst is read. */
export type FrameEvent =
  | { readonly type: 'frame'; readonly frame: ServerFrame; readonly at: number }
  | { readonly type: 'frame.rejected'; readonly reason: RejectionReason; readonly detail: string }
  | { readonly type: 'frames.end' };

export type LinkEvent = LinkCommand | SocketEvent | FrameEvent | EnvironmentEvent;

/** Sign-ins and refreshes for one configure before the link gives up (the official SDK tries 3 times). */
export const MAX_AUTH_TRIES = 3;

/** A JWT is renewed this long before it expires: while the session is live, and before a configure. */
export const RENEW_AHEAD = 60_000;
/** Renewals are at least this far apart, whatever a JWT says of its expiry (a short-lived one, a skewed clock). */
export const MIN_RENEWAL_DELAY = 10_000;
/** The longest a timer can wait (setTimeout's limit): a JWT that says it lives longer is renewed sooner. */
const MAX_TIMER = 2 ** 31 - 1;

/** When the JWT expires (epoch ms), if it can be renewed: the link has a refresh token and can read the expiry. */
const renewableExpiry = (context: LinkContext) =>
  context.auth && context.tokens?.refreshToken ? jwtExpiry(context.tokens.jwt) : undefined;

/** Reconnection attempts before the link gives up (about two minutes with the delays below). */
export const MAX_RECONNECT_ATTEMPTS = 8;
export const CONFIGURE_TIMEOUT = 10_000;
/** A connected socket is checked with an echo this often. */
export const KEEPALIVE_INTERVAL = 45_000;
/** An echo unanswered this long means the socket is dead, even if the browser has not noticed. */
export const ECHO_TIMEOUT = 10_000;

/** Tells the chat machine; typed here because the parent's event type is not known to a child. */
export const report = <E extends LinkEvent>(build: (args: { context: LinkContext; event: E }) => LinkReport) =>
  sendParent<LinkContext, E, undefined, LinkReport, LinkEvent>(build);

/** Keeps a server frame for the chat machine, which gets the frames of a burst at once (`reportFrames`). */
export const reportFrame = assign<LinkContext, Extract<FrameEvent, { type: 'frame' }>, undefined, LinkEvent, never>({
  unreported: ({ context, event }) => ({ frame: event.frame, at: event.at, before: context.unreported }),
});

/**
 * Passes the frames kept so far to the chat machine: one `link.frame`, or one `link.frames` for several,
 * so that a burst is one event and one render there. Before any other report, to keep the order.
 */
export const reportFrames = enqueueActions<LinkContext, LinkEvent, undefined, LinkEvent, never, never, never, never, never>(({ context, enqueue }) => {
  if (!context.unreported) return;
  const frames: ServerFrame[] = [];
  let at = context.unreported.at;
  for (let kept: Unreported | undefined = context.unreported; kept; kept = kept.before) {
    frames.push(kept.frame);
    at = kept.at;
  }
  frames.reverse();
  enqueue.assign({ unreported: undefined });
  const passed: LinkReport = frames.length === 1 ? { type: 'link.frame', frame: frames[0]!, at } : { type: 'link.frames', frames, at };
  enqueue.sendParent(passed);
});

export const serverErrorOf = (event: LinkEvent) => (event.type === 'frame' ? frameError(event.frame) : undefined);

/** The link's types, actions, delays and guards, shared by its states. */
export const linkSetup = setup({
  types: {
    input: {} as LinkInput,
    context: {} as LinkContext,
    events: {} as LinkEvent,
  },
  actors: {
    socket: createSocketActor(),
    environment,
    /** A JWT: refreshed when there is one to refresh and `refresh` is asked, else from a new sign-in. */
    authorize: fromPromise<AuthTokens, { readonly auth: AuthSource; readonly tokens?: AuthTokens; readonly refresh: boolean }>(({ input }) =>
      input.refresh && input.tokens?.refreshToken ? input.auth.refresh(input.tokens) : input.auth.signIn(),
    ),
    /** A new JWT for the refresh token, while the session it configured goes on. */
    renewJwt: fromPromise<AuthTokens, { readonly auth: AuthSource; readonly tokens: AuthTokens }>(({ input }) => input.auth.refresh(input.tokens)),
  },
  actions: {
    readMessages: enqueueActions(({ event, enqueue }) => {
      if (event.type !== 'socket.message' && event.type !== 'socket.messages') return;
      for (const data of event.type === 'socket.message' ? [event.data] : event.data) {
        const decoded = decodeFrame(data);
        enqueue.raise(
          decoded.ok
            ? { type: 'frame', frame: decoded.frame, at: event.at }
            : { type: 'frame.rejected', reason: decoded.reason, detail: decoded.detail },
        );
      }
      enqueue.raise({ type: 'frames.end' });
    }),
  },
  delays: {
    // Exponential backoff with jitter, so that many visitors dropped at once do not return at once.
    backoff: ({ context }) => Math.min(30_000, 1000 * 2 ** context.attempt) * (0.5 + context.random() / 2),
    configureTimeout: CONFIGURE_TIMEOUT,
    minEchoInterval: MIN_ECHO_INTERVAL,
    echoDue: KEEPALIVE_INTERVAL - MIN_ECHO_INTERVAL,
    echoTimeout: ECHO_TIMEOUT,
    jwtRenewal: ({ context }) => Math.min(MAX_TIMER, Math.max(MIN_RENEWAL_DELAY, (renewableExpiry(context) ?? 0) - context.now() - RENEW_AHEAD)),
  },
  guards: {
    isSessionResponse: ({ event }) => event.type === 'frame' && event.frame.class === 'SessionResponse',
    /** 4006 and 4007, and a SessionExpiredEvent that answers configureSession instead of a SessionResponse. */
    isSessionGone: ({ event }) => {
      if (event.type === 'frame' && event.frame.class === 'SessionExpiredEvent') return true;
      const code = serverErrorOf(event)?.code;
      return code === 4006 || code === 4007;
    },
    isError: ({ event }) => serverErrorOf(event) !== undefined,
    canRenewToken: ({ context }) => context.renew && !context.tokenRenewed,
    mayRenew: ({ context }) => context.renew,
    refusedBeforeEverOpening: ({ context, event }) =>
      !context.persistent && event.type === 'socket.close' && !event.opened && !context.everReady && context.attempt === 0,
    attemptsLeft: ({ context }) => context.persistent || context.attempt < MAX_RECONNECT_ATTEMPTS,
    isEchoReply: ({ context, event }) =>
      event.type === 'frame' && context.echoTracingId !== undefined && answersEcho(event.frame, context.echoTracingId),
    needsSignIn: ({ context }) => context.auth?.available() === true && context.tokens === undefined,
    canSignIn: ({ context }) => context.auth?.available() === true,
    /** 401 "User is unauthorized" (§10.7): the JWT expired or is not the server's; renew it, a bounded number of times. */
    isUnauthorized: ({ context, event }) => context.auth?.available() === true && serverErrorOf(event)?.code === 401 && context.authTries < MAX_AUTH_TRIES,
    /** 403 "Session authentication failed" or "Try to authenticate again" (§10.7): the login no longer stands; sign in again, once. */
    isSignInRefused: ({ context, event }) => {
      const error = serverErrorOf(event);
      return context.auth?.available() === true && error?.code === 403 && /^(session authentication failed|try to authenticate again)/i.test(error.message) && context.authTries < MAX_AUTH_TRIES;
    },
    /** The JWT can be renewed before it expires (an unreadable expiry, or no refresh token: it is left to a 401). */
    jwtRenewable: ({ context }) => renewableExpiry(context) !== undefined,
    /** The JWT expires within `RENEW_AHEAD`: presenting it to a configure would only earn a 401. */
    jwtExpiring: ({ context }) => {
      const expiry = renewableExpiry(context);
      return expiry !== undefined && expiry - context.now() <= RENEW_AHEAD;
    },
    isConnectionClosed: ({ event }) => event.type === 'frame' && event.frame.class === 'ConnectionClosedEvent',
    /** The server closes this connection because of another one: reconnecting would only be closed again. */
    isTakenOver: ({ event }) =>
      event.type === 'frame' &&
      event.frame.class === 'ConnectionClosedEvent' &&
      (event.frame.body.reason === 'SessionLimitReached' || event.frame.body.reason === 'signedIn'),
  },
});
