import { t } from '../../../i18n';
import type { PolicyView } from '../../../messaging/protocol';

/** What the organisation's managed policy sets, listed once (nothing when there is no policy). */
export function PolicySummary({ policy }: { policy: PolicyView }) {
  const items: string[] = [];
  if (policy.requirePassphrase) items.push(t('security_policy_requires'));
  if (policy.maxAutoLockMinutes !== null) items.push(t('security_policy_max_lock', policy.maxAutoLockMinutes));
  if (policy.sites.length > 0) items.push(t('security_policy_sites', policy.sites.join(', ')));
  if (items.length === 0) return null;
  return (
    <div class="security-part" role="group" aria-labelledby="security-policy-title">
      <h3 id="security-policy-title">{t('security_policy_heading')}</h3>
      <p class="muted">{t('security_policy_intro')}</p>
      <ul class="policy-list">
        {items.map((item) => (
          <li key={item}>{item}</li>
        ))}
      </ul>
    </div>
  );
}
