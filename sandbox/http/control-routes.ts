import { Hono } from 'hono';
import { formatMicroTime } from '../domain/clock';
import { ApiError } from '../domain/errors';
import { addClient, findClientByEmail, type SandboxState } from '../domain/state';
import * as s from './schemas';
import { parse, readJson } from './validate';

/** The sandbox controls of docs/b2core-api.md (`/__sandbox/…`): no auth, for tests and demos. */
export function controlRoutes(state: SandboxState): Hono {
  const controls = new Hono();

  controls.post('/clients', async (c) => {
    const input = parse(s.NewClientBody, await readJson(c.req.raw));
    if (findClientByEmail(state, input.email)) {
      throw new ApiError(409, 'email_taken', 'A client with this email already exists.', [{ field: 'email', issue: 'taken' }]);
    }
    const client = addClient(state, input);
    return c.json({ id: client.id, email: client.email }, 201);
  });

  controls.get('/outbox', (c) => {
    const { to } = parse(s.OutboxQuery, c.req.query(), 'query');
    // An unencoded `+` in a query string reads as a space, so phones are compared without it.
    const norm = (address: string) => address.trim().toLowerCase().replace(/^\+/, '');
    const wanted = to === undefined ? '' : norm(to);
    const data = state.outbox
      .filter((m) => wanted === '' || norm(m.to) === wanted)
      .map((m) => ({ to: m.to, channel: m.channel, code: m.code, text: m.text, sentAt: formatMicroTime(m.sentAt) }));
    return c.json({ data });
  });

  controls.post('/clock', async (c) => {
    state.clock.setOffsetSeconds(parse(s.ClockBody, await readJson(c.req.raw)).offsetSeconds);
    return c.body(null, 204);
  });

  // Replaces the injected faults (an empty list removes them); GET lists what is left of them.
  controls.post('/faults', async (c) => {
    state.faults.set(parse(s.FaultsBody, await readJson(c.req.raw)).rules);
    return c.body(null, 204);
  });
  controls.get('/faults', (c) => c.json({ rules: state.faults.list() }));

  controls.post('/reset', (c) => {
    state.reset();
    return c.body(null, 204);
  });

  return controls;
}
