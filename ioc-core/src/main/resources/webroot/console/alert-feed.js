// The alert feed: open alerts of every feature, newest first, filtered by domain, zone and
// severity; new ones appear from the live feed without a reload, and each can be acknowledged
// here (the server audits it). A click on an alert opens its device.
import { T, el, time, number } from './i18n.js';
import { DOMAINS } from './map-view.js';

const LIMIT = 100;

export function createAlertFeed({ api, post, mayAcknowledge, panel, zoneFilter, zoneNames, metricLabel, deviceName, onDevice, onCounts }) {
  const filters = { feature: '', zone: zoneFilter || '', severity: '' }; // a commune's view: its own
  const alerts = new Map(); // id -> alert
  const list = el('ol', { className: 'feed alert-feed', ariaLive: 'polite' });
  const domain = select('feature', T.domainLabel, [['', T.anyDomain], ...DOMAINS.map(d => [d, T.domains[d]])]);
  const severity = select('severity', T.severity, [['', T.anySeverity], ...['critical', 'warning', 'watch'].map(s => [s, T.severities[s]])]);
  const zone = select('zone', T.zoneLabel, [['', T.anyZone]]);
  panel.append(el('h2', null, T.alerts), el('div', { className: 'filters' }, domain.label, zone.label, severity.label), list);

  function select(key, label, options) {
    const s = el('select', { className: 'filter-' + key }, ...options.map(([v, t]) => el('option', { value: v, textContent: t })));
    s.addEventListener('change', () => { filters[key] = s.value; load().catch(err => console.error(err)); });
    return { select: s, label: el('label', null, label, s) };
  }

  function zonesKnown(features) {
    const sorted = [...features].sort((a, b) => a.properties.name.localeCompare(b.properties.name, 'vi'));
    zone.select.append(...sorted.map(f => el('option', { value: f.properties.id, textContent: f.properties.name,
      selected: f.properties.id === filters.zone })));
  }

  function matches(a) {
    return a.state !== 'closed' && (!filters.feature || a.feature === filters.feature)
      && (!filters.zone || a.zoneId === filters.zone) && (!filters.severity || a.severity === filters.severity);
  }

  async function load() {
    const q = new URLSearchParams({ state: 'open', limit: String(LIMIT) });
    for (const [k, v] of Object.entries(filters)) if (v) q.set(k, v);
    const page = await api('/api/v1/alerts?' + q);
    alerts.clear();
    page.items.forEach(a => alerts.set(a.id, a));
    render(null);
    refreshCounts();
  }

  function render(fresh) {
    const shown = [...alerts.values()].sort((a, b) => b.raisedAt.localeCompare(a.raisedAt) || b.id - a.id).slice(0, LIMIT);
    list.dataset.count = String(shown.length);
    if (!shown.length) { list.replaceChildren(el('li', { className: 'muted' }, T.noAlerts)); return; }
    list.replaceChildren(...shown.map(a => item(a, a.id === fresh)));
  }

  function item(a, fresh) {
    const status = el('span', { className: 'muted', role: 'status' });
    const ack = mayAcknowledge && (a.state === 'raised' || a.state === 'cleared')
      ? el('button', { type: 'button', className: 'ack', textContent: T.acknowledge }) : null;
    if (ack) {
      ack.addEventListener('click', async ev => {
        ev.stopPropagation();
        ack.disabled = true;
        try {
          const r = await post('/api/v1/alerts/' + encodeURIComponent(a.id) + '/acknowledge');
          if (r.ok) { upsert(await r.json(), false); return; }
          status.textContent = T.ackFailed + ' (' + r.status + ')';
          if (r.status === 409) load().catch(err => console.error(err));
        } catch (e) { status.textContent = T.ackFailed; } finally { ack.disabled = false; }
      });
    }
    const value = a.lastValue ?? a.raisedValue;
    const open = el('button', { type: 'button', className: 'link', textContent: deviceName(a.deviceId) });
    open.addEventListener('click', () => onDevice(a.deviceId));
    return el('li', { className: fresh ? 'fresh' : '', dataset: { alert: String(a.id), device: a.deviceId, zone: a.zoneId || '', state: a.state, severity: a.severity, feature: a.feature || '' } },
      el('span', { className: 'badge ' + a.severity }, T.severities[a.severity] || a.severity),
      el('b', null, metricLabel(a.feature, a.metric)), ' ', value === null || value === undefined ? '' : number(value), ' · ', open,
      el('br'),
      el('span', { className: 'muted' }, time(a.raisedAt) + ' · ' + (zoneNames.get(a.zoneId) || a.zoneId || '–') + ' · '
        + (T.domains[a.feature] || a.feature || '') + ' · ' + (T.states[a.state] || a.state)),
      ack ? el('br') : null, ack, status);
  }

  function upsert(a, fresh) {
    if (matches(a)) alerts.set(a.id, a); else alerts.delete(a.id);
    render(fresh ? a.id : null);
    refreshCounts();
  }

  // Counts for the tile, once per burst of changes.
  let countsTimer = null;
  function refreshCounts() {
    if (countsTimer) return;
    countsTimer = setTimeout(async () => {
      countsTimer = null;
      const q = zoneFilter ? '?zone=' + encodeURIComponent(zoneFilter) : ''; // the view's area
      try { onCounts(await api('/api/v1/alerts/counts' + q)); } catch (err) { console.error(err); }
    }, 300);
  }

  return {
    load, zonesKnown,
    onLive(msg) {
      if (msg.type === 'hello') { load().catch(err => console.error(err)); return; }
      if (msg.type === 'alert' && msg.alert) upsert(msg.alert, msg.kind === 'raised' || msg.kind === 'escalated');
    }
  };
}
