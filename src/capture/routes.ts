/**
 * The capture spec: the B2Core API routes capture acts on (docs/b2core-api.md), shared by the page
 * observer (which answers' bodies to report), the worker (which reports to pair with the browser's
 * records) and the reducer. Every other API answer is of no interest to capture (the browser's own
 * view of it still refines the site's server clock). Plain data, so the page observer carries no
 * more code than this set.
 */
export const CAPTURE_ROUTES: ReadonlySet<string> = new Set([
  'GET 2fa/google/enable/wizard',
  'POST 2fa/wizard',
  'GET 2fa/google/disable/wizard',
  'GET 2fa/sms/disable/wizard',
  'POST signin',
  'POST signin/2fa',
  'POST 2fa/google',
  'POST 2fa/sms',
  'POST 2fa/challenge',
  'GET 2fa/challenge',
]);
