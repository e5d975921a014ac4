// Can Tho IOC console shell: zones, every device coloured by domain and status, live over
// WebSocket, sign-in. Vietnamese by default, English with ?lang=en; times shown in
// Asia/Ho_Chi_Minh. Metric labels and units come from /api/v1/catalog. The shell knows no
// feature: after sign-in it loads each script /api/v1/features lists, which registers with
//   IOC.register({ id, layerLabel: { vi, en }, onStart(ctx), onLive(msg) })
// onStart gets ctx = { api(path), map, renderer, lang, zoneFilter, escapeHtml, addOverlay(label,
// layer), timeFmt } plus ctx.layer (on the map and in the layer control) when layerLabel is given;
// onLive gets every live message that is not a device reading or status.
(function () {
  'use strict';
  const params = new URLSearchParams(location.search);
  const lang = params.get('lang') === 'en' ? 'en' : 'vi';
  const zoneFilter = params.get('zone') || '';
  const T = {
    vi: {
      title: 'Trung tâm điều hành thông minh Cần Thơ', devices: 'thiết bị', online: 'trực tuyến',
      zone: 'Xã/phường', all: 'Toàn thành phố', mine: 'Khu vực được giao', switchLang: 'English', live: 'Trực tiếp', offline: 'Mất kết nối',
      water: 'Quan trắc nước', traffic: 'Giao thông', lighting: 'Chiếu sáng', flood: 'Chống ngập',
      status: { online: 'Đang hoạt động', offline: 'Mất tín hiệu', unknown: 'Chưa có dữ liệu' },
      lastSeen: 'Lần cuối', statusLabel: 'Trạng thái', zoneLabel: 'Xã/phường',
      login: 'Đăng nhập', username: 'Tên đăng nhập', password: 'Mật khẩu', logout: 'Đăng xuất',
      badLogin: 'Sai tên đăng nhập hoặc mật khẩu', locked: 'Đăng nhập tạm khóa do nhập sai quá nhiều lần. Vui lòng thử lại sau.',
      loginFailed: 'Không đăng nhập được, vui lòng thử lại'
    },
    en: {
      title: 'Can Tho Intelligent Operations Centre', devices: 'devices', online: 'online',
      zone: 'Commune/ward', all: 'Whole city', mine: 'My area', switchLang: 'Tiếng Việt', live: 'Live', offline: 'Disconnected',
      water: 'Water quality', traffic: 'Traffic', lighting: 'Lighting', flood: 'Flood control',
      status: { online: 'Online', offline: 'Offline', unknown: 'No data yet' },
      lastSeen: 'Last seen', statusLabel: 'Status', zoneLabel: 'Commune/ward',
      login: 'Sign in', username: 'User name', password: 'Password', logout: 'Sign out',
      badLogin: 'Wrong user name or password', locked: 'Sign-in is locked after too many wrong passwords. Try again later.',
      loginFailed: 'Could not sign in, please try again'
    }
  }[lang];
  const DOMAINS = ['water', 'traffic', 'lighting', 'flood'];
  const COLOURS = { water: '#1e88e5', traffic: '#f4511e', lighting: '#f9a825', flood: '#6a1b9a' };
  const timeFmt = new Intl.DateTimeFormat(lang === 'vi' ? 'vi-VN' : 'en-GB',
    { timeZone: 'Asia/Ho_Chi_Minh', dateStyle: 'short', timeStyle: 'medium' });

  document.documentElement.lang = lang;
  document.title = T.title;
  text('title', T.title); text('devices-label', T.devices); text('online-label', T.online);
  text('zone-label', T.zone); text('zone-all', T.all);
  text('login-title', T.login); text('username-label', T.username); text('password-label', T.password);
  text('login-submit', T.login); text('logout', T.logout);
  const langLink = document.getElementById('lang-switch');
  langLink.textContent = T.switchLang;
  const other = new URLSearchParams(params); other.set('lang', lang === 'en' ? 'vi' : 'en');
  langLink.href = '?' + other.toString();

  const map = L.map('map', { preferCanvas: true, zoomControl: true, zoomSnap: 0.25 }).setView([9.95, 105.75], 9);
  const renderer = L.canvas({ padding: 0.3 });
  const layers = {};
  const overlays = {};
  for (const d of DOMAINS) { layers[d] = L.layerGroup().addTo(map); overlays[T[d]] = layers[d]; }
  const layerControl = L.control.layers(null, overlays, { collapsed: false }).addTo(map);
  legend().addTo(map);

  const devices = new Map(); // id -> { device, marker }
  const zoneNames = new Map();
  const metrics = new Map(); // domain/name -> { label, unit }, from /api/v1/catalog

  // --- Features: each installed feature's script registers here (see the top of this file).
  const features = new Map(); // id -> { feature, started }
  let featureContext = null; // set once signed in and zones and devices are on the map
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
    const ctx = Object.assign({}, featureContext);
    if (f.layerLabel) ctx.layer = addOverlay(f.layerLabel[lang] || f.layerLabel.vi || f.id, L.layerGroup());
    try {
      Promise.resolve(f.onStart && f.onStart(ctx)).catch(err => console.error('feature ' + f.id, err));
    } catch (err) { console.error('feature ' + f.id, err); }
  }

  function addOverlay(label, layer) {
    layer.addTo(map);
    layerControl.addOverlay(layer, escapeHtml(label));
    return layer;
  }

  // The scripts of the installed features, each a <script> of this server (CSP: script-src 'self').
  async function loadFeatures() {
    featureContext = Object.freeze({ api, map, renderer, lang, zoneFilter, escapeHtml, addOverlay, timeFmt });
    features.forEach(entry => { if (!entry.started) startFeature(entry); });
    const list = await api('/api/v1/features');
    for (const item of list.items) {
      if (features.has(item.id) || !/^\/[^/\\]/.test(item.script)) continue;
      const script = document.createElement('script');
      script.src = item.script;
      script.onerror = () => console.error('feature script ' + item.script + ' did not load');
      document.head.appendChild(script);
    }
  }

  function liveToFeatures(msg) {
    features.forEach(({ feature, started }) => {
      if (!started || !feature.onLive) return;
      try { feature.onLive(msg); } catch (err) { console.error('feature ' + feature.id, err); }
    });
  }

  // --- Sign-in. Tokens live in sessionStorage (this tab only) and come only from the sign-in form:
  // a token taken from the URL would let a crafted link sign a victim's tab into another account.
  const session = {
    get access() { return sessionStorage.getItem('ioc.access'); },
    get refresh() { return sessionStorage.getItem('ioc.refresh'); },
    save(t) {
      sessionStorage.setItem('ioc.access', t.access_token);
      if (t.refresh_token) sessionStorage.setItem('ioc.refresh', t.refresh_token);
      if (t.expires_in) scheduleRefresh(t.expires_in);
    },
    clear() { sessionStorage.removeItem('ioc.access'); sessionStorage.removeItem('ioc.refresh'); }
  };
  let refreshTimer = null;
  function scheduleRefresh(expiresIn) {
    clearTimeout(refreshTimer);
    refreshTimer = setTimeout(() => refresh().catch(() => {}), Math.max(10, expiresIn - 60) * 1000);
  }
  // One refresh at a time: a refresh token works once, and a second use counts as a replay.
  let refreshing = null;
  function refresh() {
    if (!refreshing) refreshing = doRefresh().finally(() => { refreshing = null; });
    return refreshing;
  }
  async function doRefresh() {
    if (!session.refresh) return false;
    const r = await fetch('/api/v1/auth/refresh', { method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ refresh_token: session.refresh }) });
    if (!r.ok) return false;
    session.save(await r.json());
    return true;
  }
  // Every API call: with the token; on 401 one refresh, then back to the sign-in form.
  async function api(path) {
    let r = await fetch(path, { headers: { Authorization: 'Bearer ' + session.access } });
    if (r.status === 401 && await refresh()) r = await fetch(path, { headers: { Authorization: 'Bearer ' + session.access } });
    if (r.status === 401) { showLogin(); throw new Error('signed out'); }
    if (!r.ok) throw new Error(path + ' -> ' + r.status);
    return r.json();
  }
  const loginForm = document.getElementById('login');
  function showLogin() { session.clear(); loginForm.hidden = false; document.getElementById('logout').hidden = true; }
  loginForm.addEventListener('submit', async ev => {
    ev.preventDefault();
    const error = document.getElementById('login-error');
    error.textContent = '';
    try {
      const r = await fetch('/api/v1/auth/token', { method: 'POST', headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ username: loginForm.username.value, password: loginForm.password.value }) });
      if (r.status === 429) { error.textContent = T.locked; return; }
      if (!r.ok) { error.textContent = r.status === 401 ? T.badLogin : T.loginFailed; return; }
      session.save(await r.json());
      loginForm.password.value = '';
      loginForm.hidden = true;
      start();
    } catch (e) { error.textContent = T.loginFailed; }
  });
  document.getElementById('logout').addEventListener('click', () => { session.clear(); location.reload(); });

  let started = false;
  function start() {
    if (started) return;
    started = true;
    document.getElementById('logout').hidden = false;
    // The token's own claims name the user and role (display only: the server decides access).
    const claims = tokenClaims(session.access);
    text('who', claims.sub || '');
    if (claims.role === 'commune_operator' || claims.role === 'farmer') text('zone-all', T.mine);
    loadCatalog().catch(err => console.error(err));
    loadZones().then(loadDevices)
      .then(() => loadFeatures().catch(err => console.error(err)))
      .then(connectLive).catch(err => console.error(err));
  }
  if (session.access) start(); else showLogin();

  function tokenAlive() { return session.access && (tokenClaims(session.access).exp || 0) * 1000 > Date.now(); }

  function tokenClaims(token) {
    try { return JSON.parse(atob(token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/'))); } catch (e) { return {}; }
  }

  function text(id, value) { const el = document.getElementById(id); if (el) el.textContent = value; }

  function legend() {
    const control = L.control({ position: 'bottomleft' });
    control.onAdd = () => {
      const div = L.DomUtil.create('div', 'legend');
      div.innerHTML = DOMAINS.map(d => `<i style="background:${COLOURS[d]}"></i>${T[d]}`).join('<br>')
        + `<br><i style="background:#9e9e9e"></i>${T.status.offline}`;
      return div;
    };
    return control;
  }

  async function loadZones() {
    const fc = await api('/api/v1/zones');
    if (fc.attribution) map.attributionControl.addAttribution(escapeHtml(fc.attribution));
    const select = document.getElementById('zone-select');
    const sorted = [...fc.features].sort((a, b) => a.properties.name.localeCompare(b.properties.name, 'vi'));
    for (const f of sorted) {
      zoneNames.set(f.properties.id, f.properties.name);
      const opt = document.createElement('option');
      opt.value = f.properties.id; opt.textContent = f.properties.name;
      if (f.properties.id === zoneFilter) opt.selected = true;
      select.appendChild(opt);
    }
    select.addEventListener('change', () => {
      const next = new URLSearchParams(params);
      if (select.value) next.set('zone', select.value); else next.delete('zone');
      location.search = next.toString();
    });
    const zones = L.geoJSON(fc, {
      style: f => ({ color: '#0d3b66', weight: f.properties.id === zoneFilter ? 3 : 1, fillOpacity: f.properties.id === zoneFilter ? 0.12 : 0.04 }),
      // Leaflet puts string tooltips in as HTML: zone names come from imported files, so escape.
      onEachFeature: (f, layer) => layer.bindTooltip(escapeHtml(f.properties.name), { sticky: true })
    }).addTo(map);
    zones.bringToBack();
    const focus = zoneFilter ? zones.getLayers().find(l => l.feature.properties.id === zoneFilter) : null;
    if (focus || zones.getLayers().length) map.fitBounds((focus || zones).getBounds());
  }

  // Also used after a live-feed reconnect: updates missed while disconnected are re-read here.
  async function loadDevices() {
    let cursor = null;
    do {
      const q = new URLSearchParams({ limit: '1000' });
      if (zoneFilter) q.set('zone', zoneFilter);
      if (cursor) q.set('cursor', cursor);
      const page = await api('/api/v1/devices?' + q);
      page.items.forEach(upsertDevice);
      cursor = page.nextCursor;
    } while (cursor);
    updateStats();
  }

  async function loadCatalog() {
    const catalog = await api('/api/v1/catalog');
    for (const m of catalog.items) metrics.set(m.domain + '/' + m.name, { label: m.label[lang] || m.label.vi, unit: m.unit });
  }

  function upsertDevice(d) {
    const entry = devices.get(d.id);
    if (!entry) { addDevice(d); return; }
    entry.device = d;
    entry.marker.setStyle(style(d));
  }

  function style(d) {
    const live = d.status === 'online';
    return {
      renderer, radius: ({ water: 5, traffic: 4, lighting: 3, flood: 7 })[d.domain], weight: 1,
      color: live ? '#263238' : '#757575',
      fillColor: live ? COLOURS[d.domain] : '#9e9e9e',
      fillOpacity: d.status === 'unknown' ? 0.3 : 0.9
    };
  }

  function addDevice(d) {
    const marker = L.circleMarker([d.lat, d.lon], style(d)).bindPopup(() => popup(devices.get(d.id).device));
    marker.addTo(layers[d.domain]);
    devices.set(d.id, { device: d, marker });
  }

  function popup(d) {
    const rows = Object.entries(d.latest || {}).map(([name, v]) => {
      const m = metrics.get(d.domain + '/' + name);
      return `<tr><td>${escapeHtml(m ? m.label : name)}</td><td><b>${format(v.value)}</b> ${escapeHtml(unit(m ? m.unit : v.unit))}</td></tr>`;
    }).join('');
    return `<div class="popup"><b>${escapeHtml(d.name)}</b><br><small>${escapeHtml(d.id)} · ${escapeHtml(T[d.domain])}</small>
      <table>
        <tr><td>${T.zoneLabel}</td><td>${escapeHtml(zoneNames.get(d.zoneId) || '–')}</td></tr>
        <tr><td>${T.statusLabel}</td><td>${escapeHtml(T.status[d.status] || d.status)}</td></tr>
        <tr><td>${T.lastSeen}</td><td>${d.lastSeen ? timeFmt.format(new Date(d.lastSeen)) : '–'}</td></tr>
        ${rows}
      </table></div>`;
  }

  function unit(u) { return ({ 'Cel': '°C', '[ppth]': '‰', '[pH]': '', '/h': 'xe/h', '1': '' })[u] ?? (u || ''); }
  function format(v) { return Number.isInteger(v) ? String(v) : v.toFixed(2); }

  function updateStats() {
    let online = 0;
    devices.forEach(e => { if (e.device.status === 'online') online++; });
    setCount('device-count', devices.size); setCount('online-count', online);
    document.getElementById('map').dataset.markers = String(devices.size);
  }

  function setCount(id, n) { const el = document.getElementById(id); el.textContent = n.toLocaleString(lang); el.dataset.count = String(n); }

  let liveWasLost = false;
  function connectLive() {
    if (!session.access) { showLogin(); return; }
    const q = new URLSearchParams({ access_token: session.access });
    if (zoneFilter) q.set('zone', zoneFilter);
    const ws = new WebSocket((location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/api/v1/live?' + q);
    const state = document.getElementById('live-state');
    ws.onopen = () => {
      state.dataset.state = 'open'; state.textContent = T.live;
      if (liveWasLost) { liveWasLost = false; loadDevices().catch(err => console.error(err)); }
    };
    ws.onclose = () => {
      liveWasLost = true;
      state.dataset.state = 'closed'; state.textContent = T.offline;
      // The server closes the feed when the token expires: refresh it, then reconnect.
      setTimeout(() => refresh().then(ok => { if (ok || tokenAlive()) connectLive(); else showLogin(); }, showLogin), 3000);
    };
    ws.onmessage = ev => {
      const msg = JSON.parse(ev.data);
      if (msg.type !== 'reading' && msg.type !== 'status') { liveToFeatures(msg); return; }
      const entry = devices.get(msg.deviceId);
      if (!entry) return;
      const d = entry.device;
      if (msg.type === 'reading') {
        d.latest = d.latest || {};
        for (const [m, v] of Object.entries(msg.values)) d.latest[m] = { value: v, unit: (d.latest[m] || {}).unit, ts: msg.ts };
        d.lastSeen = msg.ts; d.status = msg.status;
      } else if (msg.type === 'status') {
        d.status = msg.status; d.lastSeen = msg.lastSeen;
      }
      entry.marker.setStyle(style(d));
      scheduleStats();
    };
  }

  let statsTimer = null;
  function scheduleStats() { if (!statsTimer) statsTimer = setTimeout(() => { statsTimer = null; updateStats(); }, 1000); }

  function escapeHtml(s) {
    return String(s).replace(/[&<>"']/g, c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
  }
})();
