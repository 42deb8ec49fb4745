/** Settings › Accounts: the list of every account and what a person can do with each. */
export { accountsSection } from './accounts-mount';
export { AccountsSection, type AccountsSectionProps } from './accounts-section';
export { accountName, createAccountsStore, moveTarget, REVEAL_MS, type AccountsStore, type AccountsStoreDeps, type MoveDirection, type RevealedKey } from './accounts-store';
export { qrPath, QrCode } from './qr-code';
