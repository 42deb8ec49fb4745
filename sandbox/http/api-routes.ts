import { Hono, type Context } from 'hono';
import { completeChallenge, startAuthorizedChallenge, startUnauthorizedChallenge } from '../domain/challenge';
import { getChange, listChanges } from '../domain/changes';
import { ApiError } from '../domain/errors';
import type { Provider } from '../domain/model';
import { changePassword, restorePassword } from '../domain/password';
import { chooseMethod, completeGoogle, completeSms, refresh, signIn, startSignIn } from '../domain/sign-in';
import type { SandboxState } from '../domain/state';
import { revokeSession } from '../domain/tokens';
import { methodView, startDisable, startEnable, status, wizardStep } from '../domain/two-factor';
import { optionalCaller, requireCaller } from './auth';
import * as s from './schemas';
import { parse, readJson } from './validate';

/** Every endpoint of docs/b2core-api.md under `/api/v2/my/`. */
export function apiRoutes(state: SandboxState): Hono {
  const api = new Hono();
  const issuer = (c: Context) => new URL(c.req.url).origin;
  const body = async <S extends Parameters<typeof parse>[0]>(c: Context, schema: S) => parse(schema, await readJson(c.req.raw));
  const query = <S extends Parameters<typeof parse>[0]>(c: Context, schema: S) => parse(schema, c.req.query(), 'query');
  const providerParam = (c: Context): Provider => {
    const type = c.req.param('type');
    if (type === 'google' || type === 'sms') return type;
    throw new ApiError(404, 'not_found', 'Unknown 2FA method: use "google" or "sms".', [{ field: 'type', issue: 'unknown' }]);
  };

  // Sign-in ([doc] and [ours] in docs/b2core-api.md; seed for signin/2fa, 2fa/google, 2fa/sms).
  api.get('/signin/wizard', (c) => c.json(startSignIn(state)));
  api.post('/signin', async (c) => c.json(await signIn(state, await body(c, s.SignInBody), issuer(c))));
  api.post('/signin/2fa', async (c) => c.json(chooseMethod(state, await body(c, s.ChooseMethodBody))));
  api.post('/2fa/google', async (c) => c.json(await completeGoogle(state, await body(c, s.CodeBody), issuer(c))));
  api.post('/2fa/sms', async (c) => c.json(await completeSms(state, await body(c, s.CodeBody), issuer(c))));
  api.post('/refresh', async (c) => c.json(refresh(state, (await body(c, s.RefreshBody)).refreshToken, issuer(c))));
  api.post('/signout', (c) => {
    revokeSession(state, requireCaller(state, c).token.sessionId);
    return c.body(null, 204);
  });

  // Challenges and the operations they unlock.
  api.get('/2fa/challenge', (c) => {
    const { client } = requireCaller(state, c);
    return c.json(startAuthorizedChallenge(state, client, query(c, s.AuthorizedChallengeQuery).businessProcess));
  });
  api.get('/2fa/unauthorized/challenge', (c) => {
    const q = query(c, s.UnauthorizedChallengeQuery);
    return c.json(startUnauthorizedChallenge(state, q.email, q.businessProcess));
  });
  api.post('/2fa/challenge', async (c) => {
    const caller = optionalCaller(state, c);
    return c.json(await completeChallenge(state, await body(c, s.ChallengeBody), caller?.client ?? null));
  });
  api.post('/password/change', async (c) => {
    const { client } = requireCaller(state, c);
    changePassword(state, client, c.req.header('successToken'), (await body(c, s.PasswordBody)).password);
    return c.body(null, 204);
  });
  api.post('/password/restore', async (c) => {
    restorePassword(state, c.req.header('successToken'), (await body(c, s.PasswordBody)).password);
    return c.body(null, 204);
  });

  // Status, wizards and the change log (seed). Static paths are registered before `{type}`.
  api.get('/2fa', (c) => {
    const { client } = requireCaller(state, c);
    return c.json(status(client, query(c, s.PagingQuery)));
  });
  api.get('/2fa/changes', (c) => {
    const { client } = requireCaller(state, c);
    const q = query(c, s.ChangesQuery);
    return c.json(
      listChanges(state, client.id, {
        limit: q.limit,
        offset: q.offset,
        sortOrder: q.sort_order,
        isEnabled: q['filter[isEnabled]'],
        timeFrom: q['filter[timeFrom]'],
        timeTo: q['filter[timeTo]'],
        provider: q['filter[provider]'],
      }),
    );
  });
  api.get('/2fa/changes/:changeId', (c) => {
    const { client } = requireCaller(state, c);
    return c.json(getChange(state, client.id, c.req.param('changeId')));
  });
  api.post('/2fa/wizard', async (c) => {
    const { client } = requireCaller(state, c);
    return c.json(await wizardStep(state, client, await body(c, s.WizardBody)));
  });
  api.get('/2fa/:type/enable/wizard', (c) => {
    const { client } = requireCaller(state, c);
    return c.json(startEnable(state, client, providerParam(c)));
  });
  api.get('/2fa/:type/disable/wizard', (c) => {
    const { client } = requireCaller(state, c);
    return c.json(startDisable(state, client, providerParam(c)));
  });
  api.get('/2fa/:type', (c) => {
    const { client } = requireCaller(state, c);
    return c.json(methodView(client, providerParam(c)));
  });

  return api;
}
