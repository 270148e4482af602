// The API key, for nodes with auth.enabled. Kept in this tab's sessionStorage only (gone when the
// tab closes, never in a cookie or the URL), and sent as Authorization: Bearer on every call.
// A 401 opens the sign-in dialog; the page is drawn again once a key is given.

const STORAGE = 'blockline.key';
const el = id => document.getElementById(id);

export function apiKey() {
  return sessionStorage.getItem(STORAGE);
}

/** The Authorization header of a call, or none. */
export function authHeaders() {
  const key = apiKey();
  return key ? {Authorization: `Bearer ${key}`} : {};
}

let asking = null;

/** Shows the sign-in dialog (once, however many calls were refused); resolves when a key was saved. */
export function askForKey(reason) {
  if (asking) return asking;
  asking = new Promise(resolve => {
    el('key-reason').textContent = reason;
    el('key-input').value = '';
    el('key-form').onsubmit = event => {
      event.preventDefault();
      const key = el('key-input').value.trim();
      if (!key) return;
      sessionStorage.setItem(STORAGE, key);
      el('key-dialog').close();
      showSignedIn();
      asking = null;
      resolve(key);
    };
    el('key-dialog').showModal();
  });
  return asking;
}

export function signOut() {
  sessionStorage.removeItem(STORAGE);
  showSignedIn();
}

/** The header's sign-in state: the key's public prefix (blk_xxxxxxxx), never the secret. */
export function showSignedIn() {
  const key = apiKey();
  el('key-state').hidden = !key;
  el('key-prefix').textContent = key ? key.split('_').slice(0, 2).join('_') : '';
}
