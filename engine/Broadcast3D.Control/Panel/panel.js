// The b3d control panel: state from the /api/events WebSocket (10 Hz), every action one POST to /api.
// The token (if the server has one) is asked for once, or given in the URL fragment (#token=...; never sent
// to the server in a URL), and kept in this tab's session storage only.
'use strict';

const $ = (id) => document.getElementById(id);
let token = sessionStorage.getItem('b3d-token') || '';
let socket = null;
let lastPeople = '';
let lastCameras = '';

(function takeTokenFromFragment() {
  const m = /(?:^#|&)token=([^&]+)/.exec(location.hash);
  if (m) {
    token = decodeURIComponent(m[1]);
    sessionStorage.setItem('b3d-token', token);
    history.replaceState(null, '', location.pathname);
  }
})();

function headers(json) {
  const h = {};
  if (token) h['Authorization'] = 'Bearer ' + token;
  if (json) h['Content-Type'] = 'application/json';
  return h;
}

function say(text, bad) {
  const m = $('message');
  m.textContent = text;
  m.style.color = bad ? '#ff8080' : '#9fe0a8';
}

async function post(path, body) {
  const r = await fetch('/api' + path, { method: 'POST', headers: headers(body !== undefined), body: body === undefined ? undefined : JSON.stringify(body) });
  const data = await r.json().catch(() => ({}));
  if (r.status === 401) { askToken(); return; }
  if (!r.ok) { say((data.detail || r.statusText), true); return; }
  say(`${data.command}: on air from frame ${data.appliedAtFrame}`);
}

function askToken() {
  $('token-form').hidden = false;
  setStatus(false, 'token required');
}

function setStatus(on, text) {
  const s = $('status');
  s.textContent = text;
  s.className = 'status ' + (on ? 'on' : 'off');
}

function connect() {
  const protocols = ['b3d.v1'];
  if (token) protocols.push('bearer.' + token);
  const url = (location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/api/events';
  socket = new WebSocket(url, protocols);
  socket.onopen = () => setStatus(true, 'connected');
  socket.onclose = async () => {
    setStatus(false, 'disconnected');
    const r = await fetch('/api/state', { headers: headers(false) }).catch(() => null);
    if (r && r.status === 401) { askToken(); return; }
    setTimeout(connect, 1000);
  };
  socket.onmessage = (e) => {
    const msg = JSON.parse(e.data);
    if (msg.v !== 1) return;
    if (msg.type === 'state') render(msg.data);
    else if (msg.type === 'ack') say(`${msg.data.command}: on air from frame ${msg.data.appliedAtFrame}`);
    else if (msg.type === 'error') say(`${msg.data.path}: ${msg.data.detail}`, true);
  };
}

function text(tag, content, cls) {
  const e = document.createElement(tag);
  e.textContent = content;
  if (cls) e.className = cls;
  return e;
}

function render(state) {
  setStatus(state.running, state.running ? 'on air' : 'not running');
  const c = state.counters, ch = state.channel, g = state.graphics;
  const tiles = $('tiles');
  tiles.replaceChildren();
  if (c) {
    for (const cam of c.cameras) {
      const t = text('div', '', 'tile' + (cam.name === c.programmeCamera ? ' programme' : ''));
      t.append(text('b', cam.name + (cam.name === c.programmeCamera ? ' (PGM)' : '')),
        text('span', `${cam.state} · ${cam.framesRead} read · ${cam.dropped} dropped`, 'small'));
      tiles.append(t);
    }
    for (const o of c.outputs) {
      const t = text('div', '', 'tile');
      t.append(text('b', o.name), text('span', `${o.sent} sent · ${o.dropped} dropped${o.failure ? ' · FAILED' : ''}`, 'small'));
      tiles.append(t);
    }
  }
  if (g) {
    const on = ['skeleton', 'labels', 'trails', 'speed'].filter((k) => g[k]);
    $('on-air').textContent = 'On: ' + (on.join(', ') || 'none') + (g.highlight !== null ? ` · highlight #${g.highlight}` : '') +
      (g.lowerThird ? ` · lower third "${g.lowerThird.title}"` : '');
  }
  if (c) renderCameras(c.cameras.map((cam) => cam.name), c.programmeCamera);
  renderPeople(state.people);
  const dl = $('counters');
  dl.replaceChildren();
  const add = (k, v) => dl.append(text('dt', k), text('dd', String(v)));
  if (ch) {
    add('frame', ch.frame); add('late ticks', ch.late); add('repeated', ch.repeated);
    add('dropped by outputs', ch.droppedByOutputs); add('ticks dropped', ch.droppedTicks); add('commands', ch.commandsApplied);
  }
  const d = state.delay;
  if (d) {
    add('delay', `${d.mode} · ${d.frames} frames (${d.milliseconds} ms) · ${d.repeatedOnAir} repeated, ${d.skippedOnAir} skipped on air`);
    const a = d.graphicsAge;
    add('graphics age', a.p50Ms === null ? '–'
      : `p50 ${a.p50Ms} · p95 ${a.p95Ms} · max ${a.maxMs} ms · ${a.withinOneFramePercent.toFixed(1)} % ≤ 1 frame`);
  }
  if (c) {
    add('frame sets', `${c.syncSets} (${c.syncIncomplete} incomplete)`);
    add('tracked', `${c.trackingTracked} (${c.trackingSkipped} skipped)`);
    const body = $('latencies').tBodies[0];
    body.replaceChildren();
    for (const l of c.latencies) {
      const tr = document.createElement('tr');
      tr.append(text('td', l.name), text('td', l.meanMilliseconds.toFixed(1)), text('td', l.maxMilliseconds.toFixed(1)));
      body.append(tr);
    }
  }
}

// A thumbnail and a cut button per camera, built once per set of cameras (images keep loading across state messages).
function renderCameras(names, programme) {
  const key = names.join(',');
  if (key !== lastCameras) {
    lastCameras = key;
    const views = $('camera-views');
    views.replaceChildren();
    for (const name of names) {
      const f = document.createElement('figure');
      f.className = 'preview';
      f.dataset.camera = name;
      const img = document.createElement('img');
      img.alt = `${name} preview`;
      const cut = text('button', `Cut ${name}`);
      cut.addEventListener('click', () => post('/programme', { camera: name }));
      const cap = document.createElement('figcaption');
      cap.append(text('span', name), cut);
      f.append(img, cap);
      views.append(f);
    }
  }
  for (const f of $('camera-views').children) f.classList.toggle('programme', f.dataset.camera === programme);
}

function renderPeople(people) {
  const body = $('people').tBodies[0];
  for (const p of people) {
    const row = body.querySelector(`tr[data-id="${p.id}"]`);
    if (row) {
      row.cells[2].textContent = p.speedMetresPerSecond === null ? '–' : p.speedMetresPerSecond.toFixed(1) + ' m/s';
      row.cells[3].textContent = Math.round(p.confidence * 100) + ' %';
    }
  }
  // Rows are rebuilt only when the set of people or names changes, so a name being typed is not wiped.
  const key = people.map((p) => p.id + ':' + (p.name || '')).join(',');
  if (key === lastPeople) return;
  lastPeople = key;
  body.replaceChildren();
  const select = $('lt-person');
  const chosen = select.value;
  select.replaceChildren(new Option('none', ''));
  for (const p of people) {
    const tr = document.createElement('tr');
    tr.dataset.id = p.id;
    const name = document.createElement('input');
    name.value = p.name || '';
    name.placeholder = '#' + p.id;
    name.maxLength = 40;
    name.setAttribute('aria-label', `name of #${p.id}`);
    name.addEventListener('change', () => post(`/people/${p.id}/name`, { name: name.value }));
    const nameCell = document.createElement('td');
    nameCell.append(name);
    const actions = document.createElement('td');
    const hi = text('button', 'Highlight');
    hi.addEventListener('click', () => post('/highlight', { personId: p.id }));
    const hide = text('button', 'Skeleton off');
    hide.addEventListener('click', () => post('/overlays', { kind: 'skeleton', on: false, personId: p.id }));
    actions.append(hi, hide);
    tr.append(text('td', '#' + p.id), nameCell,
      text('td', p.speedMetresPerSecond === null ? '–' : p.speedMetresPerSecond.toFixed(1) + ' m/s'),
      text('td', Math.round(p.confidence * 100) + ' %'), actions);
    body.append(tr);
    select.append(new Option(p.name || '#' + p.id, String(p.id)));
  }
  select.value = chosen;
}

async function loadPreview(source, img) {
  const r = await fetch(`/api/preview/${encodeURIComponent(source)}.jpg?width=240`, { headers: headers(false) }).catch(() => null);
  if (r && r.ok) {
    const old = img.src;
    img.src = URL.createObjectURL(await r.blob());
    if (old.startsWith('blob:')) URL.revokeObjectURL(old);
  }
}

// The multiviewer: the programme and every camera, one JPEG each a second (the server reads each source back at
// most twice a second for everyone).
async function refreshPreview() {
  await loadPreview('programme', $('programme'));
  for (const f of $('camera-views').children) await loadPreview(f.dataset.camera, f.querySelector('img'));
  setTimeout(refreshPreview, 1000);
}

document.addEventListener('DOMContentLoaded', () => {
  refreshPreview();
  for (const b of $('overlays').querySelectorAll('button')) {
    b.addEventListener('click', () => post('/overlays', { kind: b.dataset.kind, on: b.dataset.on === 'true' }));
  }
  $('lower-third').addEventListener('submit', (e) => {
    e.preventDefault();
    const person = $('lt-person').value;
    post('/lower-third', { title: $('lt-title').value, subtitle: $('lt-subtitle').value, personId: person === '' ? null : Number(person) });
  });
  $('lt-clear').addEventListener('click', () => post('/lower-third/clear'));
  $('token-form').addEventListener('submit', (e) => {
    e.preventDefault();
    token = $('token').value.trim();
    sessionStorage.setItem('b3d-token', token);
    $('token-form').hidden = true;
    if (socket) socket.close(); else connect();
  });
  connect();
});
