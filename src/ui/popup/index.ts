/** The popup: its stores (one concept each, composed by `createPopupStore`) and its components. */
export { createCodesStore, type CodeRow, type CodesStore, type Generate, type Timer } from './code-store';
export { createCopyStore, CLEAR_AFTER_MS, type CopyStatus, type CopyStore } from './copy-store';
export { codePlaceholder, formatCode } from './format-code';
export { createPopupStore, FIRST_SCREEN, type PopupDeps, type PopupStore } from './popup-store';
export { createSearch, type Search } from './search-store';
export { createSnapshotStore, type SnapshotStore, type VaultPhase } from './snapshot-store';
export { createTabSiteStore, type TabSiteStore, type TabStatus } from './tab-site-store';
export { AccountList, type AccountListProps } from './account-list';
export { Popup, type PopupProps } from './popup';
export { takeOverWhenSettled } from './take-over';
