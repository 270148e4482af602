// How the dashboard shows times and numbers: local time to the second, short durations.

export function time(iso) {
  if (!iso) return '—';
  const d = new Date(iso);
  const pad = n => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

export function clock(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  return d.toTimeString().slice(0, 8) + '.' + String(d.getMilliseconds()).padStart(3, '0');
}

export function duration(ms) {
  if (ms === null || ms === undefined) return '—';
  if (ms < 1000) return `${ms} ms`;
  if (ms < 60000) return `${(ms / 1000).toFixed(1)} s`;
  if (ms < 3600000) return `${Math.floor(ms / 60000)} min ${Math.floor((ms % 60000) / 1000)} s`;
  return `${Math.floor(ms / 3600000)} h ${Math.floor((ms % 3600000) / 60000)} min`;
}

export function percent(rate) {
  return rate === null || rate === undefined ? '—' : `${(rate * 100).toFixed(1)} %`;
}

export function count(value, cap) {
  return cap !== undefined && value >= cap ? `${value.toLocaleString()}+` : Number(value).toLocaleString();
}

/** What went wrong with a block, on one line: its error, else its reason. */
export function trouble(block) {
  if (block.error) return `${block.error.code || 'ERROR'}: ${block.error.message || ''}`;
  return block.reason || '';
}

export function shortToken(token) {
  return token && token.length > 14 ? token.slice(0, 12) + '…' : token;
}
