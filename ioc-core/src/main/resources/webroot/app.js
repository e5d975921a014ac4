// Can Tho IOC console shell: sign-in, KPI tiles, the live map (server-clustered), the alert feed,
// the device panel, and a side panel of tabs. Vietnamese by default, English with ?lang=en; times
// in Asia/Ho_Chi_Minh. The shell knows no feature: after sign-in it loads each script
// /api/v1/features lists, which registers with
//   IOC.register({ id, layerLabel: { vi, en }, onStart(ctx), onLive(msg), deviceActions(device) })
// onStart gets ctx = { api(path), post(path, body, method), map, renderer, lang, zoneFilter, role,
//   may(permission), el, fill, escapeHtml, timeFmt, time, number, addOverlay(label, layer),
//   addPanel(title), addTile(label), openDevice(id), refreshTwin() } plus ctx.layer when layerLabel
//   is given; may(code) tells whether the caller's role has a permission (the server's codes, from
//   /api/v1/features: offer only the buttons that will work; the server checks every call);
// onLive gets every live message that is not a device reading or status; deviceActions returns the
// controls (DOM nodes, or none) the feature offers in a device's panel.
import { T, lang, el, fill, text, escapeHtml, timeFmt, time, number } from './console/i18n.js';
import { api, post, session, signIn, showLogin, refresh, tokenAlive, tokenClaims } from './console/session.js';
import { createMapView } from './console/map-view.js';
import { createAlertFeed } from './console/alert-feed.js';
import { createDevicePanel } from './console/device-panel.js';
import { addPanel } from './console/panels.js';
import { addTile } from './console/tiles.js';

const params = new URLSearchParams(location.search);
const zoneFilter = params.get('zone') || '';

document.documentElement.lang = lang;
document.title = T.title;
text('title', T.title); text('devices-label', T.devices); text('online-label', T.online);
text('zone-label', T.zone); text('zone-all', T.all); text('skip-link', T.skip);
text('login-title', T.login); text('username-label', T.username); text('password-label', T.password);
text('login-submit', T.login); text('logout', T.logout);
document.getElementById('tiles').setAttribute('aria-label', T.tiles);
document.getElementById('map').setAttribute('aria-label', T.map);
document.getElementById('side').setAttribute('aria-label', T.side);
const langLink = document.getElementById('lang-switch');
langLink.textContent = T.switchLang;
langLink.lang = lang === 'en' ? 'vi' : 'en';
const other = new URLSearchParams(params); other.set('lang', lang === 'en' ? 'vi' : 'en');
langLink.href = '?' + other.toString();

const metrics = new Map(); // domain/name -> { label, unit }, from /api/v1/catalog
function metricInfo(domain, name) { return metrics.get(domain + '/' + name) || { label: name, unit: '' }; }

// --- Features: each installed feature's script registers here (see the top of this file).
const features = new Map(); // id -> { feature, started }
let featureContext = null; // set once signed in and the map is up
window.IOC = Object.freeze({
  register(feature) {
    if (!feature || typeof feature.id !== 'string' || features.has(feature.id)) {
      console.error('IOC.register: a feature needs an id of its own', feature);
      return;
    }
    const entry = { feature, started: false };
    features.set(feature.id, entry);
    if (featureContext) startFeature(entry);
  }
});

function startFeature(entry) {
  entry.started = true;
  const f = entry.feature;
  const ctx = Object.assign({}, featureContext, {
    addPanel: title => addPanel(f.id, title),
    addTile: label => addTile(f.id + '-' + document.querySelectorAll('[data-tile^="' + f.id + '-"]').length, label)
  });
  if (f.layerLabel) ctx.layer = mapView.addOverlay(f.layerLabel[lang] || f.layerLabel.vi || f.id, L.layerGroup());
  try {
    Promise.resolve(f.onStart && f.onStart(ctx)).catch(err => console.error('feature ' + f.id, err));
  } catch (err) { console.error('feature ' + f.id, err); }
}

function each(call) {
  features.forEach(({ feature, started }) => {
    if (!started) return;
    try { call(feature); } catch (err) { console.error('feature ' + feature.id, err); }
  });
}

// The scripts of the installed features, each a <script> of this server (CSP: script-src 'self').
function loadFeatures(list) {
  features.forEach(entry => { if (!entry.started) startFeature(entry); });
  for (const item of list.items) {
    if (features.has(item.id) || !/^\/[^/\\]/.test(item.script)) continue;
    const script = document.createElement('script');
    script.src = item.script;
    script.onerror = () => console.error('feature script ' + item.script + ' did not load');
    document.head.appendChild(script);
  }
}

let mapView = null;
let devicePanel = null;
let alertFeed = null;
let started = false;
const granted = new Set(); // the caller's permission codes
const may = code => granted.has(code);

async function start() {
  if (started) return;
  started = true;
  document.getElementById('logout').hidden = false;
  // The token's own claims name the user and role (display only: the server decides access).
  const claims = tokenClaims(session.access);
  text('who', claims.sub || '');
  if (claims.role === 'commune_operator' || claims.role === 'farmer') text('zone-all', T.mine);
  document.body.dataset.role = claims.role || '';
  const featureList = await api('/api/v1/features');
  (featureList.may || []).forEach(code => granted.add(code));

  const devicesTile = addTile('devices', T.devicesOnline);
  const alertsTile = addTile('alerts', T.openAlerts);
  mapView = createMapView({
    api, zoneFilter, baseMap: featureList.baseMap,
    onDevice: id => devicePanel.open(id).catch(err => console.error(err)),
    onSummary: s => {
      const online = (s.status && s.status.online) || 0;
      setCount('device-count', s.total); setCount('online-count', online);
      devicesTile.set(number(online) + ' / ' + number(s.total),
        T.status.offline + ': ' + number((s.status && s.status.offline) || 0), s.total && online < s.total ? 'warning' : 'ok');
    },
    onZones: zones => { fillZoneSelect(zones); alertFeed.zonesKnown(zones); },
    watching: () => devicePanel && devicePanel.deviceId
  });
  devicePanel = createDevicePanel({ api, metricInfo, zoneNames: mapView.zoneNames, actionsFor, onChange: () => mapView.tellLive() });
  alertFeed = createAlertFeed({
    api, post, mayAcknowledge: may('acknowledge_alerts'), panel: addPanel('alerts', T.alerts), zoneFilter, zoneNames: mapView.zoneNames,
    metricLabel: (domain, m) => metricInfo(domain, m).label,
    deviceName: id => { const d = mapView.device(id); return d ? d.name : id; },
    onDevice: id => devicePanel.open(id).catch(err => console.error(err)),
    onCounts: c => {
      const t = c.total;
      alertsTile.set(number(t.critical + t.warning + t.watch),
        T.severities.critical + ': ' + t.critical + ' · ' + T.severities.warning + ': ' + t.warning + ' · ' + T.severities.watch + ': ' + t.watch,
        t.critical ? 'critical' : t.warning ? 'warning' : 'ok');
    }
  });
  featureContext = Object.freeze({
    api, post, map: mapView.map, renderer: mapView.renderer, lang, zoneFilter, role: claims.role || '', may,
    el, fill, escapeHtml, timeFmt, time, number,
    addOverlay: (label, layer) => mapView.addOverlay(label, layer),
    openDevice: id => devicePanel.open(id).catch(err => console.error(err)),
    refreshTwin: () => devicePanel.refreshTwin()
  });
  api('/api/v1/catalog').then(catalog => {
    for (const m of catalog.items) metrics.set(m.domain + '/' + m.name, { label: m.label[lang] || m.label.vi, unit: m.unit });
  }).catch(err => console.error(err));
  mapView.loadZones()
    .then(() => mapView.refresh())
    .then(() => {
      const box = document.getElementById('map').dataset;
      box.readyAt = String(performance.now()); // for the city-scale test: sign-in to a drawn map
      box.ready = 'true';
    })
    .then(() => alertFeed.load())
    .then(() => loadFeatures(featureList))
    .then(connectLive).catch(err => console.error(err));
}

function actionsFor(device) {
  const out = [];
  each(f => {
    if (!f.deviceActions) return;
    const nodes = f.deviceActions(device);
    if (nodes) out.push(...(Array.isArray(nodes) ? nodes : [nodes]));
  });
  return out;
}

function fillZoneSelect(zones) {
  const select = document.getElementById('zone-select');
  const sorted = [...zones].sort((a, b) => a.properties.name.localeCompare(b.properties.name, 'vi'));
  for (const f of sorted) {
    const opt = el('option', { value: f.properties.id, textContent: f.properties.name });
    if (f.properties.id === zoneFilter) opt.selected = true;
    select.appendChild(opt);
  }
  select.addEventListener('change', () => {
    const next = new URLSearchParams(params);
    if (select.value) next.set('zone', select.value); else next.delete('zone');
    location.search = next.toString();
  });
}

function setCount(id, n) {
  const node = document.getElementById(id);
  node.textContent = number(n || 0); node.dataset.count = String(n || 0);
}

function connectLive() {
  if (!session.access) { showLogin(); return; }
  const q = new URLSearchParams({ access_token: session.access });
  if (zoneFilter) q.set('zone', zoneFilter);
  const ws = new WebSocket((location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/api/v1/live?' + q);
  const state = document.getElementById('live-state');
  ws.onopen = () => {
    state.dataset.state = 'open'; state.textContent = T.live;
    mapView.setLive(msg => { if (ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify(msg)); });
  };
  ws.onclose = () => {
    mapView.setLive(() => {});
    state.dataset.state = 'closed'; state.textContent = T.offline;
    // The server closes the feed when the token expires: refresh it, then reconnect.
    setTimeout(() => refresh().then(ok => { if (ok || tokenAlive()) connectLive(); else showLogin(); }, showLogin), 3000);
  };
  ws.onmessage = ev => {
    const msg = JSON.parse(ev.data);
    if (msg.type === 'reading' || msg.type === 'status' || msg.type === 'changed') {
      mapView.onLive(msg);
      devicePanel.onLive(msg);
      return;
    }
    // The feed greets every (re)connection: what was missed while it was down is read again.
    if (msg.type === 'hello') mapView.refresh().catch(err => console.error(err));
    alertFeed.onLive(msg);
    each(f => f.onLive && f.onLive(msg));
  };
}

signIn(() => start().catch(err => console.error(err)));
