// Water quality's part of the console (ADR 0012, issue 17), loaded by the shell (app.js) after
// sign-in: the digital farm map (plan item 14), pond outlines coloured by their worst open alert,
// reloaded when an alert changes; a panel (a tab) listing the ponds with their status, which a
// farmer opens on his phone; a tile counting the ponds that need attention. Self-contained: it reaches the page only through IOC.register's context.
(function () {
  'use strict';
  const TEXT = {
    vi: {
      ponds: 'Ao nuôi thủy sản', farm: 'Trại', tab: 'Ao nuôi', tile: 'Ao cần chú ý', tileDetail: 'trên {n} ao', none: 'Chưa có ao nào', species: 'Đối tượng nuôi', statusLabel: 'Trạng thái',
      pondStatus: { ok: 'Bình thường', watch: 'Cấp 1 – theo dõi', warning: 'Cấp 2 – cảnh báo', critical: 'Cấp 3 – nguy hiểm' },
      profiles: { pangasius_pond: 'Ao cá tra', whiteleg_shrimp_pond: 'Ao tôm thẻ chân trắng', black_tiger_shrimp_pond: 'Ao tôm sú', river_fish_cage: 'Lồng bè cá trên sông' }
    },
    en: {
      ponds: 'Fish and shrimp ponds', farm: 'Farm', tab: 'Ponds', tile: 'Ponds needing attention', tileDetail: 'of {n} ponds', none: 'No pond yet', species: 'Species', statusLabel: 'Status',
      pondStatus: { ok: 'Normal', watch: 'Level 1 – watch', warning: 'Level 2 – warning', critical: 'Level 3 – critical' },
      profiles: { pangasius_pond: 'Pangasius pond', whiteleg_shrimp_pond: 'White-leg shrimp pond', black_tiger_shrimp_pond: 'Black tiger shrimp pond', river_fish_cage: 'River fish cage' }
    }
  };
  const POND_COLOURS = { ok: '#2e7d32', watch: '#fbc02d', warning: '#ef6c00', critical: '#c62828' };
  let ctx = null;
  let T = TEXT.vi;
  let list = null;
  let tile = null;

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
      p.shape = shape;
    }
    ctx.map.getContainer().dataset.ponds = String(page.items.length);
    const attention = page.items.filter(p => p.status && p.status !== 'ok').length;
    tile.set(String(attention), ctx.fill(T.tileDetail, { n: page.items.length }), attention ? 'warning' : 'ok');
    list.replaceChildren(...(page.items.length ? page.items.map(p => {
      const item = ctx.el('li', { tabIndex: 0, dataset: { pond: p.id, status: p.status }, style: { cursor: 'pointer' } },
        ctx.el('i', { style: { display: 'inline-block', width: '10px', height: '10px', borderRadius: '50%', marginRight: '.4rem', background: POND_COLOURS[p.status] || '#2e7d32' } }),
        ctx.el('b', null, p.name), ' · ' + (T.pondStatus[p.status] || p.status), ctx.el('br'),
        ctx.el('span', { className: 'muted' }, (p.farm.name || p.farm.id) + ' · ' + (T.profiles[p.profile] || p.profile)));
      const focus = () => { const b = p.shape.getBounds ? p.shape.getBounds() : null; if (b) ctx.map.fitBounds(b, { maxZoom: 17 }); else ctx.map.setView([p.lat, p.lon], 17); p.shape.openPopup && p.shape.openPopup(); };
      item.addEventListener('click', focus);
      item.addEventListener('keydown', ev => { if (ev.key === 'Enter') focus(); });
      return item;
    }) : [ctx.el('li', { className: 'muted' }, T.none)]));
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
      list = ctx.el('ul', { className: 'feed pond-list' });
      ctx.addPanel(T.tab).append(ctx.el('h2', null, T.ponds), list);
      tile = ctx.addTile(T.tile);
      return loadPonds();
    },
    onLive(msg) { if (msg.type === 'alert') schedulePonds(); }
  });
})();
