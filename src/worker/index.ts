export { createWorker, type Worker, type WorkerDeps } from './create-worker';
export { matchPatterns, scriptsFor, syncContentScripts, type ContentScriptSpec, type ScriptingAdapter } from './sites/content-registration';
export { menuItems, parseMenuId, type MenuClick, type MenuItem, type MenusAdapter } from './fill/context-menu';
export { CLIPBOARD_ALARM, type ClipboardAdapter } from './clipboard/clipboard-clear';
