import { signal, type Signal } from '@preact/signals';
import { useRef } from 'preact/hooks';
import { plural, t } from '../../../i18n';
import { MIN_PASSPHRASE_LENGTH } from '../../../vault/vault';
import { siteHost } from '../../shared/site-host';
import '../../styles/options-accounts.css';
import { MAX_IMPORT_CHARS, type BackupStore } from './backup-store';
import { LabelledField } from '../labelled-field';
import { FormMessages, VaultPassphrase } from './form-parts';
import { PhoneTransferPanel } from './phone-transfer-panel';
import type { PhoneTransferStore } from './phone-transfer-store';

/**
 * Settings › Backup: the reminder banner, "Export encrypted backup" (passphrase twice), "Export plain
 * list" (a warning and an explicit "I understand"), and "Import" (a file, its passphrase if it is
 * encrypted, and a registered site for keys whose file names none, or names one not registered:
 * without it those are skipped), and "Add to a phone" (phone-transfer-panel.tsx). Each form reports
 * beside itself, the import with its problem lines.
 */
export function BackupSection({ store, transfer }: { store: BackupStore; transfer: PhoneTransferStore }) {
  const encrypted = useRef<HTMLFormElement>(null);
  const plain = useRef<HTMLFormElement>(null);
  const importForm = useRef<HTMLFormElement>(null);
  // A signal, not useState: only hooks the popup uses itself stay out of its budget (shared chunk).
  const checked = useRef<Signal<boolean>>(null);
  checked.current ??= signal(false);
  const understood = checked.current.value;
  const setUnderstood = (value: boolean) => (checked.current!.value = value);
  const busy = store.busy.value;
  const forms = store.forms.value;
  const last = store.lastExportAt.value;
  const asksVault = store.passphraseSet.value;
  const outcome = store.imported.value;
  const sites = store.sites.value;

  const field = (form: HTMLFormElement | null, name: string) => (form?.elements.namedItem(name) as HTMLInputElement | HTMLSelectElement | null)?.value ?? '';
  const vaultPassphrase = (form: HTMLFormElement | null) => (asksVault ? field(form, 'vault-passphrase') : undefined);

  const submitEncrypted = (event: Event) => {
    event.preventDefault();
    const form = encrypted.current;
    void store.exportEncrypted({ passphrase: field(form, 'passphrase'), repeat: field(form, 'repeat'), vaultPassphrase: vaultPassphrase(form) }).then((saved) => {
      if (saved) form?.reset();
    });
  };

  const submitPlain = (event: Event) => {
    event.preventDefault();
    const form = plain.current;
    void store.exportPlain({ understood, vaultPassphrase: vaultPassphrase(form) }).then((saved) => {
      if (!saved) return;
      form?.reset();
      setUnderstood(false);
      // The export button is disabled again until the box is ticked: the keyboard's place moves to the box.
      const active = document.activeElement;
      if (!active || active === document.body || form?.contains(active)) (form?.elements.namedItem('understood') as HTMLInputElement | null)?.focus();
    });
  };

  const submitImport = async (event: Event) => {
    event.preventDefault();
    const form = importForm.current;
    const file = (form?.elements.namedItem('file') as HTMLInputElement | null)?.files?.[0];
    if (!file) return store.fail('import', t('backup_import_choose_file'));
    if (file.size > MAX_IMPORT_CHARS) return store.fail('import', t('backup_import_too_big'));
    let text: string;
    try {
      text = await file.text();
    } catch {
      return store.fail('import', t('backup_import_unreadable_file'));
    }
    const site = field(form, 'site');
    const done = await store.importText({ text, passphrase: field(form, 'passphrase') || undefined, site: site || undefined });
    if (done) form?.reset();
  };

  return (
    <section class="card backup-section" aria-labelledby="backup-title">
      <h2 id="backup-title">{t('options_backup_title')}</h2>
      {store.due.value ? (
        <div class="backup-banner" role="note" aria-labelledby="backup-banner-title">
          <p id="backup-banner-title" class="backup-banner-title">
            {t('backup_reminder_title')}
          </p>
          <p>{t('backup_reminder_text')}</p>
        </div>
      ) : null}
      <p class="muted">{last === undefined ? t('backup_never_exported') : t('backup_last_export', new Date(last).toLocaleString(t('common_lang')))}</p>

      <form ref={encrypted} class="backup-form" aria-labelledby="backup-encrypted-title" onSubmit={submitEncrypted} noValidate>
        <h3 id="backup-encrypted-title">{t('backup_encrypted_title')}</h3>
        <p class="muted">{t('backup_encrypted_intro')}</p>
        <div class="backup-fields">
          <LabelledField id="backup-passphrase" label={t('backup_passphrase_label')} hint={plural(MIN_PASSPHRASE_LENGTH, 'backup_passphrase_hint', MIN_PASSPHRASE_LENGTH)}>
            <input id="backup-passphrase" name="passphrase" type="password" autocomplete="new-password" aria-describedby="backup-passphrase-hint" />
          </LabelledField>
          <LabelledField id="backup-repeat" label={t('backup_repeat_label')}>
            <input id="backup-repeat" name="repeat" type="password" autocomplete="new-password" />
          </LabelledField>
          {asksVault ? <VaultPassphrase form="encrypted" /> : null}
        </div>
        <FormMessages form="encrypted" state={forms.encrypted} />
        <div>
          <button type="submit" class="primary" disabled={busy !== null}>
            {busy === 'encrypted' ? t('backup_exporting') : t('backup_export_encrypted')}
          </button>
        </div>
      </form>

      <form ref={plain} class="backup-form" aria-labelledby="backup-plain-title" onSubmit={submitPlain} noValidate>
        <h3 id="backup-plain-title">{t('backup_plain_title')}</h3>
        <p class="acct-warning" id="backup-plain-warning">
          {t('backup_plain_warning')}
        </p>
        <label class="check">
          <input type="checkbox" name="understood" checked={understood} aria-describedby="backup-plain-warning" onChange={(event) => setUnderstood((event.currentTarget as HTMLInputElement).checked)} />
          <span>{t('backup_plain_understood')}</span>
        </label>
        {asksVault ? (
          <div class="backup-fields">
            <VaultPassphrase form="plain" />
          </div>
        ) : null}
        <FormMessages form="plain" state={forms.plain} />
        <div>
          <button type="submit" class="secondary" disabled={busy !== null || !understood}>
            {busy === 'plain' ? t('backup_exporting') : t('backup_export_plain')}
          </button>
        </div>
      </form>

      <form ref={importForm} class="backup-form" aria-labelledby="backup-import-title" onSubmit={(event) => void submitImport(event)} noValidate>
        <h3 id="backup-import-title">{t('backup_import_title')}</h3>
        <p class="muted">{t('backup_import_intro')}</p>
        <div class="backup-fields">
          <LabelledField id="backup-file" label={t('backup_file_label')}>
            <input id="backup-file" name="file" type="file" accept=".json,.txt,application/json,text/plain" />
          </LabelledField>
          <LabelledField id="backup-import-passphrase" label={t('backup_import_passphrase_label')}>
            <input id="backup-import-passphrase" name="passphrase" type="password" autocomplete="off" />
          </LabelledField>
          <LabelledField id="backup-site" class="wide" label={t('backup_site_label')} hint={t('backup_site_hint')}>
            <select id="backup-site" name="site" aria-describedby="backup-site-hint">
              <option value="">{t('backup_site_none')}</option>
              {sites.map((origin) => (
                <option key={origin} value={origin}>
                  {siteHost(origin)}
                </option>
              ))}
            </select>
          </LabelledField>
        </div>
        <FormMessages form="import" state={forms.import} />
        {outcome && outcome.problems.length > 0 ? (
          <div class="backup-problems">
            <p class="acct-warning">{t('backup_problems_title', outcome.problems.length)}</p>
            <ul aria-label={t('backup_problems_label')}>
              {outcome.problems.map((problem, i) => (
                <li key={i}>{problem}</li>
              ))}
            </ul>
          </div>
        ) : null}
        <div>
          <button type="submit" class="primary" disabled={busy !== null}>
            {busy === 'import' ? t('backup_importing') : t('backup_import_submit')}
          </button>
        </div>
      </form>

      <PhoneTransferPanel store={transfer} asksVault={asksVault} />
    </section>
  );
}
