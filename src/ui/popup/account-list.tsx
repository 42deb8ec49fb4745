import { effect } from '@preact/signals';
import { useLayoutEffect, useRef } from 'preact/hooks';
import { AccountRow } from './account-row';
import type { CodeRow } from './code-store';
import { t } from '../../i18n';

/**
 * The accounts as a list (role=list, one listitem per account). Arrow keys move between the copy
 * buttons (Home/End to the ends); Tab still walks every control in order.
 *
 * `onFirstCode` runs once, right after the first rows holding a code are in the DOM (the popup marks
 * `performance.mark('first-code')` there).
 */
export interface AccountListProps {
  rows: readonly CodeRow[];
  /** The active tab's origin: its accounts get a "Fill" button. */
  fillOrigin: string | null;
  onCopy(row: CodeRow): void;
  onFill(row: CodeRow): void;
  onFirstCode?: () => void;
}

export function AccountList({ rows, fillOrigin, onCopy, onFill, onFirstCode }: AccountListProps) {
  const marked = useRef(false);
  useLayoutEffect(() => {
    if (marked.current || rows.length === 0) return;
    if (rows.some((row) => row.code.peek() !== null)) {
      marked.current = true;
      onFirstCode?.();
      return;
    }
    // Rows without codes yet (a rollover dropped the first results): mark once one arrives, after the
    // signal bindings have written it into the DOM (they flush in microtasks; a task comes after).
    return effect(() => {
      if (marked.current || !rows.some((row) => row.code.value !== null)) return;
      marked.current = true;
      setTimeout(() => onFirstCode?.(), 0);
    });
  }, [rows]);

  return (
    <ul class="accounts" role="list" aria-label={t('popup_accounts')} onKeyDown={moveFocus}>
      {rows.map((row) => (
        <AccountRow key={row.account.id} row={row} fillable={row.account.origin === fillOrigin} onCopy={onCopy} onFill={onFill} />
      ))}
    </ul>
  );
}

function moveFocus(event: KeyboardEvent) {
  const target = event.target as HTMLElement;
  if (!target.classList.contains('copy')) return;
  const item = target.closest('li');
  let next: Element | null | undefined;
  if (event.key === 'ArrowDown') next = item?.nextElementSibling;
  else if (event.key === 'ArrowUp') next = item?.previousElementSibling;
  else if (event.key === 'Home') next = item?.parentElement?.firstElementChild;
  else if (event.key === 'End') next = item?.parentElement?.lastElementChild;
  else return;
  event.preventDefault();
  if (event.key === 'ArrowUp' && !next) {
    (document.getElementById('search') as HTMLElement | null)?.focus();
    return;
  }
  (next?.querySelector('.copy') as HTMLElement | null)?.focus();
}
