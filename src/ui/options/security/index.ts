/** Settings › Security: passphrase, lock, auto-lock, autofill mode, managed policy, server clocks. */
export { securitySection } from './security-mount';
export { SecuritySection } from './security-section';
export { createSecurityStore, MIN_PASSPHRASE, type Feedback, type Part, type SecurityStore, type SecurityStoreDeps } from './security-store';
export { autoLockChoices, autoLockLabel, formatClockFlag, formatOffset } from './format';
