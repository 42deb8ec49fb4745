import type { B2CoreError } from '../../../b2core';
import { t } from '../../../i18n';
import { siteHost } from '../../shared/site-host';

/**
 * What went wrong with a B2Core call, for a person: what happened and what to do, in their language.
 * Built from the error's kind and the site's host only — never from anything that was sent (codes,
 * passwords, keys and tokens stay out of every message).
 */
export type SignedOut = { kind: 'signed_out'; message: string };
export type SetupError = B2CoreError | SignedOut;

/** "45 s", "10 min": how long to wait after a 429 (`Retry-After`). */
export function formatWait(seconds: number): string {
  return seconds < 90 ? t('setup_wait_seconds', Math.max(1, Math.ceil(seconds))) : t('setup_wait_minutes', Math.ceil(seconds / 60));
}

export function describeError(error: SetupError, origin: string): string {
  const host = siteHost(origin);
  switch (error.kind) {
    case 'signed_out':
      // Already a sentence for people (session-keeper.ts): no session, or the site ended it.
      return error.message;
    case 'invalid_credentials':
      return t('setup_err_credentials');
    case 'invalid_code':
      return t('setup_err_code');
    case 'code_expired':
      return t('setup_err_code_expired');
    case 'rate_limited':
      return error.retryAfterSeconds === null ? t('setup_err_rate_limited') : t('setup_err_rate_limited_for', formatWait(error.retryAfterSeconds));
    case 'unauthorized':
      return t('setup_err_unauthorized', host);
    case 'forbidden':
      return t('setup_err_forbidden', host);
    case 'not_found':
      return t('setup_err_not_found');
    case 'conflict':
      if (error.code === 'already_enabled') return t('setup_err_already_enabled');
      if (error.code === 'not_enabled') return t('setup_err_not_enabled');
      return t('setup_err_out_of_order');
    case 'validation': {
      const fields = [...new Set(error.details.map((d) => d.field))].join(', ');
      return fields ? t('setup_err_validation_fields', fields) : t('setup_err_validation');
    }
    case 'server':
      return t('setup_err_server', host, error.status);
    case 'network':
      return t('setup_err_network', host);
    case 'timeout':
      return t('setup_err_timeout', host);
    case 'bad_response':
      return t('setup_err_bad_response', host);
  }
}
