export { AccountSchema, ACCOUNT_FORMAT, isAccount, newAccountId, type Account, type AccountStatus, type Algorithm } from './account';
export { fromBase64, toBase64 } from './bytes';
export type { VaultError } from './errors';
export { MIN_ITERATIONS, SALT_BYTES } from './key-wrap';
export { idbKeyValueStore, type KeyValueStore } from './kv-store';
export { createVault, MIN_PASSPHRASE_LENGTH, type UnlockedKey, type Vault, type VaultState } from './vault';
export { BACKUP_FORMAT, exportEncrypted, exportOtpauthList, otpauthUriOf, phoneTransferUris, planImport, readBackup, TRANSFER_PER_CODE, type BackupError, type ImportCandidate, type ImportPlan, type ReadBackup } from './backup';
