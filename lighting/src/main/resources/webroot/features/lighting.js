// Lighting's part of the console (issue 15), loaded by the shell (app.js) after sign-in: a panel to
// switch or dim a light or a group (a cabinet, a street, a ward, the city), the progress of the
// last command batch as the lights answer, and today's energy and saving of the operator's area.
// Self-contained: it reaches the page only through IOC.register's context. Everything from the API
// goes into the page as text (textContent).
(function () {
  'use strict';
  const TEXT = {
    vi: {
      panel: 'Điều khiển chiếu sáng', target: 'Đối tượng (vd. cabinet:tu-31135-01, zone:31135, city:all)',
      level: 'Mức sáng (%; 0 = tắt)', send: 'Gửi lệnh', sent: 'Đã gửi lệnh tới {n} đèn',
      progress: 'Đã thực hiện {ok}/{total} · hết hạn {late} · lỗi {bad}', refused: 'Tài khoản của bạn không được điều khiển các đèn này.',
      none: 'Không có đèn nào trong phạm vi này.', failed: 'Không thực hiện được, vui lòng thử lại',
      energy: 'Hôm nay: {kwh} kWh, tiết kiệm {pct} % so với sáng 100 % suốt đêm'
    },
    en: {
      panel: 'Lighting control', target: 'Target (e.g. cabinet:tu-31135-01, zone:31135, city:all)',
      level: 'Level (%; 0 = off)', send: 'Send command', sent: 'Command sent to {n} lights',
      progress: 'Done {ok}/{total} · timed out {late} · failed {bad}', refused: 'Your account may not control these lights.',
      none: 'No light in that scope.', failed: 'That did not work, please try again',
      energy: 'Today: {kwh} kWh, {pct} % saved against 100 % all night'
    }
  };
  let ctx = null;
  let T = TEXT.vi;
  let status = null;
  let energy = null;

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    Object.assign(node, attrs || {});
    for (const c of children) node.append(c);
    return node;
  }
  function fill(text, values) {
    return text.replace(/\{(\w+)\}/g, (m, k) => String(values[k]));
  }

  // The shell's ctx.api reads only; a command carries the session's token itself (as traffic.js).
  async function post(path, body) {
    const send = () => fetch(path, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: 'Bearer ' + sessionStorage.getItem('ioc.access') },
      body: JSON.stringify(body)
    });
    let r = await send();
    if (r.status === 401) { await ctx.api('/api/v1/features'); r = await send(); }
    return r;
  }

  async function command(target, level) {
    const body = level > 0 ? { target, state: 1, dim: level } : { target, state: 0 };
    const r = await post('/api/v1/lighting/commands', body);
    if (r.status === 403) { status.textContent = T.refused; return; }
    if (r.status === 404) { status.textContent = T.none; return; }
    if (r.status !== 202) { status.textContent = T.failed; return; }
    const batch = await r.json();
    status.textContent = fill(T.sent, { n: batch.total });
    follow(batch.batchId);
  }

  // The batch's counts until none is open: the lights answer within a minute or time out.
  async function follow(batchId) {
    const b = await ctx.api('/api/v1/command-batches/' + encodeURIComponent(batchId));
    const s = b.byStatus;
    status.textContent = fill(T.progress, { ok: s.acknowledged, total: b.total, late: s.timed_out, bad: s.failed + s.rejected });
    status.dataset.open = String(b.open);
    if (b.open > 0) setTimeout(() => follow(batchId).catch(err => console.error(err)), 2000);
  }

  async function loadEnergy() {
    const target = ctx.zoneFilter ? 'zone:' + ctx.zoneFilter : 'city:all';
    const e = await ctx.api('/api/v1/lighting/energy?target=' + encodeURIComponent(target));
    energy.textContent = fill(T.energy, { kwh: e.actualKwh.toFixed(1), pct: e.savedPercent.toFixed(0) });
  }

  function panel() {
    const control = L.control({ position: 'bottomleft' });
    control.onAdd = () => {
      const target = el('input', { type: 'text', value: ctx.zoneFilter ? 'zone:' + ctx.zoneFilter : 'city:all', className: 'lighting-target', size: 26 });
      const level = el('input', { type: 'number', min: 0, max: 100, value: 100, className: 'lighting-level', style: 'width:4rem' });
      const button = el('button', { type: 'button', className: 'lighting-send', textContent: T.send });
      status = el('div', { className: 'lighting-status' });
      energy = el('small', { className: 'lighting-energy' });
      button.addEventListener('click', () => {
        command(target.value.trim(), Number(level.value)).catch(err => { status.textContent = T.failed; console.error(err); });
      });
      const box = el('div', { className: 'legend lighting-panel', style: 'max-width:22rem' },
        el('b', { textContent: T.panel }), el('br'),
        el('label', { textContent: T.target }), el('br'), target, el('br'),
        el('label', { textContent: T.level + ' ' }), level, ' ', button, status, energy);
      L.DomEvent.disableClickPropagation(box);
      return box;
    };
    return control;
  }

  IOC.register({
    id: 'lighting',
    onStart(context) {
      ctx = context;
      T = TEXT[ctx.lang] || TEXT.vi;
      panel().addTo(ctx.map);
      return loadEnergy();
    }
  });
})();
