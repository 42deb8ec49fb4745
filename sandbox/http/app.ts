import { Hono } from 'hono';
import { ApiError } from '../domain/errors';
import { faultError } from '../domain/faults';
import type { SandboxState } from '../domain/state';
import { apiRoutes } from './api-routes';
import { controlRoutes } from './control-routes';
import { uiRoutes } from './ui-routes';

export const API_PREFIX = '/api/v2/my';

/**
 * The whole sandbox as one Hono app: the API, the sandbox controls and the client UI.
 * Every failure becomes the error body of docs/b2core-api.md; nothing else (no stack, no HTML) leaves.
 */
export function createApp(state: SandboxState): Hono {
  const app = new Hono();

  // The `Date` header follows the sandbox clock, so clients can measure the skew it was given.
  app.use('*', async (c, next) => {
    await next();
    c.header('Date', new Date(state.clock.now()).toUTCString());
    c.header('Cache-Control', 'no-store');
  });

  // Faults injected through /__sandbox/faults: before any handler, so a failed request changes nothing.
  app.use(`${API_PREFIX}/*`, async (c, next) => {
    const path = new URL(c.req.url).pathname.slice(API_PREFIX.length + 1).replace(/\/+$/, '');
    const rule = state.faults.take(c.req.method, path);
    if (rule?.delayMs) await new Promise((done) => setTimeout(done, rule.delayMs));
    const error = rule ? faultError(rule) : null;
    if (error) throw error;
    await next();
  });

  app.route(API_PREFIX, apiRoutes(state));
  app.route('/__sandbox', controlRoutes(state));
  app.route('/', uiRoutes());

  app.notFound((c) =>
    c.json(new ApiError(404, 'not_found', `There is no ${c.req.method} ${new URL(c.req.url).pathname} in this API.`).toBody(), 404),
  );

  app.onError((error, c) => {
    if (error instanceof ApiError) {
      for (const [name, value] of Object.entries(error.headers)) c.header(name, value);
      return c.json(error.toBody(), error.status);
    }
    // A bug of ours: logged on the server for the developer, a plain sentence for the caller.
    console.error('sandbox: unexpected error', error);
    return c.json(new ApiError(500, 'internal_error', 'The sandbox failed unexpectedly; see its log.').toBody(), 500);
  });

  return app;
}
