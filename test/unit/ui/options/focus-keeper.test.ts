import { afterEach, describe, expect, it } from 'vitest';
import { keepFocus } from '../../../../src/ui/options/focus-keeper';

/**
 * The settings page's focus keeper, in happy-dom. The browser's own part (dropping the focus of a
 * control that gets disabled or removed) is played here: `blur()`, then the change, and for a
 * disabled control the focusout Chromium sends (no related target). test/e2e/a11y-settings.test.ts shows it in Chromium.
 */
let stop: (() => void) | undefined;
afterEach(() => {
  stop?.();
  stop = undefined;
  document.body.innerHTML = '';
});

function page() {
  document.body.innerHTML = `
    <nav><a href="#one">One</a></nav>
    <main>
      <div id="one"><section><h2>One</h2>
        <div class="part"><form><input id="field"><button id="send">Send</button></form></div>
        <div class="other"><button id="other">Other</button></div>
      </section></div>
      <div id="two"><section><h2>Two</h2><button id="far">Far</button></section></div>
    </main>`;
  const main = document.querySelector('main')!;
  stop = keepFocus(main);
  return { main, byId: (id: string) => document.getElementById(id)! };
}

/** What Chromium does when a focused control gets disabled: drops its focus, then tells it (focusout, no related target). */
function disableFocused(button: HTMLButtonElement) {
  button.blur(); // happy-dom would keep a disabled control focused
  button.disabled = true;
  button.dispatchEvent(new FocusEvent('focusout', { bubbles: true, relatedTarget: null }));
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));
const settle = async () => {
  await tick();
  await tick();
};

describe('the settings page keeps the keyboard’s place', () => {
  it('gives focus back to a control that was disabled while its action ran, once it is enabled again', async () => {
    const { byId } = page();
    const send = byId('send') as HTMLButtonElement;
    send.focus();
    disableFocused(send);
    await settle();
    expect(document.activeElement).toBe(document.body);
    send.disabled = false;
    await settle();
    expect(document.activeElement).toBe(send);
  });

  it('when the control is gone, focuses the first control of the nearest part still there', async () => {
    const { byId } = page();
    const field = byId('field');
    field.focus();
    field.blur();
    const part = document.querySelector('.part')!;
    part.replaceChildren(Object.assign(document.createElement('button'), { id: 'next', textContent: 'Next step' }));
    await settle();
    expect(document.activeElement?.id).toBe('next');
  });

  it('waits for a control of that part that is only disabled for now, rather than going further away', async () => {
    const { byId } = page();
    const field = byId('field');
    field.focus();
    field.blur();
    const later = Object.assign(document.createElement('button'), { id: 'later', textContent: 'Later', disabled: true });
    document.querySelector('.part')!.replaceChildren(later);
    await settle();
    expect(document.activeElement).toBe(document.body);
    later.disabled = false;
    await settle();
    expect(document.activeElement).toBe(later);
  });

  it('never into another section', async () => {
    const { byId } = page();
    const other = byId('other');
    other.focus();
    other.blur();
    document.querySelector('#one section')!.remove();
    await settle();
    expect(document.activeElement).toBe(document.body);
  });

  it('leaves a plain blur alone, and takes focus from nothing', async () => {
    const { byId } = page();
    const send = byId('send') as HTMLButtonElement;
    send.focus();
    send.blur(); // on purpose: the control is still there and enabled
    await settle();
    send.disabled = true;
    send.disabled = false;
    await settle();
    expect(document.activeElement).toBe(document.body);

    // Focus elsewhere meanwhile: the lost control is forgotten.
    send.focus();
    disableFocused(send);
    await settle();
    byId('far').focus();
    send.disabled = false;
    await settle();
    expect(document.activeElement?.id).toBe('far');
  });

  it('forgets when the person clicks elsewhere', async () => {
    const { byId } = page();
    const send = byId('send') as HTMLButtonElement;
    send.focus();
    disableFocused(send);
    await settle();
    document.body.dispatchEvent(new Event('pointerdown', { bubbles: true }));
    send.disabled = false;
    await settle();
    expect(document.activeElement).toBe(document.body);
  });

  it('stops watching', async () => {
    const { byId } = page();
    stop!();
    const send = byId('send') as HTMLButtonElement;
    send.focus();
    disableFocused(send);
    await settle();
    send.disabled = false;
    await settle();
    expect(document.activeElement).toBe(document.body);
  });
});
