// Flooding's part of the console (issue 16), loaded by the shell (app.js) after sign-in: the
// water-level stations the operator sees on the map, coloured by alarm level (BĐ I/II/III), with
// the latest level and the next forecast high water; a station's pumps and sluice gate from its
// popup. Self-contained: it reaches the page only through IOC.register's context. Everything from
// the API goes into the page as text (textContent).
(function () {
  'use strict';
  const TEXT = {
    vi: {
      panel: 'Triều cường', level: 'Mực nước', next: 'Đỉnh triều tới', noForecast: 'chưa có dự báo',
      alarm: ['Dưới BĐ I', 'BĐ I', 'BĐ II', 'BĐ III'], pumpOn: 'Chạy bơm {n}', pumpOff: 'Dừng bơm {n}',
      gateOpen: 'Mở cống', gateClose: 'Đóng cống', auto: 'Tự động', sent: 'Đã gửi lệnh',
      refused: 'Tài khoản của bạn không được điều khiển trạm này.', failed: 'Không thực hiện được, vui lòng thử lại'
    },
    en: {
      panel: 'Tidal flooding', level: 'Water level', next: 'Next high water', noForecast: 'no forecast yet',
      alarm: ['Below BĐ I', 'BĐ I', 'BĐ II', 'BĐ III'], pumpOn: 'Start pump {n}', pumpOff: 'Stop pump {n}',
      gateOpen: 'Open gate', gateClose: 'Close gate', auto: 'Automatic', sent: 'Command sent',
      refused: 'Your account may not control this station.', failed: 'That did not work, please try again'
    }
  };
  const COLOURS = ['#2b8cbe', '#fdae61', '#f46d43', '#d73027'];
  let ctx = null;
  let T = TEXT.vi;
  let layer = null;
  let list = null;

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    Object.assign(node, attrs || {});
    for (const c of children) node.append(c);
    return node;
  }
  function metres(cm) {
    const m = (cm / 100).toFixed(2);
    return (ctx.lang === 'en' ? m : m.replace('.', ',')) + ' m';
  }
  function localTime(iso) {
    return new Date(iso).toLocaleString(ctx.lang === 'en' ? 'en-GB' : 'vi-VN',
      { timeZone: 'Asia/Ho_Chi_Minh', hour: '2-digit', minute: '2-digit', day: '2-digit', month: '2-digit' });
  }

  async function command(station, body, status) {
    const send = () => fetch('/api/v1/flood/stations/' + encodeURIComponent(station) + '/commands', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: 'Bearer ' + sessionStorage.getItem('ioc.access') },
      body: JSON.stringify(body)
    });
    let r = await send();
    if (r.status === 401) { await ctx.api('/api/v1/features'); r = await send(); }
    status.textContent = r.status === 202 ? T.sent : r.status === 403 ? T.refused : T.failed;
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
    const hw = s.nextHighWater;
    lines.push(el('div', { className: 'flood-next', textContent: T.next + ': ' + (hw ? metres(hw.levelCm) + ' · ' + localTime(hw.at) + (hw.alarm ? ' · ' + T.alarm[hw.alarm] : '') : T.noForecast) }));
    return lines;
  }

  async function load() {
    const body = await ctx.api('/api/v1/flood/stations');
    layer.clearLayers();
    list.replaceChildren();
    for (const s of body.stations) {
      const alarm = s.alarm || 0;
      if (s.lat !== undefined) {
        const popup = el('div', {}, ...describe(s));
        if (s.levelMetric === 'level_outside') popup.append(controls(s));
        L.circleMarker([s.lat, s.lon], { radius: 9, color: COLOURS[alarm], fillOpacity: 0.8 })
          .bindPopup(popup).addTo(layer);
      }
      list.append(el('div', { className: 'flood-station', style: 'border-left:4px solid ' + COLOURS[alarm] + ';padding-left:4px' }, ...describe(s)));
    }
  }

  function panel() {
    const control = L.control({ position: 'bottomright' });
    control.onAdd = () => {
      list = el('div', { className: 'flood-list' });
      const box = el('div', { className: 'legend flood-panel', style: 'max-width:20rem;max-height:40vh;overflow:auto' },
        el('b', { textContent: T.panel }), list);
      L.DomEvent.disableClickPropagation(box);
      return box;
    };
    return control;
  }

  IOC.register({
    id: 'flood',
    onStart(context) {
      ctx = context;
      T = TEXT[ctx.lang] || TEXT.vi;
      layer = L.layerGroup().addTo(ctx.map);
      panel().addTo(ctx.map);
      setInterval(() => load().catch(err => console.error(err)), 60000);
      return load();
    }
  });
})();
