// Every action goes through this dialog first: a person reads what will happen and confirms.
// With withData, the dialog also asks for a JSON object (proceed) and checks it before closing.

const dialog = () => document.getElementById('confirm-dialog');
const el = id => document.getElementById(id);

/** Resolves to {data} when confirmed (data null unless asked for), to null when cancelled. */
export function confirmAction({title, message, action, withData = false}) {
  return new Promise(resolve => {
    el('confirm-title').textContent = title;
    el('confirm-message').textContent = message;
    el('confirm-ok').textContent = action;
    el('confirm-data-label').hidden = !withData;
    el('confirm-data').value = '{}';
    el('confirm-error').hidden = true;
    const finish = result => {
      el('confirm-ok').onclick = null;
      el('confirm-cancel').onclick = null;
      dialog().onclose = null;
      if (dialog().open) dialog().close();
      resolve(result);
    };
    el('confirm-cancel').onclick = () => finish(null);
    dialog().onclose = () => finish(null);
    el('confirm-ok').onclick = () => {
      if (!withData) return finish({data: null});
      const parsed = parseObject(el('confirm-data').value);
      if (parsed.error) {
        el('confirm-error').textContent = parsed.error;
        el('confirm-error').hidden = false;
        return;
      }
      finish({data: parsed.value});
    };
    dialog().showModal();
  });
}

function parseObject(text) {
  try {
    const value = JSON.parse(text);
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      return {error: 'data must be a JSON object, e.g. {"approved": true}'};
    }
    return {value};
  } catch (e) {
    return {error: `not valid JSON: ${e.message}`};
  }
}

let noticeTimer = null;

/** A short message in the corner: what an action did, or why it failed. */
export function notice(text, isError = false) {
  const box = document.getElementById('notice');
  box.textContent = text;
  box.className = isError ? 'notice error' : 'notice';
  box.hidden = false;
  clearTimeout(noticeTimer);
  noticeTimer = setTimeout(() => { box.hidden = true; }, isError ? 8000 : 4000);
}
