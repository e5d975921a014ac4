// Traffic's part of the console (ADR 0012, issues 14 and 17), loaded by the shell (app.js) after
// sign-in: the open incidents on the live map, coloured by workflow status; the incident panel
// (a tab) listing them newest first, live through 'traffic.incident' messages, with the chosen
// incident's detail: its evidence chart (the detector speeds around it), the workflow's next steps
// and comments for traffic staff; the same detail in each incident's map popup; a tile with the
// open incidents and the mean time to clear. Self-contained: it reaches the page only through
// IOC.register's context. Everything from the API goes into the page as text (textContent).
(function () {
  'use strict';
  const BASE = '/api/v1/traffic/incidents';
  const LIVE_TYPE = 'traffic.incident'; // IncidentsHandler.LIVE_TYPE
  const OPEN = ['new', 'verified', 'dispatched'];
  const TEXT = {
    vi: {
      layer: 'Sự cố giao thông', panel: 'Sự cố giao thông đang mở', none: 'Không có sự cố đang mở',
      kind: 'Loại', severity: 'Mức độ', status: 'Trạng thái', source: 'Nguồn', method: 'phương pháp',
      place: 'Tuyến / hướng', opened: 'Bắt đầu', assignee: 'Người xử lý', reports: 'Số báo cáo',
      description: 'Mô tả', timeline: 'Diễn biến gần nhất', loading: 'Đang tải…',
      assigneeInput: 'Giao cho (không bắt buộc)', commentInput: 'Ý kiến', send: 'Gửi ý kiến',
      done: 'Đã cập nhật', refused: 'Tài khoản của bạn không có quyền xử lý sự cố giao thông.',
      conflict: 'Sự cố vừa được người khác chuyển trạng thái; đã tải lại.', gone: 'Không tìm thấy sự cố này.',
      failed: 'Không thực hiện được, vui lòng thử lại', emptyComment: 'Hãy nhập ý kiến',
      kinds: { congestion: 'Ùn tắc bất thường', accident: 'Tai nạn', stalled_vehicle: 'Xe chết máy', obstruction: 'Vật cản trên đường', violation: 'Vi phạm giao thông', other: 'Khác' },
      severities: { low: 'Nhẹ', medium: 'Trung bình', high: 'Nghiêm trọng' },
      statuses: { new: 'Mới', verified: 'Đã xác minh', dispatched: 'Đã điều lực lượng', cleared: 'Đã giải tỏa', false_alarm: 'Báo động sai' },
      actions: { verified: 'Xác minh', dispatched: 'Điều lực lượng', cleared: 'Xác nhận đã giải tỏa', false_alarm: 'Báo động sai' },
      sources: { detection: 'Phát hiện tự động', staff: 'Cán bộ giao thông', camera: 'Camera', citizen: 'Người dân' },
      events: { reported: 'Báo cáo', merged: 'Gộp báo cáo', transition: 'Chuyển trạng thái', assigned: 'Giao xử lý', comment: 'Ý kiến' },
      tab: 'Sự cố', tile: 'Sự cố đang mở', clearTime: 'Thời gian giải tỏa TB: {m} phút', evidence: 'Tốc độ tại các trạm đo (km/h)',
      pick: 'Chọn một sự cố trong danh sách để xem chi tiết.'
    },
    en: {
      layer: 'Traffic incidents', panel: 'Open traffic incidents', none: 'No open incidents',
      kind: 'Kind', severity: 'Severity', status: 'Status', source: 'Source', method: 'method',
      place: 'Corridor / direction', opened: 'Opened', assignee: 'Assignee', reports: 'Reports',
      description: 'Description', timeline: 'Latest events', loading: 'Loading…',
      assigneeInput: 'Assign to (optional)', commentInput: 'Comment', send: 'Send comment',
      done: 'Updated', refused: 'Your account may not work traffic incidents.',
      conflict: 'Someone else has just moved this incident on; reloaded.', gone: 'This incident was not found.',
      failed: 'That did not work, please try again', emptyComment: 'Write a comment first',
      kinds: { congestion: 'Abnormal congestion', accident: 'Accident', stalled_vehicle: 'Stalled vehicle', obstruction: 'Obstruction', violation: 'Traffic violation', other: 'Other' },
      severities: { low: 'Low', medium: 'Medium', high: 'High' },
      statuses: { new: 'New', verified: 'Verified', dispatched: 'Dispatched', cleared: 'Cleared', false_alarm: 'False alarm' },
      actions: { verified: 'Verify', dispatched: 'Dispatch', cleared: 'Mark cleared', false_alarm: 'False alarm' },
      sources: { detection: 'Automatic detection', staff: 'Traffic staff', camera: 'Camera', citizen: 'Citizen' },
      events: { reported: 'Reported', merged: 'Report merged', transition: 'Status change', assigned: 'Assigned', comment: 'Comment' },
      tab: 'Incidents', tile: 'Open incidents', clearTime: 'Mean time to clear: {m} min', evidence: 'Speed at the detector stations (km/h)',
      pick: 'Choose an incident in the list to see it.'
    }
  };
  const STATUS_COLOURS = { new: '#d32f2f', verified: '#f57c00', dispatched: '#1565c0', cleared: '#2e7d32', false_alarm: '#757575' };
  const TIMELINE_SHOWN = 4;

  let ctx = null;
  let T = TEXT.vi;
  const incidents = new Map(); // id -> { incident, marker, view }
  let list = null; // the panel's <ol>
  let detail = null; // the panel's chosen incident: { id, view }
  let detailBox = null;
  let tile = null;

  // The shell's DOM helper: text only, never HTML built from data.
  function el(tag, attrs, ...children) { return ctx.el(tag, attrs, ...children); }
  function label(table, code, fallback) { return table[code] || fallback || code || '–'; }
  function time(iso) { return iso ? ctx.timeFmt.format(new Date(iso)) : '–'; }
  function isOpen(i) { return OPEN.includes(i.status); }
  function visibleHere(i) { return isOpen(i) && (!ctx.zoneFilter || i.zoneId === ctx.zoneFilter); }

  function post(path, body) { return ctx.post(path, body); }

  async function loadOpen() {
    const found = [];
    for (const status of OPEN) {
      let cursor = null;
      do {
        const q = new URLSearchParams({ status, limit: '500' });
        if (ctx.zoneFilter) q.set('zone', ctx.zoneFilter);
        if (cursor) q.set('cursor', cursor);
        const page = await ctx.api(BASE + '?' + q);
        found.push(...page.items);
        cursor = page.next;
      } while (cursor);
    }
    const seen = new Set(found.map(i => i.id));
    incidents.forEach((entry, id) => { if (!seen.has(id)) remove(id); });
    found.forEach(upsert);
    renderList();
  }

  // --- Map layer.
  function markerStyle(i) {
    return {
      renderer: ctx.renderer, radius: i.severity === 'high' ? 11 : 9, weight: 3, color: '#ffffff',
      fillColor: STATUS_COLOURS[i.status] || '#d32f2f', fillOpacity: 0.95
    };
  }

  function upsert(i) {
    if (detail && detail.id === i.id) detail.view.render(i); // a cleared incident stays in view
    if (!visibleHere(i)) { remove(i.id); return; }
    const entry = incidents.get(i.id);
    if (entry) {
      entry.incident = i;
      entry.marker.setStyle(markerStyle(i));
      entry.marker.setLatLng([i.lat, i.lon]);
      if (entry.view) entry.view.render(i);
      if (entry.view && entry.marker.isPopupOpen()) entry.view.loadTimeline();
      if (detail && detail.id === i.id) detail.view.loadTimeline();
      scheduleList();
      return;
    }
    const marker = L.circleMarker([i.lat, i.lon], markerStyle(i));
    const created = { incident: i, marker, view: null };
    // One view per incident, made on first opening and kept, so what is typed survives updates.
    marker.bindPopup(() => { created.view = created.view || popupView(i.id, false); return created.view.root; },
      { minWidth: 260, maxWidth: 340 });
    marker.on('popupopen', () => { if (created.view) created.view.loadTimeline(); });
    marker.addTo(ctx.layer);
    incidents.set(i.id, created);
    scheduleList();
  }

  function remove(id) {
    const entry = incidents.get(id);
    if (!entry) return;
    entry.marker.closePopup();
    ctx.layer.removeLayer(entry.marker);
    incidents.delete(id);
    scheduleList();
  }

  // --- The popup: facts, the latest timeline entries, and the workflow's next steps.
  function popupView(id, withEvidence) {
    const facts = el('table');
    const timeline = el('ol', { className: 'traffic-timeline', style: { margin: '.2rem 0', paddingLeft: '1.1rem', fontSize: '.85em' } });
    const message = el('p', { role: 'status', style: { margin: '.3rem 0', minHeight: '1em', fontSize: '.9em' } });
    const buttons = el('div', { className: 'traffic-actions', style: { display: 'flex', flexWrap: 'wrap', gap: '.3rem', margin: '.3rem 0' } });
    const assignee = el('input', { type: 'text', placeholder: T.assigneeInput, maxLength: 100, style: { width: '100%', boxSizing: 'border-box' } });
    const comment = el('textarea', { rows: 2, placeholder: T.commentInput, maxLength: 2000, style: { width: '100%', boxSizing: 'border-box' } });
    const send = el('button', { type: 'button', textContent: T.send, className: 'traffic-comment' });
    const title = el('b');
    const work = el('div', null, buttons, assignee, comment, send);
    const chart = withEvidence ? el('div', { className: 'traffic-evidence' }) : null;
    const root = el('div', { className: 'popup traffic-popup', dataset: { incident: String(id) } },
      title, facts, chart, el('div', { style: { marginTop: '.3rem' } }, el('small', null, T.timeline)), timeline, work, message);

    function say(text, bad) { message.textContent = text; message.style.color = bad ? '#b71c1c' : '#2e7d32'; }

    // What a refused or failed write means to the user; a 409 or 404 also reloads what is shown.
    async function answer(r) {
      if (r.ok) { upsert(await r.json()); say(T.done, false); return true; }
      if (r.status === 403) say(T.refused, true);
      else if (r.status === 409) { say(T.conflict, true); reload(); }
      else if (r.status === 404) { say(T.gone, true); reload(); }
      else say(T.failed + ' (' + r.status + ')', true);
      return false;
    }
    async function act(job) {
      buttons.querySelectorAll('button').forEach(b => { b.disabled = true; });
      send.disabled = true;
      try { return await job(); } catch (e) { console.error(e); say(T.failed, true); return false; } finally {
        buttons.querySelectorAll('button').forEach(b => { b.disabled = false; });
        send.disabled = false;
      }
    }
    function reload() {
      ctx.api(BASE + '/' + encodeURIComponent(id)).then(upsert).catch(err => console.error(err));
    }

    send.addEventListener('click', () => {
      const text = comment.value.trim();
      if (!text) { say(T.emptyComment, true); return; }
      act(async () => {
        const ok = await answer(await post(BASE + '/' + encodeURIComponent(id) + '/comments', { text }));
        if (ok) comment.value = '';
      });
    });

    function render(i) {
      title.textContent = label(T.kinds, i.kind, i.kindLabel) + ' #' + i.id;
      const source = label(T.sources, i.source) + (i.method ? ' (' + T.method + ' ' + i.method + ')' : '');
      const place = [i.corridor, i.direction].filter(x => x).join(' / ') || '–';
      const rows = [
        [T.severity, label(T.severities, i.severity)],
        [T.status, label(T.statuses, i.status, i.statusLabel)],
        [T.source, source],
        [T.place, place],
        [T.opened, time(i.openedAt)],
        [T.assignee, i.assignee || '–'],
        [T.reports, String(i.reports)]
      ];
      if (i.description) rows.push([T.description, i.description]);
      facts.replaceChildren(...rows.map(([k, v]) => el('tr', null, el('td', null, k), el('td', null, el('b', null, v)))));
      buttons.replaceChildren(...(i.next || []).map(to => {
        const b = el('button', { type: 'button', textContent: label(T.actions, to), dataset: { to } });
        b.style.borderLeft = '4px solid ' + (STATUS_COLOURS[to] || '#757575');
        b.addEventListener('click', () => act(() => {
          const body = { to };
          if (assignee.value.trim()) body.assignee = assignee.value.trim();
          if (comment.value.trim()) body.comment = comment.value.trim();
          return post(BASE + '/' + encodeURIComponent(id) + '/transitions', body).then(async r => {
            const ok = await answer(r);
            if (ok) { assignee.value = ''; comment.value = ''; }
            return ok;
          });
        }));
        return b;
      }));
      work.hidden = !(i.next && i.next.length) || !ctx.may('traffic.incidents.work');
    }

    async function loadTimeline() {
      if (!timeline.childElementCount) timeline.replaceChildren(el('li', null, T.loading));
      try {
        const detail = await ctx.api(BASE + '/' + encodeURIComponent(id));
        if (chart) evidenceChart(chart, detail.evidence);
        const last = (detail.timeline || []).slice(-TIMELINE_SHOWN).reverse();
        timeline.replaceChildren(...last.map(e => {
          let what = label(T.events, e.kind);
          if (e.kind === 'transition' && e.to) what += ': ' + label(T.statuses, e.from) + ' → ' + label(T.statuses, e.to);
          if (e.kind === 'reported' && e.source) what += ' (' + label(T.sources, e.source) + ')';
          return el('li', null, time(e.at) + ' · ' + (e.actor || '–') + ' · ' + what, e.comment ? el('br') : null,
            e.comment ? el('i', null, e.comment) : null);
        }));
      } catch (err) { console.error(err); timeline.replaceChildren(el('li', null, '–')); }
    }

    const entry = incidents.get(id);
    if (entry) render(entry.incident);
    return { root, render, loadTimeline };
  }

  // --- The evidence: each detector station's speed, minute by minute, around the incident.
  let evidencePlot = null;
  function evidenceChart(box, evidence) {
    if (evidencePlot) { evidencePlot.destroy(); evidencePlot = null; }
    const stations = (evidence && evidence.stations) || [];
    box.dataset.stations = String(stations.length);
    if (!stations.length) { box.replaceChildren(); return; }
    const times = [...new Set(stations.flatMap(s => s.points.map(p => p.at)))].sort();
    const xs = times.map(t => Date.parse(t) / 1000);
    const series = stations.map(s => { const by = new Map(s.points.map(p => [p.at, p.speed])); return times.map(t => by.get(t) ?? null); });
    const colours = ['#1565c0', '#d32f2f', '#2e7d32', '#6a1b9a', '#ef6c00', '#455a64'];
    box.replaceChildren(el('small', null, T.evidence));
    evidencePlot = new uPlot({
      width: Math.max(260, box.clientWidth || 360), height: 160,
      tzDate: ts => uPlot.tzDate(new Date(ts * 1000), 'Asia/Ho_Chi_Minh'),
      series: [{}, ...stations.map((s, k) => ({ label: s.station + ' (' + s.role + ')', stroke: colours[k % colours.length], width: 1.5, spanGaps: true }))],
      axes: [{}, { size: 40 }]
    }, [xs, ...series], box);
  }

  // --- The panel: open incidents, newest first; a click shows the incident below the list and on
  // the map.
  function panel() {
    const body = ctx.addPanel(T.tab);
    list = el('ol', { className: 'feed traffic-list', style: { listStyle: 'none', margin: 0, padding: 0 } });
    detailBox = el('div', { className: 'traffic-detail' }, el('p', { className: 'muted' }, T.pick));
    body.append(el('h2', null, T.panel), el('div', { style: { fontSize: '.8em', margin: '.2rem 0' } },
      ...OPEN.map(s => el('span', { style: { marginRight: '.5rem' } },
        el('i', { style: { display: 'inline-block', width: '10px', height: '10px', borderRadius: '50%', marginRight: '.3rem', background: STATUS_COLOURS[s] } }), T.statuses[s]))),
      list, detailBox);
  }

  function show(id) {
    const view = popupView(id, true);
    detail = { id, view };
    detailBox.replaceChildren(view.root);
    view.loadTimeline();
    const entry = incidents.get(id);
    if (entry) ctx.map.setView(entry.marker.getLatLng(), Math.max(ctx.map.getZoom(), 15));
  }

  async function loadKpis() {
    const k = await ctx.api(BASE + '/kpis' + (ctx.zoneFilter ? '?zone=' + encodeURIComponent(ctx.zoneFilter) : ''));
    const open = OPEN.reduce((n, s) => n + ((k.byStatus && k.byStatus[s]) || 0), 0);
    tile.set(String(open), k.meanMinutesToClear === null || k.meanMinutesToClear === undefined ? ''
      : ctx.fill(T.clearTime, { m: ctx.number(k.meanMinutesToClear, 0) }), open ? 'warning' : 'ok');
  }
  let kpiTimer = null;
  function scheduleKpis() {
    if (!kpiTimer) kpiTimer = setTimeout(() => { kpiTimer = null; loadKpis().catch(err => console.error(err)); }, 1000);
  }

  function renderList() {
    const open = [...incidents.values()].map(e => e.incident)
      .sort((a, b) => (b.openedAt || '').localeCompare(a.openedAt || '') || b.id - a.id);
    ctx.map.getContainer().dataset.incidents = String(open.length);
    if (!list) return;
    if (!open.length) { list.replaceChildren(el('li', null, el('small', null, T.none))); return; }
    list.replaceChildren(...open.map(i => {
      const item = el('li', { dataset: { incident: String(i.id), status: i.status }, style: { cursor: 'pointer', padding: '.15rem 0', borderTop: '1px solid #eee' } },
        el('i', { style: { background: STATUS_COLOURS[i.status] || '#d32f2f' } }),
        el('b', null, label(T.kinds, i.kind, i.kindLabel)), ' · ' + label(T.statuses, i.status, i.statusLabel),
        el('br'), el('small', null, time(i.openedAt) + (i.corridor ? ' · ' + i.corridor : '')));
      item.tabIndex = 0;
      item.addEventListener('click', () => show(i.id));
      item.addEventListener('keydown', ev => { if (ev.key === 'Enter') show(i.id); });
      return item;
    }));
  }

  // A burst of live changes redraws the list once.
  let listTimer = null;
  function scheduleList() {
    if (!listTimer) listTimer = setTimeout(() => { listTimer = null; renderList(); }, 300);
  }

  IOC.register({
    id: 'traffic',
    layerLabel: { vi: TEXT.vi.layer, en: TEXT.en.layer },
    onStart(context) {
      ctx = context;
      T = TEXT[ctx.lang] || TEXT.vi;
      panel();
      tile = ctx.addTile(T.tile);
      loadKpis().catch(err => console.error(err));
      return loadOpen();
    },
    onLive(msg) {
      if (!ctx) return;
      // The feed greets every (re)connection: changes missed while it was down are read again.
      if (msg.type === 'hello') { loadOpen().catch(err => console.error(err)); return; }
      if (msg.type === LIVE_TYPE && msg.incident) { upsert(msg.incident); scheduleKpis(); }
    }
  });
})();
