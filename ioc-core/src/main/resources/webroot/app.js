// Can Tho IOC live map: zones, every device coloured by domain and status, live over WebSocket.
// Vietnamese by default, English with ?lang=en; times shown in Asia/Ho_Chi_Minh.
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
      loginFailed: 'Không đăng nhập được, vui lòng thử lại',
      ponds: 'Ao nuôi thủy sản', farm: 'Trại', species: 'Đối tượng nuôi',
      pondStatus: { ok: 'Bình thường', watch: 'Cấp 1 – theo dõi', warning: 'Cấp 2 – cảnh báo', critical: 'Cấp 3 – nguy hiểm' },
      profiles: { pangasius_pond: 'Ao cá tra', whiteleg_shrimp_pond: 'Ao tôm thẻ chân trắng', black_tiger_shrimp_pond: 'Ao tôm sú', river_fish_cage: 'Lồng bè cá trên sông' },
      metrics: { do: 'Oxy hòa tan', ph: 'pH', temp: 'Nhiệt độ nước', salinity: 'Độ mặn', tan: 'Tổng amoni',
        nh3: 'Amoniac tự do (NH3)', no2: 'Nitrit', turbidity: 'Độ đục', level: 'Mực nước',
        flow: 'Lưu lượng', speed: 'Tốc độ', occupancy: 'Độ chiếm dụng', state: 'Bật/tắt', dim: 'Mức sáng', power: 'Công suất',
        cabinet_power: 'Công suất tủ', voltage: 'Điện áp', current: 'Dòng điện', level_inside: 'Mực nước trong đê',
        level_outside: 'Mực nước ngoài sông', pump_1: 'Bơm 1', pump_2: 'Bơm 2', pump_3: 'Bơm 3', gate_position: 'Độ mở cống' }
    },
    en: {
      title: 'Can Tho Intelligent Operations Centre', devices: 'devices', online: 'online',
      zone: 'Commune/ward', all: 'Whole city', mine: 'My area', switchLang: 'Tiếng Việt', live: 'Live', offline: 'Disconnected',
      water: 'Water quality', traffic: 'Traffic', lighting: 'Lighting', flood: 'Flood control',
      status: { online: 'Online', offline: 'Offline', unknown: 'No data yet' },
      lastSeen: 'Last seen', statusLabel: 'Status', zoneLabel: 'Commune/ward',
      login: 'Sign in', username: 'User name', password: 'Password', logout: 'Sign out',
      badLogin: 'Wrong user name or password', locked: 'Sign-in is locked after too many wrong passwords. Try again later.',
      loginFailed: 'Could not sign in, please try again',
      ponds: 'Fish and shrimp ponds', farm: 'Farm', species: 'Species',
      pondStatus: { ok: 'Normal', watch: 'Level 1 – watch', warning: 'Level 2 – warning', critical: 'Level 3 – critical' },
      profiles: { pangasius_pond: 'Pangasius pond', whiteleg_shrimp_pond: 'White-leg shrimp pond', black_tiger_shrimp_pond: 'Black tiger shrimp pond', river_fish_cage: 'River fish cage' },
      metrics: { do: 'Dissolved oxygen', ph: 'pH', temp: 'Water temperature', salinity: 'Salinity', tan: 'Total ammonia',
        nh3: 'Un-ionised ammonia (NH3)', no2: 'Nitrite', turbidity: 'Turbidity', level: 'Water level',
        flow: 'Flow', speed: 'Speed', occupancy: 'Occupancy', state: 'On/off', dim: 'Dim level', power: 'Power',
        cabinet_power: 'Cabinet power', voltage: 'Voltage', current: 'Current', level_inside: 'Level inside',
        level_outside: 'Level outside', pump_1: 'Pump 1', pump_2: 'Pump 2', pump_3: 'Pump 3', gate_position: 'Gate opening' }
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
  // The digital farm map (plan item 14): pond outlines coloured by their worst open alert.
  const pondLayer = L.layerGroup().addTo(map);
  overlays[T.ponds] = pondLayer;
  const POND_COLOURS = { ok: '#2e7d32', watch: '#fbc02d', warning: '#ef6c00', critical: '#c62828' };
  L.control.layers(null, overlays, { collapsed: false }).addTo(map);
  legend().addTo(map);

  const devices = new Map(); // id -> { device, marker }
  const zoneNames = new Map();

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
    loadZones().then(loadDevices).then(loadPonds).then(connectLive).catch(err => console.error(err));
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

  async function loadPonds() {
    const page = await api('/api/v1/ponds' + (zoneFilter ? '?zone=' + encodeURIComponent(zoneFilter) : ''));
    pondLayer.clearLayers();
    for (const p of page.items) {
      const style = { renderer, color: POND_COLOURS[p.status] || '#2e7d32', weight: 2, fillOpacity: 0.35 };
      const shape = p.polygon ? L.geoJSON(p.polygon, { style: () => style }) : L.circleMarker([p.lat, p.lon], { ...style, radius: 8 });
      shape.bindPopup(() => `<div class="popup"><b>${escapeHtml(p.name)}</b><br><small>${escapeHtml(T.farm)}: ${escapeHtml(p.farm.name || p.farm.id)}</small>
        <table><tr><td>${T.species}</td><td>${escapeHtml(T.profiles[p.profile] || p.profile)}</td></tr>
        <tr><td>${T.statusLabel}</td><td><b>${escapeHtml(T.pondStatus[p.status] || p.status)}</b></td></tr></table></div>`);
      shape.addTo(pondLayer);
    }
    document.getElementById('map').dataset.ponds = String(page.items.length);
  }

  let pondsTimer = null;
  function schedulePonds() { if (!pondsTimer) pondsTimer = setTimeout(() => { pondsTimer = null; loadPonds().catch(err => console.error(err)); }, 1000); }

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
    const rows = Object.entries(d.latest || {}).map(([m, v]) =>
      `<tr><td>${escapeHtml(T.metrics[m] || m)}</td><td><b>${format(v.value)}</b> ${escapeHtml(unit(v.unit))}</td></tr>`).join('');
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
      if (msg.type === 'alert') { schedulePonds(); return; }
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
