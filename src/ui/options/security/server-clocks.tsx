import { t } from '../../../i18n';
import { FeedbackLine } from './feedback-line';
import { formatChecked, formatOffset } from './format';
import type { SecurityStore } from './security-store';

/**
 * Each registered site's server clock as the extension knows it (codes are computed at that time,
 * RFC 6238 §6), and "Check clock": one request to the site now, its `Date` header read.
 */
export function ServerClocks({ store }: { store: SecurityStore }) {
  const clocks = store.clocks.value;
  const busy = store.busy.value;
  const checking = (origin: string) => busy === `clock:${origin}`;
  return (
    <div class="security-part" role="group" aria-labelledby="security-clocks-title">
      <h3 id="security-clocks-title">{t('security_clocks_heading')}</h3>
      <p class="muted">{t('security_clocks_intro')}</p>
      {clocks === undefined ? null : clocks.length === 0 ? (
        <p class="muted empty">{t('security_clocks_empty')}</p>
      ) : (
        <div class="table-scroll">
          <table class="clocks">
            <caption class="visually-hidden">{t('security_clocks_caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('security_clocks_site')}</th>
                <th scope="col">{t('security_clocks_offset')}</th>
                <th scope="col">{t('security_clocks_checked')}</th>
                <th scope="col">
                  <span class="visually-hidden">{t('security_clocks_action')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {clocks.map((clock) => (
                <tr key={clock.origin}>
                  <th scope="row" class="origin">
                    {clock.origin}
                  </th>
                  <td class="offset">{formatOffset(clock)}</td>
                  <td class="checked">{formatChecked(clock.checkedAt)}</td>
                  <td class="action">
                    <button
                      type="button"
                      class="secondary"
                      // While checking it is disabled and named by what it shows then (a name holds the visible text).
                      aria-label={checking(clock.origin) ? undefined : t('security_clocks_check_label', clock.origin)}
                      disabled={checking(clock.origin)}
                      onClick={() => void store.checkClock(clock.origin)}
                    >
                      {checking(clock.origin) ? t('security_clocks_checking') : t('security_clocks_check')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <FeedbackLine id="security-clocks" feedback={store.feedback.value.clocks} />
    </div>
  );
}
