import type { Asking } from './tab-site-store';
import { siteHost } from '../shared/site-host';
import { t } from '../../i18n';

/**
 * The tab's page asks for a code the fill policy keeps for the person (a challenge, turning 2FA off,
 * a sign-in): which site, for which account, and for what — so a Fill is an informed choice.
 */
export function AskingBanner({ asking }: { asking: Asking | null }) {
  if (!asking || asking.reason === 'enable_wizard' || asking.reason === 'manual') return null;
  const what = asking.reason === 'challenge' ? t('popup_asking_challenge', asking.process ?? '—') : asking.reason === 'signin' ? t('popup_asking_signin') : t('popup_asking_disable');
  return (
    <div role="status" class="banner">
      <p>{t('popup_asking', siteHost(asking.origin), what, asking.label ?? t('popup_asking_no_account'))}</p>
    </div>
  );
}
