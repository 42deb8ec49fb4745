/** A tiny hyperscript for the sandbox UI: plain DOM, no framework, nothing for a detector to key on. */
type Child = Node | string | null | undefined | false;
type Attrs = Record<string, string | boolean | ((event: any) => void) | undefined>;

export function h(tag: string, attrs: Attrs = {}, ...children: Child[]): HTMLElement {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === false) continue;
    if (typeof value === 'function') el.addEventListener(name.replace(/^on/, '').toLowerCase(), value);
    else if (value === true) el.setAttribute(name, '');
    else el.setAttribute(name, value);
  }
  for (const child of children) if (child) el.append(child);
  return el;
}

let nextId = 0;

/** A labelled input; `label` is the visible text tied to the input by `for`/`id`. */
export function field(label: string, attrs: Attrs): { row: HTMLElement; input: HTMLInputElement } {
  const id = `f${++nextId}`;
  const input = h('input', { id, ...attrs }) as HTMLInputElement;
  return { row: h('p', { class: 'field' }, h('label', { for: id }, label), input), input };
}

export function select(label: string, name: string, options: [string, string][]): { row: HTMLElement; input: HTMLSelectElement } {
  const id = `f${++nextId}`;
  const input = h('select', { id, name }, ...options.map(([value, text]) => h('option', { value }, text))) as HTMLSelectElement;
  return { row: h('p', { class: 'field' }, h('label', { for: id }, label), input), input };
}

/** Region for outcomes: `role=alert` for failures, `role=status` for successes. */
export function notice(kind: 'error' | 'ok', text: string): HTMLElement {
  return h('p', { class: `notice ${kind}`, role: kind === 'error' ? 'alert' : 'status' }, text);
}
