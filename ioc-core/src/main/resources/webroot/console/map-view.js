// The live map. The server clusters (GET /api/v1/map for the view's box and zoom): the page holds
// a few hundred clusters or the devices of a street, never the whole city. Devices are markers of
// their own (keyboard focusable, named by title); a cluster zooms to its members when pressed.
// The view is told to the live feed, which then sends readings of the devices on screen, or only
// "changed" when the view shows clusters, and the map re-reads itself; and readings of the device
// whose panel is open, wherever it is.
import { T, el, fill } from './i18n.js';

export const DOMAINS = ['water', 'traffic', 'lighting', 'flood'];
export const COLOURS = { water: '#1e88e5', traffic: '#f4511e', lighting: '#f9a825', flood: '#6a1b9a' };
const SIZES = { water: 14, traffic: 12, lighting: 10, flood: 16 };

export function createMapView({ api, zoneFilter, onDevice, onSummary, onZones, watching, baseMap }) {
  const map = L.map('map', { zoomSnap: 0.25, keyboard: true }).setView([9.95, 105.75], 9);
  const renderer = L.canvas({ padding: 0.3 });
  // A real base map only when the node names a tile server (IOC_MAP_TILES); offline otherwise.
  if (baseMap && baseMap.tiles) {
    L.tileLayer(baseMap.tiles, { maxZoom: 19, attribution: escape(baseMap.attribution) }).addTo(map);
  }
  const domainLayers = {};
  const overlays = {};
  for (const d of DOMAINS) { domainLayers[d] = L.layerGroup().addTo(map); overlays[T.domains[d]] = domainLayers[d]; }
  // On a phone the layer list folds into its button, so it does not cover the map.
  const narrow = window.matchMedia('(max-width: 760px)').matches;
  const layerControl = L.control.layers(null, overlays, { collapsed: narrow }).addTo(map);
  const clusters = L.layerGroup().addTo(map);
  const markers = new Map(); // device id -> { device, marker }
  const zoneNames = new Map();
  let sendToLive = () => {};
  let showsDevices = false;
  let seq = 0;
  legend().addTo(map);

  function enabledDomains() { return DOMAINS.filter(d => map.hasLayer(domainLayers[d])); }

  function box() {
    const b = map.getBounds();
    const clamp = (v, lo, hi) => Math.min(hi, Math.max(lo, v));
    return [clamp(b.getWest(), -180, 180), clamp(b.getSouth(), -85, 85), clamp(b.getEast(), -180, 180), clamp(b.getNorth(), -85, 85)]
      .map(v => Number(v.toFixed(5)));
  }

  let newest = Promise.resolve();

  // Settles once a view is drawn: this one, or the newer one asked for while it loaded (callers
  // that wait for the map, such as the page's ready mark, must not see a view that was skipped).
  function refresh() {
    newest = load(++seq);
    return newest;
  }

  async function load(mine) {
    const q = new URLSearchParams({ bbox: box().join(','), zoom: String(Math.round(map.getZoom())) });
    if (zoneFilter) q.set('zone', zoneFilter);
    const on = enabledDomains();
    if (on.length === 1) q.set('domain', on[0]);
    const view = await api('/api/v1/map?' + q);
    if (mine !== seq) return newest; // a newer view was asked for meanwhile
    draw(view, on);
    if (view.summary) onSummary(view.summary);
    tellLive();
  }

  function draw(view, on) {
    clusters.clearLayers();
    let shown = 0;
    for (const c of view.clusters) { clusters.addLayer(clusterMarker(c)); shown += c.count; }
    const keep = new Set();
    for (const d of view.devices) {
      if (!on.includes(d.domain)) continue;
      keep.add(d.id);
      upsert(d);
      shown++;
    }
    markers.forEach((entry, id) => { if (!keep.has(id)) { entry.marker.remove(); markers.delete(id); } });
    showsDevices = view.clusters.length === 0;
    const box = map.getContainer().dataset;
    box.markers = String(shown); box.clusters = String(view.clusters.length); box.devices = String(markers.size);
    box.zoom = String(view.zoom);
  }

  function clusterMarker(c) {
    const offline = (c.status && c.status.offline) || 0;
    const share = c.count ? offline / c.count : 0;
    const size = Math.round(26 + 9 * Math.log10(Math.max(1, c.count)));
    const label = c.count >= 10000 ? Math.round(c.count / 1000) + 'k' : c.count >= 1000 ? (c.count / 1000).toFixed(1) + 'k' : String(c.count);
    const icon = L.divIcon({ className: '', iconSize: [size, size],
      html: '<div class="cluster" style="width:' + size + 'px;height:' + size + 'px" data-offline="' + (share > 0.5 ? 'most' : share > 0 ? 'some' : 'none') + '">' + label + '</div>' });
    const m = L.marker([c.lat, c.lon], { icon, title: fill(T.cluster, { n: c.count.toLocaleString() }), keyboard: true, riseOnHover: true });
    onPress(m, () => {
      const b = c.bbox;
      if (b && (b[2] - b[0] > 1e-6 || b[3] - b[1] > 1e-6)) map.fitBounds([[b[1], b[0]], [b[3], b[2]]], { padding: [30, 30], maxZoom: 18 });
      else map.setView([c.lat, c.lon], Math.min(19, map.getZoom() + 3));
    });
    return m;
  }

  function upsert(d) {
    const entry = markers.get(d.id);
    if (entry) { Object.assign(entry.device, d); paint(entry); return; }
    const size = SIZES[d.domain] || 12;
    const icon = L.divIcon({ className: 'device-marker', iconSize: [size, size] });
    const marker = L.marker([d.lat, d.lon], { icon, title: d.name || d.id, keyboard: true });
    const created = { device: Object.assign({}, d), marker };
    marker.on('add', () => paint(created));
    onPress(marker, () => onDevice(d.id));
    marker.addTo(domainLayers[d.domain] || clusters);
    markers.set(d.id, created);
  }

  // A marker acts on a click and, focused, on Enter or Space (Leaflet's own keypress is for popups).
  function onPress(marker, act) {
    marker.on('click', act);
    marker.on('keypress', e => {
      const key = e.originalEvent.key;
      if (key === 'Enter' || key === ' ') { e.originalEvent.preventDefault(); act(); }
    });
  }

  function paint(entry) {
    const node = entry.marker.getElement();
    if (!node) return;
    const d = entry.device;
    node.style.background = COLOURS[d.domain] || '#455a64';
    node.dataset.device = d.id; node.dataset.domain = d.domain; node.dataset.status = d.status || 'unknown';
    if (d.ts) node.dataset.ts = d.ts;
  }

  /** A live message: a reading or status of a device on screen, or the server saying "re-read". */
  function onLive(msg) {
    if (msg.type === 'changed') { scheduleRefresh(3000); return; }
    const entry = markers.get(msg.deviceId);
    if (!entry) return;
    if (msg.type === 'reading') { entry.device.status = msg.status; entry.device.ts = msg.ts; }
    else if (msg.type === 'status') entry.device.status = msg.status;
    paint(entry);
  }

  // The view, and the device whose panel is open: the feed sends its readings wherever it is.
  function tellLive() {
    const watch = watching();
    sendToLive({ type: 'view', bbox: box(), devices: showsDevices, watch: watch ? [watch] : [] });
  }

  let timer = null;
  function scheduleRefresh(ms) {
    if (timer) return;
    timer = setTimeout(() => { timer = null; refresh().catch(err => console.error(err)); }, ms);
  }

  async function loadZones() {
    const fc = await api('/api/v1/zones');
    if (fc.attribution) map.attributionControl.addAttribution(escape(fc.attribution));
    for (const f of fc.features) zoneNames.set(f.properties.id, f.properties.name);
    onZones(fc.features);
    const zones = L.geoJSON(fc, {
      interactive: false,
      style: f => ({ color: '#0d3b66', weight: f.properties.id === zoneFilter ? 3 : 1, fillOpacity: f.properties.id === zoneFilter ? 0.12 : 0.04 })
    }).addTo(map);
    zones.bringToBack();
    const focus = zoneFilter ? zones.getLayers().find(l => l.feature.properties.id === zoneFilter) : null;
    if (focus || zones.getLayers().length) map.fitBounds((focus || zones).getBounds());
    map.on('moveend', () => scheduleRefresh(150));
    map.on('overlayadd overlayremove', () => scheduleRefresh(0));
    setInterval(() => scheduleRefresh(0), 30000); // statuses age into offline with no message
  }

  function escape(s) { const d = document.createElement('div'); d.textContent = s; return d.innerHTML; }

  function legend() {
    const control = L.control({ position: 'bottomleft' });
    control.onAdd = () => el('div', { className: 'legend domains' },
      ...DOMAINS.flatMap(d => [el('i', { style: { background: COLOURS[d] } }), T.domains[d], el('br')]),
      el('i', { style: { background: '#9e9e9e' } }), T.legendOffline);
    return control;
  }

  return {
    map, renderer, zoneNames, refresh, loadZones, onLive, tellLive,
    addOverlay(label, layer) { layer.addTo(map); layerControl.addOverlay(layer, escape(label)); return layer; },
    device(id) { const e = markers.get(id); return e ? e.device : null; },
    setLive(send) { sendToLive = send; tellLive(); }
  };
}
