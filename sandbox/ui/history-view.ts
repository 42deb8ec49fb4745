import { errorMessage } from './api';
import { field, h, notice, select } from './dom';
import { authed } from './session';

const PAGE = 10;

interface Change {
  id: number;
  provider: 'google' | 'sms';
  isEnabled: boolean;
  time: string;
}

const methodName = (p: string) => (p === 'google' ? 'Google Authenticator' : 'Text Message (SMS)');

/** Profile › Security › 2FA history: `GET 2fa/changes` with all four filters, sorting and paging. */
export function historyView(root: HTMLElement, signedOut: () => void): void {
  const provider = select('Method', 'provider', [['', 'Any'], ['google', 'Google Authenticator'], ['sms', 'Text Message (SMS)']]);
  const enabled = select('Change', 'isEnabled', [['', 'Any'], ['true', 'Enabled'], ['false', 'Disabled']]);
  const from = field('From', { type: 'datetime-local', name: 'timeFrom', step: '1' });
  const to = field('To', { type: 'datetime-local', name: 'timeTo', step: '1' });
  const order = select('Order', 'sort_order', [['desc', 'Newest first'], ['asc', 'Oldest first']]);
  const messages = h('div', { 'aria-live': 'polite' });
  const results = h('div');
  const details = h('div');
  let offset = 0;
  /** `datetime-local` is the person's local time; the API wants ISO 8601 with an offset. */
  const iso = (local: string) => (local ? new Date(local).toISOString().replace(/\.\d{3}Z$/, '+00:00') : '');

  const filters = h(
    'form',
    { class: 'filters', onsubmit: (e: Event) => { e.preventDefault(); offset = 0; void load(); } },
    provider.row,
    enabled.row,
    from.row,
    to.row,
    order.row,
    h('button', { type: 'submit' }, 'Apply filters'),
  );
  root.replaceChildren(h('h1', {}, '2FA history'), filters, messages, results, details);
  void load();

  async function load() {
    const query = new URLSearchParams({
      limit: String(PAGE),
      offset: String(offset),
      sort_by: 'time',
      sort_order: order.input.value,
      'filter[isEnabled]': enabled.input.value,
      'filter[timeFrom]': iso(from.input.value),
      'filter[timeTo]': iso(to.input.value),
      'filter[provider]': provider.input.value,
    });
    const res = await authed('GET', `2fa/changes?${query}`);
    if (res.status === 401) return signedOut();
    if (res.status !== 200) return messages.replaceChildren(notice('error', errorMessage(res)));
    messages.replaceChildren();
    const rows = (res.body.data as Change[]).map((c) =>
      h(
        'tr',
        {},
        h('td', {}, h('button', { type: 'button', class: 'link', onclick: () => void show(c.id) }, `#${c.id}`)),
        h('td', {}, methodName(c.provider)),
        h('td', {}, c.isEnabled ? 'Enabled' : 'Disabled'),
        h('td', {}, h('time', { datetime: c.time }, new Date(c.time).toLocaleString())),
      ),
    );
    const total: number = res.body.total;
    results.replaceChildren(
      h('p', { role: 'status' }, `${total} change${total === 1 ? '' : 's'}`),
      rows.length
        ? h(
            'table',
            {},
            h('caption', {}, '2FA changes'),
            h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'ID'), h('th', { scope: 'col' }, 'Method'), h('th', { scope: 'col' }, 'Change'), h('th', { scope: 'col' }, 'Time'))),
            h('tbody', {}, ...rows),
          )
        : h('p', {}, 'No changes match.'),
      h(
        'p',
        { class: 'pager' },
        h('button', { type: 'button', disabled: offset === 0, onclick: () => { offset = Math.max(0, offset - PAGE); void load(); } }, 'Previous'),
        ' ',
        h('button', { type: 'button', disabled: offset + PAGE >= total, onclick: () => { offset += PAGE; void load(); } }, 'Next'),
      ),
    );
  }

  async function show(id: number) {
    const res = await authed('GET', `2fa/changes/${id}`);
    if (res.status !== 200) return details.replaceChildren(notice('error', errorMessage(res)));
    const c = res.body as Change;
    details.replaceChildren(
      h('h2', {}, `Change #${c.id}`),
      h('dl', {}, h('dt', {}, 'Method'), h('dd', {}, methodName(c.provider)), h('dt', {}, 'Change'), h('dd', {}, c.isEnabled ? 'Enabled' : 'Disabled'), h('dt', {}, 'Time'), h('dd', {}, c.time)),
    );
  }
}
