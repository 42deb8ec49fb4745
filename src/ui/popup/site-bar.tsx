import { GlobeIcon } from '../shared/icons';
import { siteHost } from '../shared/site-host';
import type { TabSiteStore } from './tab-site-store';
import { t } from '../../i18n';

/**
 * The tab the popup was opened over: its site, "Use on this site", and what became of the last
 * action on it (register or fill): progress and success in role=status, failures in role=alert.
 */
export function SiteBar({ site }: { site: TabSiteStore }) {
  const origin = site.origin.value;
  const status = site.status.value;
  const tab = site.tab.value;
  const where = origin ? siteHost(origin) : tab === undefined ? '…' : t('popup_not_web_page');
  const unusable = site.unusable.value;
  return (
    <section class="site-bar" aria-label={t('popup_current_tab')}>
      <div class="site-row">
        <GlobeIcon />
        <span class="site-name" title={origin ?? undefined}>
          {where}
        </span>
        {/* Runs `permissions.request` in this very click handler: the browser needs the user gesture. */}
        <button type="button" class="secondary" onClick={() => void site.useOnThisSite()} disabled={site.busy.value || !!unusable} aria-describedby={unusable ? 'site-why' : undefined}>
          {t('popup_use_here')}
        </button>
      </div>
      {unusable ? (
        <p id="site-why" class="site-status">
          {unusable}
        </p>
      ) : null}
      <p role="status" class="site-status" data-kind={status?.kind}>
        {status && status.kind !== 'error' ? status.text : ''}
      </p>
      <p role="alert" class="site-status error">
        {status?.kind === 'error' ? status.text : ''}
      </p>
    </section>
  );
}
