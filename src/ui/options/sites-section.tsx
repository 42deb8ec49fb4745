import { useRef } from 'preact/hooks';
import type { SitesStore } from './sites-store';
import { t } from '../../i18n';
import '../styles/options-sites.css';

/**
 * Settings › Sites: the exact origins where codes may be filled. "Add site" validates the address,
 * asks the browser for access (inside the submit, a user gesture; not for http://localhost or
 * http://127.0.0.1, granted by the manifest) and registers it; each site has "Remove".
 *
 * Keyboard: the field keeps focus after an address is added (ready for the next); after a removal,
 * focus moves to the next site's "Remove" (or the previous one's, or the field when none is left)
 * instead of falling back to the start of the page with the removed button. A site the
 * organisation's policy registers says so, and has no "Remove" (the worker would refuse).
 */
export function SitesSection({ store }: { store: SitesStore }) {
  const input = useRef<HTMLInputElement>(null);
  const list = useRef<HTMLUListElement>(null);
  const sites = store.sites.value;
  const managed = store.managed.value;
  const error = store.error.value;
  const busy = store.busy.value;

  const submit = (event: Event) => {
    event.preventDefault();
    // No await before `add`: it must reach `permissions.request` within this event.
    void store.add(input.current?.value ?? '').then((added) => {
      if (added && input.current) input.current.value = '';
      else input.current?.focus();
    });
  };

  const remove = (origin: string, index: number) => {
    void store.remove(origin).then(async () => {
      const left = store.sites.peek() ?? [];
      if (left.includes(origin)) return; // not removed: the alert says why, focus stays
      // After the list has rendered without it (its buttons enabled again: a disabled one takes no focus).
      await new Promise((resolve) => setTimeout(resolve, 0));
      // The next site that can be removed, else the nearest one before, else the address field.
      const order = [...left.slice(index), ...left.slice(0, index).reverse()];
      const buttons = [...(list.current?.querySelectorAll<HTMLButtonElement>('button[data-origin]') ?? [])];
      const buttonOf = (site: string) => buttons.find((button) => button.dataset.origin === site);
      (order.map(buttonOf).find(Boolean) ?? input.current)?.focus();
    });
  };

  return (
    <section class="card" aria-labelledby="sites-title">
      <h2 id="sites-title">{t('options_sites_title')}</h2>
      <p class="muted">{t('sites_intro')}</p>
      <form class="add-site" onSubmit={submit} noValidate>
        <label for="site-address" class="field-label">
          {t('sites_address')}
        </label>
        <div class="inline">
          <input
            id="site-address"
            ref={input}
            type="text"
            inputMode="url"
            autocomplete="off"
            spellcheck={false}
            placeholder="https://my.broker.example"
            aria-invalid={error ? 'true' : undefined}
            aria-describedby="sites-error"
          />
          <button type="submit" class="primary" disabled={busy}>
            {t('sites_add')}
          </button>
        </div>
      </form>
      <p id="sites-error" role="alert" class="error">
        {error}
      </p>
      <p role="status" class="notice-line">
        {store.notice.value}
      </p>
      {sites === undefined ? null : sites.length === 0 ? (
        <p class="empty muted">{t('sites_empty')}</p>
      ) : (
        <ul class="sites" aria-label={t('sites_list')} ref={list}>
          {sites.map((origin, index) => (
            <li key={origin}>
              <span class="origin">{origin}</span>
              {managed.includes(origin) ? (
                <span class="site-managed">{t('sites_managed')}</span>
              ) : (
                <button type="button" class="danger" data-origin={origin} aria-label={t('sites_remove_label', origin)} disabled={busy} onClick={() => remove(origin, index)}>
                  {t('sites_remove')}
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
