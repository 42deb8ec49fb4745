import { useRef } from 'preact/hooks';
import { plural, t } from '../../../i18n';
import { siteHost } from '../../shared/site-host';
import { QrCode } from '../accounts/qr-code';
import { FormMessages, VaultPassphrase } from './form-parts';
import type { PhoneTransferStore } from './phone-transfer-store';

/**
 * Settings › Backup › "Add to a phone": choose active accounts, show Google Authenticator transfer
 * QR codes for them (after the vault passphrase when one is set), scan them on the phone. What it is
 * and what it risks is said in plain words above the button; the codes go away after a minute.
 */
export function PhoneTransferPanel({ store, asksVault }: { store: PhoneTransferStore; asksVault: boolean }) {
  const form = useRef<HTMLFormElement>(null);
  const accounts = store.accounts.value;
  const chosen = store.chosen.value;
  const codes = store.codes.value;

  const submit = (event: Event) => {
    event.preventDefault();
    const passphrase = form.current?.elements.namedItem('vault-passphrase') as HTMLInputElement | null;
    void store.show(asksVault ? passphrase?.value : undefined).then((shown) => {
      if (shown && passphrase) passphrase.value = '';
    });
  };

  return (
    <form ref={form} class="backup-form" aria-labelledby="backup-transfer-title" onSubmit={submit} noValidate>
      <h3 id="backup-transfer-title">{t('backup_transfer_title')}</h3>
      <p class="muted">{t('backup_transfer_intro')}</p>
      <p class="acct-warning" id="backup-transfer-warning">
        {t('backup_transfer_warning')}
      </p>
      {accounts === undefined ? null : accounts.length === 0 ? (
        <p class="muted">{t('backup_transfer_none')}</p>
      ) : (
        <fieldset class="transfer-accounts">
          <legend>{t('backup_transfer_accounts')}</legend>
          {accounts.map((a) => (
            <label class="check" key={a.id}>
              <input type="checkbox" name="account" value={a.id} checked={chosen.has(a.id)} onChange={() => store.toggle(a.id)} />
              <span>
                {a.label} · {siteHost(a.origin)}
              </span>
            </label>
          ))}
        </fieldset>
      )}
      {asksVault ? (
        <div class="backup-fields">
          <VaultPassphrase form="transfer" />
        </div>
      ) : null}
      <FormMessages form="transfer" state={{ error: store.error.value, notice: codes ? t('backup_transfer_shown') : null }} />
      <div>
        <button type="submit" class="primary" aria-describedby="backup-transfer-warning" disabled={store.busy.value || chosen.size === 0}>
          {t('backup_transfer_show')}
        </button>
      </div>
      {codes ? (
        <div class="transfer-codes">
          {store.skipped.value > 0 ? <p class="acct-warning">{plural(store.skipped.value, 'backup_transfer_skipped', store.skipped.value)}</p> : null}
          {codes.map((uri, i) => (
            <figure key={uri}>
              <QrCode text={uri} label={t('backup_transfer_code_label', i + 1, codes.length)} />
              <figcaption>{t('backup_transfer_code_label', i + 1, codes.length)}</figcaption>
            </figure>
          ))}
          <div>
            <button type="button" class="secondary" onClick={store.hide}>
              {t('backup_transfer_hide')}
            </button>
          </div>
        </div>
      ) : null}
    </form>
  );
}
