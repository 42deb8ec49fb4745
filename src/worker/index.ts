export { createWorker, type Worker, type WorkerDeps } from './create-worker';
export { matchPatterns, scriptsFor, syncContentScripts, type ContentScriptSpec, type ScriptingAdapter } from './sites/content-registration';
