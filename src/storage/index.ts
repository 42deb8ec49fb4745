/** The second protocol between contexts: what lives in `storage.local` and `storage.session`, and how it is read. */
export { compareAccounts, parseSnapshot, toAccountViews, type AccountsSnapshot, type AccountView } from './accounts-snapshot';
export { memoryArea, storageArea, type BrowserStorage, type ReadableArea, type StorageArea, type WritableArea } from './area';
export { LOCAL, SESSION, type BackupRecord } from './keys';
export { firstScreenOf, FIRST_SCREEN_ROWS, type FirstScreen } from './first-screen';
export { LOCAL_ENTRIES, SESSION_ENTRIES, SNAPSHOT_CONTENT, type Entry } from './schemas';
export { checked, describeInvalid, read, remove, watch, write, type Report } from './typed';
