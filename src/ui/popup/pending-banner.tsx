import { t } from '../../i18n';
/**
 * Keys captured during a site's enable wizard and not confirmed yet: no code to show, a reminder
 * instead. The host is set in bold wherever the language puts it in the sentence: the text is asked
 * for with a marker in its place, and split there.
 */
const MARK = '\uE000';

export function PendingBanner({ hosts }: { hosts: readonly string[] }) {
  const [before, after] = t('popup_pending', MARK).split(MARK);
  return (
    <div role="status" class="banner" hidden={hosts.length === 0}>
      {hosts.map((host) => (
        <p key={host}>
          {before}
          <strong>{host}</strong>
          {after}
        </p>
      ))}
    </div>
  );
}
