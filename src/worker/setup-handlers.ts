import type { HandlerGroup } from './services';
import { notBuilt } from './not-built';

/** The guided set-up's vault steps: stage the wizard's key, activate or discard it, codes to send. */
export const setupHandlers: HandlerGroup<'accounts/stage' | 'accounts/activate' | 'accounts/discard' | 'accounts/code'> = () => ({
  'accounts/stage': notBuilt,
  'accounts/activate': notBuilt,
  'accounts/discard': notBuilt,
  'accounts/code': notBuilt,
});
