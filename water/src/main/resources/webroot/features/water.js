// Water quality's part of the console (ADR 0012), loaded by the shell (app.js) after sign-in:
// the digital farm map (plan item 14), pond outlines coloured by their worst open alert, reloaded
// when an alert changes. Self-contained: it reaches the page only through IOC.register's context.
(function () {
  'use strict';
  const TEXT = {
    vi: {
      ponds: 'Ao nuôi thủy sản', farm: 'Trại', species: 'Đối tượng nuôi', statusLabel: 'Trạng thái',
      pondStatus: { ok: 'Bình thường', watch: 'Cấp 1 – theo dõi', warning: 'Cấp 2 – cảnh báo', critical: 'Cấp 3 – nguy hiểm' },
      profiles: { pangasius_pond: 'Ao cá tra', whiteleg_shrimp_pond: 'Ao tôm thẻ chân trắng', black_tiger_shrimp_pond: 'Ao tôm sú', river_fish_cage: 'Lồng bè cá trên sông' }
    },
    en: {
      ponds: 'Fish and shrimp ponds', farm: 'Farm', species: 'Species', statusLabel: 'Status',
      pondStatus: { ok: 'Normal', watch: 'Level 1 – watch', warning: 'Level 2 – warning', critical: 'Level 3 – critical' },
      profiles: { pangasius_pond: 'Pangasius pond', whiteleg_shrimp_pond: 'White-leg shrimp pond', black_tiger_shrimp_pond: 'Black tiger shrimp pond', river_fish_cage: 'River fish cage' }
    }
  };
  const POND_COLOURS = { ok: '#2e7d32', watch: '#fbc02d', warning: '#ef6c00', critical: '#c62828' };
  let ctx = null;
  let T = TEXT.vi;

  async function loadPonds() {
    const esc = ctx.escapeHtml;
    const page = await ctx.api('/api/v1/ponds' + (ctx.zoneFilter ? '?zone=' + encodeURIComponent(ctx.zoneFilter) : ''));
    ctx.layer.clearLayers();
    for (const p of page.items) {
      const style = { renderer: ctx.renderer, color: POND_COLOURS[p.status] || '#2e7d32', weight: 2, fillOpacity: 0.35 };
      const shape = p.polygon ? L.geoJSON(p.polygon, { style: () => style }) : L.circleMarker([p.lat, p.lon], { ...style, radius: 8 });
      shape.bindPopup(() => `<div class="popup"><b>${esc(p.name)}</b><br><small>${esc(T.farm)}: ${esc(p.farm.name || p.farm.id)}</small>
        <table><tr><td>${T.species}</td><td>${esc(T.profiles[p.profile] || p.profile)}</td></tr>
        <tr><td>${T.statusLabel}</td><td><b>${esc(T.pondStatus[p.status] || p.status)}</b></td></tr></table></div>`);
      shape.addTo(ctx.layer);
    }
    ctx.map.getContainer().dataset.ponds = String(page.items.length);
  }

  // A burst of alert changes reloads the ponds once.
  let pondsTimer = null;
  function schedulePonds() {
    if (!pondsTimer) pondsTimer = setTimeout(() => { pondsTimer = null; loadPonds().catch(err => console.error(err)); }, 1000);
  }

  IOC.register({
    id: 'water',
    layerLabel: { vi: TEXT.vi.ponds, en: TEXT.en.ponds },
    onStart(context) {
      ctx = context;
      T = TEXT[ctx.lang] || TEXT.vi;
      return loadPonds();
    },
    onLive(msg) { if (msg.type === 'alert') schedulePonds(); }
  });
})();
