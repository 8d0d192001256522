// Labels that find their own room, shared by the charts on the pages (plotly_chart.js, which
// components/light_chart.py puts after this file) and the link previews (deploy/build_previews.py
// and deploy/preview_labels.js, in the Chromium that draws them). Plain functions: no imports.

// ---------------------------------------------------------------------------------------
// Labels that find their own room (annotations named "hmt-float", components/chart_events.py):
// in the figure's order, each stays where it is or moves up one lane at a time
// (layout.meta.hmtLanes lanes of its own height), and is hidden where every lane would cover
// another text; moved inward where it would pass the chart's edge. Done again after every
// drawing (a zoom, a new width), when plotly has drawn them afresh.
// ---------------------------------------------------------------------------------------
const LABEL_GAP = 6; // pixels between two labels side by side, so that they read as two

function overlaps(a, b) {
  return a.left < b.right + LABEL_GAP && b.left < a.right + LABEL_GAP && a.top < b.bottom - 1 && b.top < a.bottom - 1;
}

function placeLabels(chart) {
  const layout = chart._fullLayout;
  const notes = (layout && layout.annotations) || [];
  const groups = [...chart.querySelectorAll('.infolayer g.annotation')];
  const floating = groups.filter((g) => (notes[Number(g.getAttribute('data-index'))] || {}).name === 'hmt-float');
  const moves = {}; // annotation index -> {dx, dy} or {hidden: true}, for the PNG (placedLayout)
  if (!floating.length) return moves;
  const lanes = (layout.meta && layout.meta.hmtLanes) || 1;
  const edge = chart.getBoundingClientRect();
  const taken = groups.filter((g) => !floating.includes(g)).map((g) => g.getBoundingClientRect());
  chart.querySelectorAll('.gtitle, .menulayer .updatemenu-container').forEach((el) => taken.push(el.getBoundingClientRect()));
  floating.forEach((g) => {
    g.style.transform = '';
    g.style.visibility = '';
  });
  const lane = Math.max(...floating.map((g) => g.getBoundingClientRect().height)); // one lane fits every label
  floating.forEach((g) => {
    const box = g.getBoundingClientRect();
    const dx = Math.max(0, edge.left - box.left) - Math.max(0, box.right - edge.right);
    for (let step = 0; step < lanes; step += 1) {
      const dy = -step * lane;
      const moved = { left: box.left + dx, right: box.right + dx, top: box.top + dy, bottom: box.bottom + dy };
      if (!taken.some((other) => overlaps(moved, other))) {
        g.style.transform = `translate(${dx}px, ${dy}px)`;
        taken.push(moved);
        moves[g.getAttribute('data-index')] = { dx, dy };
        return;
      }
    }
    g.style.visibility = 'hidden';
    moves[g.getAttribute('data-index')] = { hidden: true };
  });
  return moves;
}

function placedLayout(Plotly, data, layout) {
  // The PNG's layout with its floating labels where placeLabels puts them at the image's width:
  // drawn once off screen, placed, and the moves written into the annotations.
  if (!(layout.annotations || []).some((note) => note.name === 'hmt-float')) return Promise.resolve(layout);
  const scratch = document.createElement('div');
  scratch.style.cssText = `position: fixed; left: -${2 * layout.width}px; top: 0; width: ${layout.width}px`;
  document.body.appendChild(scratch);
  return Plotly.newPlot(scratch, data, layout, { staticPlot: true })
    .then(() => {
      const moves = placeLabels(scratch);
      const annotations = layout.annotations.map((note, index) => {
        const move = moves[index];
        if (!move) return note;
        if (move.hidden) return Object.assign({}, note, { visible: false });
        return Object.assign({}, note, { xshift: (note.xshift || 0) + move.dx, yshift: (note.yshift || 0) - move.dy });
      });
      return Object.assign({}, layout, { annotations });
    })
    .finally(() => {
      Plotly.purge(scratch);
      scratch.remove();
    });
}
