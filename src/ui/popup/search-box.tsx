import { SearchIcon } from '../shared/icons';
import type { Search } from './search-store';
import type { CodeRow } from './code-store';
import { plural, t } from '../../i18n';

/** The search box ("Search"): filters as you type; ArrowDown goes to the first result, Enter copies it. */
export function SearchBox({ search, count, onEnter }: { search: Search<CodeRow>; count: number; onEnter(): void }) {
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'ArrowDown') {
      event.preventDefault();
      (document.querySelector('.accounts .copy') as HTMLElement | null)?.focus();
    } else if (event.key === 'Enter') {
      event.preventDefault();
      onEnter();
    } else if (event.key === 'Escape' && search.query.peek()) {
      event.preventDefault();
      search.setQuery('');
    }
  };
  return (
    <div class="search" role="search">
      <label for="search" class="visually-hidden">
        {t('popup_search')}
      </label>
      <SearchIcon />
      <input
        id="search"
        type="search"
        placeholder={plural(count, 'popup_search', count)}
        autocomplete="off"
        spellcheck={false}
        autoFocus
        value={search.query}
        onInput={(event) => search.setQuery((event.currentTarget as HTMLInputElement).value)}
        onKeyDown={onKeyDown}
      />
    </div>
  );
}
