import { h } from './dom';
import { historyView } from './history-view';
import { outboxView } from './outbox-view';
import { changePasswordView, restorePasswordView } from './password-view';
import { securityView } from './security-view';
import { authed, clear, current, transport } from './session';
import { signInView } from './signin-view';

/** The sandbox client UI: a hash router over the views, each calling the API as a B2Core app does. */
const main = document.getElementById('main')!;
const nav = document.getElementById('nav')!;
document.getElementById('transport')!.textContent = `API transport: ${transport}`;

const go = (route: string) => {
  if (location.hash === route) render();
  else location.hash = route;
};

const signedOut = () => {
  clear();
  go('#/signin');
};

async function signOut() {
  await authed('POST', 'signout');
  clear();
  go('#/signin');
}

function renderNav() {
  const session = current();
  nav.replaceChildren(
    ...(session
      ? [
          h('a', { href: '#/security' }, 'Security'),
          h('a', { href: '#/password' }, 'Change password'),
          h('a', { href: '#/history' }, '2FA history'),
          h('span', { class: 'who' }, session.email),
          h('button', { type: 'button', onclick: () => void signOut() }, 'Sign out'),
        ]
      : [h('a', { href: '#/signin' }, 'Sign in')]),
    h('a', { href: '#/outbox', class: 'tool' }, 'Sandbox outbox'),
  );
}

function render() {
  renderNav();
  const route = location.hash.replace(/^#/, '') || '/signin';
  const signedIn = current() !== null;
  if (route === '/outbox') return outboxView(main);
  if (route === '/restore') return restorePasswordView(main, () => go('#/signin'));
  if (!signedIn || route === '/signin') {
    if (signedIn) return go('#/security');
    return signInView(main, () => go('#/security'));
  }
  if (route === '/password') return changePasswordView(main, signedOut, () => go('#/signin'));
  if (route === '/history') return historyView(main, signedOut);
  return securityView(main, signedOut);
}

window.addEventListener('hashchange', render);
render();
