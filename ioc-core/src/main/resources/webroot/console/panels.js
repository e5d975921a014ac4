// The side panel: one tab per part (the alert feed first, then each feature's panel), keyboard
// usable as a WAI-ARIA tab list (arrows move between tabs, the panel follows).
import { el } from './i18n.js';

const tabs = () => document.getElementById('tabs');
const panels = () => document.getElementById('panels');

/** Adds a tab and returns its panel's body; the first tab added is shown. */
export function addPanel(id, title) {
  const safe = String(id).replace(/[^a-z0-9-]/gi, '');
  const tab = el('button', { type: 'button', role: 'tab', id: 'tab-' + safe, textContent: title,
    ariaControls: 'panel-' + safe, ariaSelected: 'false', tabIndex: -1, dataset: { panel: safe } });
  const body = el('section', { role: 'tabpanel', id: 'panel-' + safe, className: 'panel panel-' + safe,
    ariaLabelledby: 'tab-' + safe, hidden: true, tabIndex: 0 });
  tab.addEventListener('click', () => show(safe));
  tab.addEventListener('keydown', ev => {
    const all = [...tabs().querySelectorAll('[role=tab]')];
    const i = all.indexOf(tab);
    const next = ev.key === 'ArrowRight' ? all[(i + 1) % all.length] : ev.key === 'ArrowLeft' ? all[(i - 1 + all.length) % all.length] : null;
    if (next) { ev.preventDefault(); show(next.dataset.panel); next.focus(); }
  });
  tabs().append(tab);
  panels().append(body);
  if (tabs().childElementCount === 1) show(safe);
  return body;
}

export function show(id) {
  for (const t of tabs().querySelectorAll('[role=tab]')) {
    const on = t.dataset.panel === id;
    t.setAttribute('aria-selected', String(on));
    t.tabIndex = on ? 0 : -1;
    document.getElementById('panel-' + t.dataset.panel).hidden = !on;
  }
}
