// KPI tiles across the top: the shell's (devices online, open alerts) and each feature's.
import { el } from './i18n.js';

/** Adds a tile; set(value, detail, level) updates it (level: ok, warning, critical or none). */
export function addTile(id, label) {
  const value = el('span', { className: 'tile-value', textContent: '–' });
  const detail = el('span', { className: 'tile-detail' });
  const tile = el('div', { className: 'tile', dataset: { tile: String(id) } },
    el('span', { className: 'tile-label', textContent: label }), value, detail);
  document.getElementById('tiles').append(tile);
  return {
    set(v, d, level) {
      value.textContent = v;
      detail.textContent = d || '';
      if (level) tile.dataset.level = level; else delete tile.dataset.level;
    }
  };
}
