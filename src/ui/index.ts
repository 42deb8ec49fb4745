export { PopupShell } from './popup-shell';
export { OptionsShell } from './options-shell';
