// Lighting's part of the console (issues 15 and 17), loaded by the shell (app.js) after sign-in:
// a panel (a tab) to switch or dim a group of lights (a cabinet, a street, a ward, the city) and
// follow the command batch as the lights answer; in a light's device panel, on/dim/off for that
// light; tiles with the lights working (those without an open fault alert) and today's energy and
// saving in the operator's area. Self-contained: it reaches the page only through IOC.register's
// context. Everything from the API goes into the page as text (textContent).
(function () {
  'use strict';
  const TEXT = {
    vi: {
      panel: 'Điều khiển chiếu sáng', tab: 'Chiếu sáng', target: 'Đối tượng (vd. cabinet:tu-31135-01, zone:31135, city:all)',
      level: 'Mức sáng (%; 0 = tắt)', send: 'Gửi lệnh', sent: 'Đã gửi lệnh tới {n} đèn',
      progress: 'Đã thực hiện {ok}/{total} · hết hạn {late} · lỗi {bad}', refused: 'Tài khoản của bạn không được điều khiển các đèn này.',
      none: 'Không có đèn nào trong phạm vi này.', failed: 'Không thực hiện được, vui lòng thử lại',
      energy: 'Hôm nay: {kwh} kWh, tiết kiệm {pct} % so với sáng 100 % suốt đêm',
      working: 'Đèn hoạt động', faults: '{n} đèn đang báo lỗi', saved: 'Tiết kiệm điện hôm nay', savedDetail: '{kwh} kWh đã dùng',
      on: 'Bật 100 %', dim: 'Giảm còn', off: 'Tắt', dimLevel: 'Mức sáng (%)'
    },
    en: {
      panel: 'Lighting control', tab: 'Lighting', target: 'Target (e.g. cabinet:tu-31135-01, zone:31135, city:all)',
      level: 'Level (%; 0 = off)', send: 'Send command', sent: 'Command sent to {n} lights',
      progress: 'Done {ok}/{total} · timed out {late} · failed {bad}', refused: 'Your account may not control these lights.',
      none: 'No light in that scope.', failed: 'That did not work, please try again',
      energy: 'Today: {kwh} kWh, {pct} % saved against 100 % all night',
      working: 'Lights working', faults: '{n} lights report a fault', saved: 'Energy saved today', savedDetail: '{kwh} kWh used',
      on: 'On 100 %', dim: 'Dim to', off: 'Off', dimLevel: 'Level (%)'
    }
  };
  let ctx = null;
  let T = TEXT.vi;
  let working = null;
  let saved = null;

  function el(tag, attrs, ...children) { return ctx.el(tag, attrs, ...children); }

  /** Sends a command to a target and follows its batch in {@code status} until none is open. */
  async function command(target, level, status) {
    const body = level > 0 ? { target, state: 1, dim: level } : { target, state: 0 };
    const r = await ctx.post('/api/v1/lighting/commands', body);
    if (r.status === 403) { status.textContent = T.refused; return; }
    if (r.status === 404) { status.textContent = T.none; return; }
    if (r.status !== 202) { status.textContent = T.failed; return; }
    const batch = await r.json();
    status.textContent = ctx.fill(T.sent, { n: batch.total });
    follow(batch.batchId, status);
  }

  // The batch's counts until none is open: the lights answer within a minute or time out.
  async function follow(batchId, status) {
    const b = await ctx.api('/api/v1/command-batches/' + encodeURIComponent(batchId));
    const s = b.byStatus;
    status.textContent = ctx.fill(T.progress, { ok: s.acknowledged, total: b.total, late: s.timed_out, bad: s.failed + s.rejected });
    status.dataset.open = String(b.open);
    if (b.open > 0) setTimeout(() => follow(batchId, status).catch(err => console.error(err)), 1000);
    else ctx.refreshTwin();
  }

  function area() { return ctx.zoneFilter ? 'zone:' + ctx.zoneFilter : 'city:all'; }

  async function loadTiles() {
    const e = await ctx.api('/api/v1/lighting/energy?target=' + encodeURIComponent(area()));
    const counts = await ctx.api('/api/v1/alerts/counts?feature=lighting' + (ctx.zoneFilter ? '&zone=' + encodeURIComponent(ctx.zoneFilter) : ''));
    const faults = counts.total.watch + counts.total.warning + counts.total.critical;
    working.set(ctx.number(Math.max(0, e.lights - faults)) + ' / ' + ctx.number(e.lights), ctx.fill(T.faults, { n: faults }), faults ? 'warning' : 'ok');
    saved.set(ctx.number(e.savedPercent, 0) + ' %', ctx.fill(T.savedDetail, { kwh: ctx.number(e.actualKwh, 1) }));
    if (energyLine) energyLine.textContent = ctx.fill(T.energy, { kwh: ctx.number(e.actualKwh, 1), pct: ctx.number(e.savedPercent, 0) });
  }

  let energyLine = null;
  function panel() {
    const target = el('input', { type: 'text', value: area(), className: 'lighting-target', size: 26, id: 'lighting-target' });
    const level = el('input', { type: 'number', min: 0, max: 100, value: 100, className: 'lighting-level', id: 'lighting-level', style: { width: '4rem' } });
    const button = el('button', { type: 'button', className: 'lighting-send', textContent: T.send });
    const status = el('div', { className: 'lighting-status', role: 'status' });
    energyLine = el('p', { className: 'lighting-energy muted' });
    button.addEventListener('click', () => {
      command(target.value.trim(), Number(level.value), status).catch(err => { status.textContent = T.failed; console.error(err); });
    });
    ctx.addPanel(T.tab).append(el('div', { className: 'lighting-panel' }, el('h2', null, T.panel),
      el('label', { htmlFor: 'lighting-target' }, T.target), el('br'), target, el('br'),
      el('label', { htmlFor: 'lighting-level' }, T.level + ' '), level, ' ', button, status, energyLine));
  }

  // One light's own controls in its device panel.
  function lightControls(device) {
    const status = el('div', { className: 'lighting-status', role: 'status' });
    const dim = el('input', { type: 'number', min: 1, max: 100, value: 50, className: 'lighting-device-level', ariaLabel: T.dimLevel, style: { width: '4rem' } });
    const target = 'device:' + device.id;
    const go = level => command(target, level, status).catch(err => { status.textContent = T.failed; console.error(err); });
    const on = el('button', { type: 'button', className: 'lighting-on', textContent: T.on });
    const dimButton = el('button', { type: 'button', className: 'lighting-dim', textContent: T.dim });
    const off = el('button', { type: 'button', className: 'lighting-off', textContent: T.off });
    on.addEventListener('click', () => go(100));
    dimButton.addEventListener('click', () => go(Math.min(100, Math.max(1, Number(dim.value) || 50))));
    off.addEventListener('click', () => go(0));
    return el('div', { className: 'lighting-device' }, on, ' ', dimButton, ' ', dim, ' % ', off, status);
  }

  IOC.register({
    id: 'lighting',
    onStart(context) {
      ctx = context;
      T = TEXT[ctx.lang] || TEXT.vi;
      if (ctx.may('lighting.command')) panel();
      working = ctx.addTile(T.working);
      saved = ctx.addTile(T.saved);
      setInterval(() => loadTiles().catch(err => console.error(err)), 60000);
      return loadTiles();
    },
    onLive(msg) {
      if (msg.type === 'alert' && msg.alert && msg.alert.feature === 'lighting') loadTiles().catch(err => console.error(err));
    },
    deviceActions(device) { return device.domain === 'lighting' && ctx.may('lighting.command') ? lightControls(device) : null; }
  });
})();
