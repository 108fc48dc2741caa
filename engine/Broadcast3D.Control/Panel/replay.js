// The panel's replay controls: each button one POST to /api/replay/..., the replay's state polled twice a second
// (GET /api/replay; 204 while the run has no replay channel, then asked again every 5 s), and the replay channel's
// thumbnail beside the programme's once a second while it runs. Uses headers(), say() and loadPreview() of panel.js.
'use strict';

async function replayPost(path, body) {
  const r = await fetch('/api/replay' + path, { method: 'POST', headers: headers(body !== undefined), body: body === undefined ? undefined : JSON.stringify(body) });
  const data = await r.json().catch(() => ({}));
  if (!r.ok) { say(data.detail || r.statusText, true); return; }
  say(`replay ${path.slice(1)}: ${describeReplay(data)}`);
  renderReplay(data);
}

function describeReplay(s) {
  const marks = `in ${s.markIn ?? '–'} s, out ${s.markOut ?? '–'} s`;
  if (!s.camera) return `nothing cued (${marks})`;
  const how = s.virtual ? `virtual camera ${s.virtual}` : s.playing ? 'playing at ' + s.speed : 'paused';
  return `${s.camera} ${s.in}–${s.out} s at ${s.positionTimecode}, ${how} (${marks})`;
}

function renderReplay(s) {
  $('replay-view').hidden = false;
  $('replay-state').textContent = describeReplay(s) + (s.errors ? ` · ${s.errors} refused` : '');
  const select = $('replay-camera');
  if (select.options.length !== s.cameras.length) {
    const chosen = select.value;
    select.replaceChildren(...s.cameras.map((c) => new Option(c, c)));
    if (chosen) select.value = chosen;
  }
}

async function refreshReplay() {
  const r = await fetch('/api/replay', { headers: headers(false) }).catch(() => null);
  if (r && r.status === 204) {
    $('replay-state').textContent = 'no replay channel (add "replay" to the configuration)';
    $('replay-view').hidden = true;
    setTimeout(refreshReplay, 5000);
    return;
  }
  if (r && r.ok) renderReplay(await r.json());
  setTimeout(refreshReplay, 500);
}

document.addEventListener('DOMContentLoaded', () => {
  const at = () => ($('replay-at').value.trim() === '' || $('replay-at').value.trim() === 'now' ? undefined : { at: $('replay-at').value.trim() });
  $('replay-in').addEventListener('click', () => replayPost('/mark-in', at()));
  $('replay-out').addEventListener('click', () => replayPost('/mark-out', at()));
  $('replay-cue').addEventListener('click', () => replayPost('/cue', { camera: $('replay-camera').value }));
  $('replay-switch').addEventListener('click', () => replayPost('/camera', { camera: $('replay-camera').value }));
  $('replay-pause').addEventListener('click', () => replayPost('/pause'));
  $('replay-stop').addEventListener('click', () => replayPost('/stop'));
  for (const b of document.querySelectorAll('#replay [data-speed]')) {
    b.addEventListener('click', () => replayPost('/play', { speed: Number(b.dataset.speed) }));
  }
  for (const b of document.querySelectorAll('#replay [data-jog]')) {
    b.addEventListener('click', () => replayPost('/jog', { frames: Number(b.dataset.jog) }));
  }
  $('replay-virtual').addEventListener('click', () => {
    const frames = (id) => Number($(id).value || 0);
    replayPost('/virtual', { move: $('replay-move').value, freeze: frames('replay-freeze'), dissolve: frames('replay-dissolve') });
  });
  refreshReplay();
  refreshReplayPreview();
});

// The replay thumbnail: asked for only while the replay channel runs (the tile is shown), once a second.
async function refreshReplayPreview() {
  if (!$('replay-view').hidden) await loadPreview('replay', $('replay-preview'));
  setTimeout(refreshReplayPreview, 1000);
}
