// The device panel: latest values with units, a 24-hour chart (uPlot), the device's open alerts,
// its twin (desired against reported) and the controls its features offer for it and the
// caller's role. Live readings of the open device update it in place.
import { T, el, time, number, unit } from './i18n.js';

const STEP = '15m';

export function createDevicePanel({ api, metricInfo, zoneNames, actionsFor, onChange }) {
  const root = document.getElementById('device-panel');
  const title = document.getElementById('device-title');
  const body = document.getElementById('device-body');
  const closeButton = document.getElementById('device-close');
  closeButton.setAttribute('aria-label', T.close);
  let current = null; // { device, values, twin, chart, metric }
  let returnFocus = null;

  closeButton.addEventListener('click', close);
  root.addEventListener('keydown', ev => { if (ev.key === 'Escape') close(); });

  function close() {
    root.hidden = true;
    if (current && current.chart) current.chart.destroy();
    current = null;
    delete root.dataset.device;
    onChange();
    if (returnFocus && returnFocus.focus) returnFocus.focus();
  }

  async function open(id) {
    returnFocus = document.activeElement;
    const device = await api('/api/v1/devices/' + encodeURIComponent(id));
    if (current && current.chart) current.chart.destroy();
    const values = el('table', { className: 'device-values' });
    const chartBox = el('div', { className: 'device-chart' });
    const metricsBar = el('div', { className: 'chart-metrics', role: 'group', ariaLabel: T.chart });
    const alerts = el('ul', { className: 'feed device-alerts' });
    const twin = el('div', { className: 'twin' });
    const controls = el('div', { className: 'device-controls' });
    current = { device, values, twin, chart: null, metric: null, chartBox };
    title.textContent = device.name || device.id;
    root.dataset.device = device.id;
    body.replaceChildren(
      el('p', { className: 'muted' }, device.id + ' · ' + (T.domains[device.domain] || device.domain) + ' · ' + (zoneNames.get(device.zoneId) || device.zoneId || '–')),
      el('table', null,
        el('tr', null, el('td', null, T.statusLabel), el('td', { className: 'device-status' }, T.status[device.status] || device.status)),
        el('tr', null, el('td', null, T.lastSeen), el('td', { className: 'device-last-seen' }, time(device.lastSeen)))),
      el('h3', null, T.latest), values,
      el('h3', null, T.chart), metricsBar, chartBox,
      el('h3', null, T.openAlertsOf), alerts,
      el('h3', null, T.twin), twin,
      controls);
    renderValues();
    const metrics = Object.keys(device.latest || {});
    metricsBar.replaceChildren(...metrics.map(m => {
      const b = el('button', { type: 'button', textContent: metricInfo(device.domain, m).label, ariaPressed: 'false', dataset: { metric: m } });
      b.addEventListener('click', () => chart(m).catch(err => console.error(err)));
      return b;
    }));
    const actions = actionsFor(device);
    if (actions.length) controls.append(el('h3', null, T.controls), ...actions);
    root.hidden = false;
    onChange();
    title.tabIndex = -1;
    title.focus();
    await Promise.all([
      metrics.length ? chart(metrics[0]) : Promise.resolve(chartBox.replaceChildren(el('p', { className: 'muted' }, T.noData))),
      loadAlerts(device.id, alerts),
      loadTwin()
    ]);
  }

  function renderValues() {
    const d = current.device;
    const rows = Object.entries(d.latest || {}).map(([name, v]) => {
      const m = metricInfo(d.domain, name);
      return el('tr', { dataset: { metric: name } }, el('td', null, m.label),
        el('td', null, el('b', null, number(v.value)), ' ', unit(m.unit || v.unit)));
    });
    current.values.replaceChildren(...(rows.length ? rows : [el('tr', null, el('td', { className: 'muted' }, T.noData))]));
  }

  async function chart(metric) {
    const c = current;
    c.metric = metric;
    for (const b of c.chartBox.previousSibling.querySelectorAll('button')) b.setAttribute('aria-pressed', String(b.dataset.metric === metric));
    const to = new Date();
    const from = new Date(to.getTime() - 24 * 3600 * 1000);
    const q = new URLSearchParams({ metric, from: from.toISOString(), to: to.toISOString(), step: STEP });
    const body = await api('/api/v1/devices/' + encodeURIComponent(c.device.id) + '/readings?' + q);
    if (current !== c || c.metric !== metric) return;
    const points = (body.series[0] && body.series[0].points) || [];
    const xs = points.map(p => Date.parse(p.ts) / 1000);
    const ys = points.map(p => p.avg ?? p.value ?? null);
    if (c.chart) { c.chart.destroy(); c.chart = null; }
    c.chartBox.dataset.points = String(points.length);
    if (!points.length) { c.chartBox.replaceChildren(el('p', { className: 'muted' }, T.noData)); return; }
    c.chartBox.replaceChildren();
    const info = metricInfo(c.device.domain, metric);
    c.chart = new uPlot({
      width: Math.max(280, c.chartBox.clientWidth || 380), height: 170,
      tzDate: ts => uPlot.tzDate(new Date(ts * 1000), 'Asia/Ho_Chi_Minh'),
      // Always the whole day, however few points it has.
      scales: { x: { time: true, range: () => [from.getTime() / 1000, to.getTime() / 1000] } },
      series: [{}, { label: info.label + (unit(info.unit) ? ' (' + unit(info.unit) + ')' : ''), stroke: '#0d3b66', width: 2, spanGaps: true }],
      axes: [{}, { size: 50 }],
      legend: { show: true }
    }, [xs, ys], c.chartBox);
  }

  async function loadAlerts(id, list) {
    const page = await api('/api/v1/alerts?state=open&limit=20&deviceId=' + encodeURIComponent(id));
    list.replaceChildren(...(page.items.length ? page.items.map(a => el('li', { dataset: { alert: String(a.id) } },
      el('span', { className: 'badge ' + a.severity }, T.severities[a.severity] || a.severity),
      metricInfo(a.feature, a.metric).label + ' · ' + time(a.raisedAt) + ' · ' + (T.states[a.state] || a.state)))
      : [el('li', { className: 'muted' }, T.noAlerts)]));
  }

  async function loadTwin() {
    const c = current;
    if (!c) return;
    let twin = null;
    try { twin = await api('/api/v1/devices/' + encodeURIComponent(c.device.id) + '/twin'); } catch (e) { twin = null; }
    if (current !== c) return;
    if (!twin) { c.twin.replaceChildren(el('p', { className: 'muted' }, T.noTwin)); c.twin.dataset.state = 'none'; return; }
    const differs = new Set(twin.differs || []);
    const rows = Object.entries(twin.desired).map(([m, want]) => {
      const got = twin.reported[m];
      return el('tr', { dataset: { metric: m }, className: differs.has(m) ? 'twin-differs' : '' },
        el('td', null, metricInfo(c.device.domain, m).label),
        el('td', { className: 'desired' }, number(want)),
        el('td', { className: 'reported' }, got ? number(got.value) : '–'));
    });
    c.twin.dataset.state = differs.size ? 'differs' : 'in-sync';
    c.twin.dataset.command = twin.command && twin.command.status || '';
    c.twin.replaceChildren(el('table', null,
      el('tr', null, el('th', null, ''), el('th', null, T.desired), el('th', null, T.reported)), ...rows),
      el('p', { className: 'muted' }, T.commandStatus + ': ' + (twin.command && twin.command.status || '–') + ' · ' + (twin.setBy || '') + ' · ' + time(twin.setAt)));
  }

  let twinTimer = null;
  return {
    open,
    /** The open device's id, if any. */
    get deviceId() { return current ? current.device.id : null; },
    refreshTwin() { loadTwin().catch(err => console.error(err)); },
    onLive(msg) {
      if (!current || msg.deviceId !== current.device.id) return;
      const d = current.device;
      if (msg.type === 'reading') {
        d.latest = d.latest || {};
        for (const [m, v] of Object.entries(msg.values)) d.latest[m] = { value: v, unit: (d.latest[m] || {}).unit, ts: msg.ts };
        d.status = msg.status; d.lastSeen = msg.ts;
        renderValues();
        root.querySelector('.device-status').textContent = T.status[d.status] || d.status;
        root.querySelector('.device-last-seen').textContent = time(d.lastSeen);
        if (!twinTimer) twinTimer = setTimeout(() => { twinTimer = null; loadTwin().catch(err => console.error(err)); }, 500);
      } else if (msg.type === 'status') {
        d.status = msg.status;
        root.querySelector('.device-status').textContent = T.status[d.status] || d.status;
      }
    }
  };
}
