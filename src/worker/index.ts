export { compareAccounts, parseSnapshot, toAccountViews, type AccountsSnapshot, type AccountView } from './account-view';
export { matchPatterns, scriptsFor, syncContentScripts, type ContentScriptSpec, type ScriptingAdapter } from './content-registration';
export { createWorker, type Worker, type WorkerDeps } from './create-worker';
export { memoryArea, storageArea, type StorageArea } from './storage-area';
export { LOCAL, SESSION } from './storage-keys';
