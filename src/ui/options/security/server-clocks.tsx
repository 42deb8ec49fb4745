import { t } from '../../../i18n';
import { FeedbackLine } from './feedback-line';
import { formatChecked, formatClockFlag, formatOffset } from './format';
import type { SecurityStore } from './security-store';

/**
 * Each registered site's server clock as the extension knows it (codes are computed at that time,
 * RFC 6238 §6), and "Check clock": a request to the site now, its `Date` header read. A clock more
 * than 10 min off is measured and shown, but codes do not use it: its row says so in words (not by
 * colour alone) and offers "Use this clock", which accepts that very estimate (`clock/accept`).
 */
export function ServerClocks({ store }: { store: SecurityStore }) {
  const clocks = store.clocks.value;
  const busy = store.busy.value;
  const checking = (origin: string) => busy === `clock:${origin}`;
  const accepting = (origin: string) => busy === `use:${origin}`;
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
                  <td class="offset">
                    {formatOffset(clock)}
                    {clock.beyondBound ? (
                      // The cell keeps the number on one line; the words under it wrap.
                      <p class={clock.accepted ? 'clock-flag muted' : 'clock-flag error'} style="white-space: normal; margin: 4px 0 0">
                        {formatClockFlag(clock)}
                      </p>
                    ) : null}
                  </td>
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
                    {clock.beyondBound && !clock.accepted ? (
                      <button
                        type="button"
                        class="secondary"
                        aria-label={t('security_clocks_use_label', clock.origin)}
                        disabled={accepting(clock.origin) || checking(clock.origin)}
                        onClick={() => void store.useClock(clock.origin)}
                      >
                        {t('security_clocks_use')}
                      </button>
                    ) : null}
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
