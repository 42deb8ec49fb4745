/**
 * The popup's and settings page's UI (Preact components and signal stores). Stores are factories
 * over injected adapters (storage, clock, clipboard, messenger, tabs, permissions), so tests drive
 * them with fakes; `shared/browser-adapters.ts` makes the real ones from `browser`.
 *
 *   shared/   adapters, page messenger, site registration (validate → permission → sites/add), icons
 *   popup/    snapshot → codes → search → list; copy; tab actions (Fill, Use on this site)
 *   options/  the settings frame and its sections (Sites)
 *   styles/   plain CSS, light and dark
 *
 * Each entrypoint imports its own page's face (`@/src/ui/popup`, `@/src/ui/options`) plus
 * `@/src/ui/shared`, not this file: Vite splits chunks by module reachability, so importing one
 * barrel from both pages would make them share one chunk holding both (the settings page would load
 * the TOTP code, the popup the settings sections).
 */
export * from './shared';
export * from './popup';
export * from './options';
