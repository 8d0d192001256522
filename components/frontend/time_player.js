// The time slider with Play (components/view_sync.py, time_player). It draws the chart
// named by data.target month by month in the browser, from frames sent once with the page:
// no server run per step. The page's view (the link's `to`) changes once, when the reader
// stops on a month: the slider released, Play paused or at its end, or the reader touching
// anything else while it plays. Keyboard: the slider is a native range input (arrows, Home,
// End), Play a button; a polite live region says the month shown when it stops, never on each
// step. Each step drawn is timed in window.hmtPlayerSteps (a Chromium test records the rate).
const STEP_MS = 400; // 2.5 steps a second
const SETTLE_MS = 700; // a slider at rest this long is a chosen month

const STYLE = `
.hmt-player { display: flex; flex-wrap: nowrap; align-items: center; gap: 0.6rem; height: 2.75rem; }
.hmt-player button { font: inherit; padding: 0.25rem 0.9rem; border: 1px solid #1f5fa8; border-radius: 0.4rem;
  background: #1f5fa8; color: #fff; cursor: pointer; min-height: 2rem; }
.hmt-player input[type=range] { flex: 1 1 auto; min-width: 4rem; accent-color: #1f5fa8; }
.hmt-player .hmt-player-month { white-space: nowrap; font-weight: 600; }
.hmt-player .hmt-player-status { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
@media print { .hmt-player { display: none; } }
`;

function addStyle() {
  if (document.getElementById('hmt-player-style')) return;
  const style = document.createElement('style');
  style.id = 'hmt-player-style';
  style.textContent = STYLE;
  document.head.appendChild(style);
}

function build(parentElement) {
  const root = document.createElement('div');
  root.className = 'hmt-player';
  root.setAttribute('role', 'group');
  const button = document.createElement('button');
  button.type = 'button';
  button.id = 'hmt-player-button-' + Math.random().toString(36).slice(2);
  const label = document.createElement('label');
  const slider = document.createElement('input');
  slider.type = 'range';
  slider.min = '0';
  slider.step = '1';
  slider.id = 'hmt-player-slider-' + Math.random().toString(36).slice(2);
  label.htmlFor = slider.id;
  const month = document.createElement('span');
  month.className = 'hmt-player-month';
  month.setAttribute('aria-hidden', 'true'); // the slider's value text says it
  const status = document.createElement('p');
  status.className = 'hmt-player-status';
  status.setAttribute('aria-live', 'polite');
  root.append(button, label, slider, month, status);
  parentElement.appendChild(root);
  return { root, button, label, slider, month, status };
}

export default function ({ parentElement, data, setTriggerValue }) {
  addStyle();
  // Streamlit gives each render a fresh element: the player's state lives on, by chart.
  const players = (window.hmtPlayers = window.hmtPlayers || {});
  let player = players[data.target];
  if (!player) {
    player = players[data.target] = { timer: null, settle: null, index: data.index };
    listen(player);
  }
  const previous = player.data;
  const render = (player.render = {}); // this render's token: an older render's clean-up does nothing
  if (!player.root || player.root.parentElement !== parentElement) {
    if (player.root) player.root.remove(); // the previous render's, left behind
    Object.assign(player, build(parentElement));
    wire(player);
  }
  player.data = data;
  player.report = setTriggerValue;
  const payload = data.payload;
  player.frames = !payload ? null : data.kind === 'map' ? payload.frames : JSON.parse(payload.frames);
  const { root, button, label, slider } = player;
  root.setAttribute('aria-label', data.words.group);
  label.textContent = data.words.label;
  button.title = data.words.play_help;
  slider.max = String(data.months.length - 1);
  const moved = !previous || previous.index !== data.index || previous.months.length !== data.months.length;
  show(player, moved ? data.index : player.index);
  setButton(player, Boolean(player.wantsPlay));
  if (player.focused === 'slider') slider.focus();
  if (player.focused === 'button') button.focus();
  if (data.kind === 'map' && !player.wantsPlay) clearMap(player); // the server's map shows this month
  if (player.frames && player.wantsPlay) {
    player.wantsPlay = false;
    play(player);
  }
  // Called before the next render: remember where the focus was, stop a running Play (a
  // Play waiting for its frames goes on: they come with that very render).
  return () => {
    if (player.render !== render) return;
    player.focused = { [slider.id]: 'slider', [button.id]: 'button' }[document.activeElement && document.activeElement.id] || null;
    if (player.timer) {
      clearInterval(player.timer);
      player.timer = null;
      player.wantsPlay = true; // a render while playing (Streamlit renders again): play on
    }
  };
}

function wire(player) {
  const { button, slider } = player;
  button.addEventListener('click', () => (player.timer || player.wantsPlay ? stop(player, true) : play(player)));
  slider.addEventListener('input', () => {
    if (player.timer) stop(player, false);
    show(player, Number(slider.value));
    draw(player, Number(slider.value));
    clearTimeout(player.settle);
    player.settle = setTimeout(() => choose(player), SETTLE_MS);
  });
}

function listen(player) {
  // While it plays, anything the reader does elsewhere stops it on the month shown.
  const touched = (event) => {
    if (!player.timer || event.target === player.button || event.target === player.slider) return;
    stop(player, true);
  };
  for (const type of ['pointerdown', 'keydown', 'wheel', 'touchstart']) {
    document.addEventListener(type, touched, { capture: true, passive: true });
  }
}

function show(player, index) {
  const { slider, month, data } = player;
  slider.value = String(index);
  slider.setAttribute('aria-valuetext', data.labels[index]);
  month.textContent = data.labels[index];
  player.index = index;
}

function setButton(player, playing) {
  player.button.textContent = playing ? player.data.words.pause : player.data.words.play;
}

function target(player) {
  return document.querySelector('.st-key-' + player.data.target + ' .hmt-chart');
}

// The map: while a month other than the page's is shown, an SVG of that month lies over the
// deck (hidden meanwhile); the page's own map comes back once the page shows the chosen month.
const MAP_STYLE = `
.hmt-map-frames { position: absolute; top: 0; left: 0; right: 0; height: 520px; z-index: 3; }
.hmt-map-frames svg { display: block; width: 100%; height: 100%; }
.hmt-map-playing [data-testid="stDeckGlJsonChart"] { visibility: hidden; }
`;

function drawMap(player, index) {
  const box = document.querySelector('.st-key-' + player.data.target);
  if (!player.frames || !box) return Promise.resolve();
  if (!document.getElementById('hmt-map-frames-style')) {
    const style = document.createElement('style');
    style.id = 'hmt-map-frames-style';
    style.textContent = MAP_STYLE;
    document.head.appendChild(style);
  }
  let overlay = box.querySelector('.hmt-map-frames');
  if (!overlay) {
    overlay = document.createElement('div');
    overlay.className = 'hmt-map-frames';
    overlay.innerHTML = player.data.payload.base; // the app's own SVG: numbers and its colours
    box.appendChild(overlay);
  }
  box.classList.add('hmt-map-playing');
  const frame = player.frames[index];
  overlay.querySelectorAll('path[data-iso3]').forEach((path) => {
    path.setAttribute('fill', frame.fills[path.getAttribute('data-iso3')] || 'none');
  });
  overlay.querySelector('.hmt-map-circles').innerHTML = frame.circles;
  return new Promise((resolve) => requestAnimationFrame(() => {
    (window.hmtPlayerSteps = window.hmtPlayerSteps || []).push({ index, at: performance.now() });
    resolve();
  }));
}

function clearMap(player) {
  const box = document.querySelector('.st-key-' + player.data.target);
  if (!box) return;
  box.classList.remove('hmt-map-playing');
  const overlay = box.querySelector('.hmt-map-frames');
  if (overlay) overlay.remove();
}

function draw(player, index) {
  if (player.data.kind === 'map') return drawMap(player, index);
  const chart = target(player);
  if (!player.frames || !chart || !window.Plotly || !chart.hmtFigureJson) return Promise.resolve();
  if (!chart.hmtBaseLayout) chart.hmtBaseLayout = JSON.parse(chart.hmtFigureJson).layout;
  const base = chart.hmtBaseLayout;
  const layout = Object.assign({}, base, { datarevision: 'frame' + index });
  if (player.data.payload.xrange) {
    layout.xaxis = Object.assign({}, base.xaxis, { range: player.data.payload.xrange, autorange: false });
  }
  return window.Plotly.react(chart, player.frames[index], layout).then(() => {
    (window.hmtPlayerSteps = window.hmtPlayerSteps || []).push({ index, at: performance.now() });
  });
}

function play(player) {
  if (!player.frames) {
    // The frames come with the next run, asked for once; Play starts when they arrive.
    player.wantsPlay = true;
    setButton(player, true);
    player.report('frames', Date.now());
    return;
  }
  let index = player.index >= player.data.months.length - 1 ? 0 : player.index;
  show(player, index);
  draw(player, index);
  setButton(player, true);
  player.timer = setInterval(() => {
    index += 1;
    show(player, index);
    draw(player, index);
    if (index >= player.data.months.length - 1) stop(player, true);
  }, STEP_MS);
}

function stop(player, chosen) {
  if (player.timer) clearInterval(player.timer);
  player.timer = null;
  player.wantsPlay = false;
  setButton(player, false);
  if (chosen) choose(player);
}

function choose(player) {
  clearTimeout(player.settle);
  const { data, index, status } = player;
  status.textContent = data.words.showing.replace('{month}', data.labels[index]);
  if (data.months[index] !== data.months[data.index]) player.report('stopped', data.months[index]);
}
