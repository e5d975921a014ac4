// Flooding's part of the console (issues 16 and 17), loaded by the shell (app.js) after sign-in:
// the water-level stations the operator sees on the map, coloured by alarm level (BĐ I/II/III),
// and in a panel (a tab) with the latest level against BĐ I–III, the next forecast high water and
// the pre-alerts in force; a tile counting the stations above an alarm level; a pumping station's
// pumps and sluice gate from its popup and from its device panel. Self-contained: it reaches the page only through IOC.register's context. Everything from
// the API goes into the page as text (textContent).
(function () {
  'use strict';
  const TEXT = {
    vi: {
      panel: 'Triều cường', level: 'Mực nước', next: 'Đỉnh triều tới', noForecast: 'chưa có dự báo',
      alarm: ['Dưới BĐ I', 'BĐ I', 'BĐ II', 'BĐ III'], pumpOn: 'Chạy bơm {n}', pumpOff: 'Dừng bơm {n}',
      gateOpen: 'Mở cống', gateClose: 'Đóng cống', auto: 'Tự động', sent: 'Đã gửi lệnh',
      refused: 'Tài khoản của bạn không được điều khiển trạm này.', failed: 'Không thực hiện được, vui lòng thử lại',
      tile: 'Trạm vượt báo động', tileDetail: 'trên {n} trạm', levels: 'BĐ I {b1} · BĐ II {b2} · BĐ III {b3}',
      preAlert: 'Dự báo vượt {alarm} lúc {at}'
    },
    en: {
      panel: 'Tidal flooding', level: 'Water level', next: 'Next high water', noForecast: 'no forecast yet',
      alarm: ['Below BĐ I', 'BĐ I', 'BĐ II', 'BĐ III'], pumpOn: 'Start pump {n}', pumpOff: 'Stop pump {n}',
      gateOpen: 'Open gate', gateClose: 'Close gate', auto: 'Automatic', sent: 'Command sent',
      refused: 'Your account may not control this station.', failed: 'That did not work, please try again',
      tile: 'Stations above alarm', tileDetail: 'of {n} stations', levels: 'BĐ I {b1} · BĐ II {b2} · BĐ III {b3}',
      preAlert: 'Forecast above {alarm} at {at}'
    }
  };
  const COLOURS = ['#2b8cbe', '#fdae61', '#f46d43', '#d73027'];
  let ctx = null;
  let T = TEXT.vi;
  let layer = null;
  let list = null;
  let tile = null;
  const stations = new Map(); // device id -> station, as last read

  function el(tag, attrs, ...children) { return ctx.el(tag, attrs, ...children); }
  function metres(cm) {
    const m = (cm / 100).toFixed(2);
    return (ctx.lang === 'en' ? m : m.replace('.', ',')) + ' m';
  }
  function localTime(iso) {
    return new Date(iso).toLocaleString(ctx.lang === 'en' ? 'en-GB' : 'vi-VN',
      { timeZone: 'Asia/Ho_Chi_Minh', hour: '2-digit', minute: '2-digit', day: '2-digit', month: '2-digit' });
  }

  async function command(station, body, status) {
    const r = await ctx.post('/api/v1/flood/stations/' + encodeURIComponent(station) + '/commands', body);
    status.textContent = r.status === 202 ? T.sent : r.status === 403 ? T.refused : T.failed;
    if (r.status === 202) setTimeout(ctx.refreshTwin, 1500);
  }

  function controls(s) {
    const status = el('div', { className: 'flood-command-status' });
    const button = (label, body) => {
      const b = el('button', { type: 'button', textContent: label });
      b.addEventListener('click', () => command(s.deviceId, body, status).catch(err => { status.textContent = T.failed; console.error(err); }));
      return b;
    };
    const box = el('div', { className: 'flood-controls' });
    for (const n of [1, 2, 3]) {
      box.append(button(T.pumpOn.replace('{n}', n), { action: 'pump', pump: n, on: true }), ' ',
        button(T.pumpOff.replace('{n}', n), { action: 'pump', pump: n, on: false }), el('br'));
    }
    box.append(button(T.gateOpen, { action: 'gate', position: 100 }), ' ',
      button(T.gateClose, { action: 'gate', position: 0 }), ' ', button(T.auto, { action: 'auto' }), status);
    return box;
  }

  function describe(s) {
    const alarm = s.alarm || 0;
    const lines = [el('b', { textContent: s.name })];
    if (s.levelCm !== undefined) {
      lines.push(el('div', { textContent: T.level + ': ' + metres(s.levelCm) + ' (' + T.alarm[alarm] + ')' }));
    }
    if (s.levels) {
      lines.push(el('div', { className: 'muted', textContent: T.levels.replace('{b1}', metres(s.levels.bd1)).replace('{b2}', metres(s.levels.bd2)).replace('{b3}', metres(s.levels.bd3)) }));
    }
    const hw = s.nextHighWater;
    lines.push(el('div', { className: 'flood-next', textContent: T.next + ': ' + (hw ? metres(hw.levelCm) + ' · ' + localTime(hw.at) + (hw.alarm ? ' · ' + T.alarm[hw.alarm] : '') : T.noForecast) }));
    if (hw && hw.alarm) lines.push(el('div', { className: 'flood-prealert', style: 'color:#b71c1c;font-weight:600', textContent: T.preAlert.replace('{alarm}', T.alarm[hw.alarm]).replace('{at}', localTime(hw.at)) }));
    return lines;
  }

  async function load() {
    const body = await ctx.api('/api/v1/flood/stations');
    layer.clearLayers();
    list.replaceChildren();
    stations.clear();
    const above = body.stations.filter(s => (s.alarm || 0) > 0).length;
    tile.set(String(above), T.tileDetail.replace('{n}', body.stations.length), above ? 'warning' : 'ok');
    for (const s of body.stations) {
      stations.set(s.deviceId, s);
      const alarm = s.alarm || 0;
      if (s.lat !== undefined) {
        const popup = el('div', {}, ...describe(s));
        if (s.levelMetric === 'level_outside' && ctx.may('flood.control')) popup.append(controls(s));
        L.circleMarker([s.lat, s.lon], { radius: 9, color: COLOURS[alarm], fillOpacity: 0.8 })
          .bindPopup(popup).addTo(layer);
      }
      list.append(el('div', { className: 'flood-station', style: 'border-left:4px solid ' + COLOURS[alarm] + ';padding-left:4px' }, ...describe(s)));
    }
  }

  function panel() {
    list = el('div', { className: 'flood-list' });
    ctx.addPanel(T.panel).append(el('div', { className: 'flood-panel' }, el('h2', { textContent: T.panel }), list));
  }

  IOC.register({
    id: 'flood',
    onStart(context) {
      ctx = context;
      T = TEXT[ctx.lang] || TEXT.vi;
      layer = L.layerGroup().addTo(ctx.map);
      panel();
      tile = ctx.addTile(T.tile);
      setInterval(() => load().catch(err => console.error(err)), 60000);
      return load();
    },
    // A pumping station's pumps and gate in its device panel, for the roles that may send them
    // (the server decides again at each command).
    deviceActions(device) {
      const s = stations.get(device.id);
      return s && s.levelMetric === 'level_outside' && ctx.may('flood.control') ? controls(s) : null;
    }
  });
})();
