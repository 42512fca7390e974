// @ts-check
/**
 * The deployment the demo page uses: always there, Clear allowed, acknowledged at once; guests welcome,
 * and signed-in visitors too (the demo's "Sign in"), a guest conversation stepping up when they sign in.
 * Its own module so the browser-side client can name it without loading the server.
 */
export const DEMO_DEPLOYMENT_ID = '5c0a3f8e-9d2b-4f7e-8a61-3b2d9e4c7f10';
