import { plural, t } from '../../i18n';
import { exportEncrypted, exportOtpauthList, MIN_PASSPHRASE_LENGTH, newAccountId, phoneTransferUris, planImport, readBackup, type BackupError, type ReadBackup } from '../../vault';
import { compareAccounts } from '../../storage/accounts-snapshot';
import { withVaultKey } from '../accounts/account-handlers';
import { backupFilename } from './backup-filename';
import { confirmPassphrase } from '../vault/passphrase-check';
import type { HandlerGroup } from '../context';
import type { BackupRecord } from '../../storage/keys';
import { invalidInput, vaultFailure } from '../vault/vault-failure';
import { LOCAL_ENTRIES, write } from '../../storage';
import { ok } from '../../result';

/**
 * Backup export (encrypted JSON of every account, or the plain otpauth list of active ones) and
 * import (encrypted JSON, otpauth links, Google's otpauth-migration links), merged by
 * `planImport` so nothing is added twice or overwritten, and only for registered sites (the
 * registry's list, and the chosen site). A file that cannot be read — wrong passphrase, damaged,
 * foreign — is refused before anything is written; what the plan leaves out or changes (a key for
 * a site not registered, a pending key added archived) is reported, never its key.
 */
export const backupHandlers: HandlerGroup<'backup/export' | 'backup/transfer' | 'backup/import'> = (ctx) => ({
  'backup/export': ({ format, passphrase, vaultPassphrase }) =>
    withVaultKey(ctx, async (key) => {
      const confirmed = await confirmPassphrase(ctx.vault, vaultPassphrase);
      if (!confirmed.ok) return confirmed;
      if (format === 'encrypted' && (passphrase ?? '').normalize('NFC').length < MIN_PASSPHRASE_LENGTH) {
        return invalidInput(plural(MIN_PASSPHRASE_LENGTH, 'backup_error_weak_passphrase', MIN_PASSPHRASE_LENGTH));
      }
      const listed = await ctx.vault.list(key);
      if (!listed.ok) return vaultFailure(listed.error);
      const { accounts } = listed.value;
      const at = ctx.now();
      let text: string;
      let count: number;
      if (format === 'encrypted') {
        count = accounts.length;
        if (count === 0) return invalidInput(t('backup_error_nothing_to_export'));
        const file = await exportEncrypted(accounts, passphrase ?? '', { now: () => at, ...(ctx.backupIterations === undefined ? {} : { iterations: ctx.backupIterations }) });
        if (!file.ok) return invalidInput(backupErrorText(file.error));
        text = file.value;
      } else {
        const list = exportOtpauthList(accounts);
        count = list.text === '' ? 0 : list.text.split('\n').length;
        if (count === 0) return invalidInput(t('backup_error_nothing_active'));
        text = list.text;
      }
      const record: BackupRecord = { lastExportAt: at, format };
      await write(ctx.local, LOCAL_ENTRIES.backup, record);
      return ok({ filename: backupFilename(format, at), text, count });
    }),

  'backup/transfer': ({ ids, vaultPassphrase }) =>
    withVaultKey(ctx, async (key) => {
      const confirmed = await confirmPassphrase(ctx.vault, vaultPassphrase);
      if (!confirmed.ok) return confirmed;
      const listed = await ctx.vault.list(key);
      if (!listed.ok) return vaultFailure(listed.error);
      const chosen = new Set(ids);
      const accounts = [...listed.value.accounts].sort(compareAccounts).filter((a) => chosen.has(a.id));
      // One batch id ties the codes of one showing together (Google Authenticator reads it so).
      const transfer = phoneTransferUris(accounts, ctx.now() % 0x7fff_ffff);
      if (transfer.uris.length === 0) return invalidInput(t('backup_transfer_nothing'));
      return ok(transfer);
    }),

  'backup/import': ({ text, passphrase, site }) =>
    withVaultKey(ctx, async (key) => {
      if (text.trim() === '') return invalidInput(t('backup_error_empty'));
      if (site !== undefined && !(await ctx.sites.isRegistered(site))) return invalidInput(t('backup_error_site_not_registered'));
      const read = await readBackup(text, passphrase, { now: ctx.now });
      if (!read.ok) return invalidInput(backupErrorText(read.error));
      const listed = await ctx.vault.list(key);
      if (!listed.ok) return vaultFailure(listed.error);
      const sites = await ctx.sites.list();
      const plan = planImport(listed.value.accounts, read.value, { sites, ...(site !== undefined ? { site } : {}), newId: () => newAccountId(), now: ctx.now() });
      const problems = read.value.problems.map(describeProblem);
      if (plan.needsSite > 0) problems.push(plural(plan.needsSite, 'backup_problem_needs_site', plan.needsSite));
      for (const { origin, count } of plan.unregistered) problems.push(plural(count, 'backup_problem_unregistered', count, origin));
      for (const { origin, count } of plan.moved) problems.push(plural(count, 'backup_problem_moved', count, origin, site ?? ''));
      if (plan.pendingArchived > 0) problems.push(plural(plan.pendingArchived, 'backup_problem_pending', plan.pendingArchived));
      let added = 0;
      for (const account of plan.add) {
        const stored = await ctx.vault.add(key, account);
        if (stored.ok) added++;
        else problems.push(t('backup_problem_not_stored', vaultFailure(stored.error).error.message));
      }
      if (added > 0) await ctx.refreshSnapshot();
      return ok({ added, skipped: plan.duplicates, problems });
    }),
});

function backupErrorText(error: BackupError): string {
  switch (error.kind) {
    case 'weak_passphrase':
      return plural(MIN_PASSPHRASE_LENGTH, 'backup_error_weak_passphrase', MIN_PASSPHRASE_LENGTH);
    case 'needs_passphrase':
      return t('backup_error_needs_passphrase');
    case 'wrong_passphrase':
      return t('backup_error_wrong_passphrase');
    case 'unreadable':
      return t('backup_error_unreadable');
  }
}

/**
 * One unreadable line or entry, for the person: where it is (in their language) and why (the
 * parser's reason). Never its content: a line of a backup carries a key.
 */
function describeProblem({ where, why }: ReadBackup['problems'][number]): string {
  const entry = /^line (\d+), entry (\d+)$/.exec(where);
  if (entry) return t('backup_problem_entry', entry[1]!, entry[2]!, why);
  const line = /^line (\d+)$/.exec(where);
  if (line) return t('backup_problem_line', line[1]!, why);
  const account = /^account (\d+)$/.exec(where);
  if (account) return t('backup_problem_account', account[1]!);
  return t('backup_problem_unreadable', why);
}
