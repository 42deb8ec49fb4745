import type { FillTarget } from '../messaging';
/** The browser APIs the worker uses beyond storage and scripting, as narrow adapters (tests plug in their own). */

/** `chrome.alarms`, as far as the worker uses it (auto-lock: alarms survive the worker, timers do not). */
export interface AlarmsAdapter {
  create(name: string, when: number): Promise<void>;
  clear(name: string): Promise<void>;
}

/** The browser's tabs, as far as the worker uses them. */
export interface TabsAdapter {
  url(tabId: number): Promise<string | undefined>;
  activeTabId(): Promise<number | undefined>;
  /** Asks our content script in the tab's top frame to fill (`at`: which field); true only when it filled a code. */
  askFill(tabId: number, reason: 'manual', at?: FillTarget): Promise<boolean>;
}
