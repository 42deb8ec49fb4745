/** The second protocol between contexts: what lives in `storage.local` and `storage.session`, and how it is read. */
export { compareAccounts, parseSnapshot, toAccountViews, type AccountsSnapshot, type AccountView } from './accounts-snapshot';
export { memoryArea, storageArea, type StorageArea } from './area';
export { LOCAL, SESSION, type BackupRecord } from './keys';
