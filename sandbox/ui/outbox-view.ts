import { h } from './dom';

/** A sandbox tool, not part of B2Core: the SMS and emails the sandbox "sent", newest first. */
export function outboxView(root: HTMLElement): void {
  const list = h('div');
  const load = async () => {
    const res = await fetch('/__sandbox/outbox');
    const { data } = (await res.json()) as { data: { to: string; channel: string; code: string; text: string; sentAt: string }[] };
    list.replaceChildren(
      data.length
        ? h('ul', { class: 'outbox' }, ...data.reverse().map((m) => h('li', {}, h('strong', {}, `${m.channel.toUpperCase()} to ${m.to}`), ` at ${m.sentAt}: `, h('span', {}, m.text))))
        : h('p', {}, 'Nothing sent yet.'),
    );
  };
  root.replaceChildren(
    h('h1', {}, 'Sandbox outbox'),
    h('p', {}, 'Text messages and emails the sandbox would have sent. This page is a sandbox tool, not part of B2Core.'),
    h('button', { type: 'button', onclick: () => void load() }, 'Refresh'),
    list,
  );
  void load();
}
