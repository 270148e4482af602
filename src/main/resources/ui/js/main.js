// The dashboard's router: #/ (overview), #/sessions?…, #/sessions/TOKEN, #/blocks/TOKEN,
// #/deliveries?…. Each page renders into <main> and returns what stops its live updates.

import {h} from './dom.js';
import {showSignedIn, signOut} from './key.js';
import * as overview from './pages/overview.js';
import * as sessions from './pages/sessions.js';
import * as session from './pages/session.js';
import * as block from './pages/block.js';
import * as deliveries from './pages/deliveries.js';

let stopPage = () => {};

function route() {
  const hash = location.hash.replace(/^#/, '') || '/';
  const [path, search] = hash.split('?');
  const params = Object.fromEntries(new URLSearchParams(search || ''));
  const parts = path.split('/').filter(Boolean);
  if (parts.length === 0) return {page: overview, nav: 'overview', params};
  if (parts[0] === 'sessions' && parts.length === 1) return {page: sessions, nav: 'sessions', params};
  if (parts[0] === 'sessions' && parts.length === 2) return {page: session, nav: 'sessions', params: {token: parts[1]}};
  if (parts[0] === 'blocks' && parts.length === 2) return {page: block, nav: 'sessions', params: {token: parts[1]}};
  if (parts[0] === 'deliveries') return {page: deliveries, nav: 'deliveries', params};
  return null;
}

function show() {
  stopPage();
  stopPage = () => {};
  document.getElementById('notice').hidden = true; // a notice belongs to the page its action was on
  const main = document.getElementById('page');
  main.replaceChildren();
  const target = route();
  for (const link of document.querySelectorAll('[data-nav]')) {
    link.classList.toggle('active', target !== null && link.dataset.nav === target.nav);
  }
  if (target === null) {
    main.append(h('h1', {}, 'Not found'), h('p', {}, 'No dashboard page at ', h('code', {}, location.hash), '. ',
      h('a', {href: '#/'}, 'Overview')));
    return;
  }
  stopPage = target.page.render(main, target.params) || (() => {});
}

window.addEventListener('hashchange', show);
document.getElementById('sign-out').addEventListener('click', () => {
  signOut();
  show();
});
showSignedIn();
show();
