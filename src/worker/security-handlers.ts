import type { HandlerGroup } from './services';
import { notBuilt } from './not-built';

/** Passphrase, auto-lock, autofill mode and the managed policy. */
export const securityHandlers: HandlerGroup<'security/state' | 'security/passphrase' | 'security/settings'> = () => ({
  'security/state': notBuilt,
  'security/passphrase': notBuilt,
  'security/settings': notBuilt,
});
