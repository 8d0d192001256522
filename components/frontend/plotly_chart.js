// Draws a plotly figure sent from Python with plotly.js "basic" (scatter, bar, pie: 1.2 MB),
// served from the app's own static folder, instead of Streamlit's built-in plotly element,
// which loads the full 4.7 MB plotly.js before it draws anything. See components/light_chart.py,
// which builds the file's URL from the server's base URL path (data.plotly_url), so the charts
// draw under a path prefix too (behind a reverse proxy).

function loadScript(src) {
  return new Promise((resolve, reject) => {
    const tag = document.createElement('script');
    tag.src = src;
    tag.onload = () => (window.Plotly ? resolve(window.Plotly) : reject(new Error('plotly.js did not load')));
    tag.onerror = () => {
      tag.remove();
      reject(new Error('could not load ' + src));
    };
    document.head.appendChild(tag);
  });
}

function loadPlotly(src) {
  // One load for every chart on the page; tried twice. A failed load is forgotten, so the next
  // rerun (a filter change) tries again.
  if (!window.__hmtPlotly) {
    window.__hmtPlotly = loadScript(src)
      .catch(() => new Promise((resolve) => setTimeout(resolve, 1000)).then(() => loadScript(src)))
      .catch((error) => {
        window.__hmtPlotly = null;
        throw error;
      });
  }
  return window.__hmtPlotly;
}

// Charts draw one at a time, in the order the page mounts them, each after the browser has
// painted the one before (or 50 ms at most, as in a tab in the background, where frames
// stop): the page's first chart shows without waiting for the charts below it to be drawn.
// Measured on Pledges and deployments (two charts, 2 cores): its first chart showed about
// 0.3 s later than it did before the second chart came.
function afterPaint() {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, 50);
    requestAnimationFrame(() => setTimeout(() => {
      clearTimeout(timer);
      resolve();
    }, 0));
  });
}

function inTurn(task) {
  const turn = (window.__hmtDrawing || Promise.resolve()).then(task);
  window.__hmtDrawing = turn.catch(() => {}).then(afterPaint);
  return turn;
}

// Accessibility and layout (see README, "Accessibility"): each chart is a <figure> named by the
// chart's title (shown as text right above it by the page, components/elements.py); inside,
// div.hmt-chart is where plotly draws. The role "img" and the text alternative go on plotly's
// plot <svg>, not on a box that also holds the toolbar, whose buttons stay reachable by
// keyboard (plotly's own <button>s, shown while one has focus). The legend and hover layer
// repeat what the text alternative says, so they are hidden from screen readers. The element's
// height is the figure's own, reserved by Streamlit before this script or plotly.js has loaded
// (light_chart.py passes it), so nothing moves when the chart appears; until then the box says
// that the chart is loading.
const STYLE = `
.hmt-figure { margin: 0; }
.hmt-figure .hmt-chart { position: relative; }
.hmt-figure .hmt-loading { margin: 0; padding: 1rem 0; }
.hmt-figure .hmt-chart:focus-within .modebar { opacity: 1; }
`;

function addStyle() {
  if (document.getElementById('hmt-chart-style')) return;
  const style = document.createElement('style');
  style.id = 'hmt-chart-style';
  style.textContent = STYLE;
  document.head.appendChild(style);
}

function labelPlot(chart, alt) {
  const svgs = chart.querySelectorAll('svg.main-svg');
  svgs.forEach((svg, index) => {
    if (index === 0) {
      svg.setAttribute('role', 'img');
      svg.setAttribute('aria-label', alt);
      svg.removeAttribute('aria-hidden');
    } else {
      svg.setAttribute('aria-hidden', 'true');
    }
  });
}

export default function ({ parentElement, data }) {
  addStyle();
  let figure = parentElement.querySelector('figure.hmt-figure');
  let chart;
  if (!figure) {
    figure = document.createElement('figure');
    figure.className = 'hmt-figure';
    chart = document.createElement('div');
    chart.className = 'hmt-chart';
    const loading = document.createElement('p');
    loading.className = 'hmt-loading';
    loading.setAttribute('role', 'status');
    chart.appendChild(loading);
    figure.appendChild(chart);
    parentElement.appendChild(figure);
  }
  chart = figure.querySelector('.hmt-chart');
  if (data.title) figure.setAttribute('aria-label', data.title);
  else figure.removeAttribute('aria-label');
  // The figure's own height, reserved before plotly.js arrives.
  if (data.height) chart.style.minHeight = data.height + 'px';
  const loading = chart.querySelector('.hmt-loading');
  if (loading) loading.textContent = data.loading || 'Loading chart…';
  chart.hmtAlt = data.alt;
  if (!chart.hmtResizeObserver) {
    // Plotly only follows window resizes. A chart drawn while its tab was hidden, or whose
    // column changed width (sidebar opened or closed), is fitted again here; one that crossed
    // its narrow width (layout.meta.hmtNarrow) is drawn again with the other layout.
    chart.hmtResizeObserver = new ResizeObserver(() => {
      if (!(chart.offsetWidth > 0 && chart._fullLayout && window.Plotly && chart.hmtSpec)) return;
      if (isNarrow(chart.hmtSpec, chart) !== chart.hmtNarrow) draw(window.Plotly, chart);
      else window.Plotly.Plots.resize(chart);
    });
    chart.hmtResizeObserver.observe(chart);
  }
  const spec = JSON.parse(data.figure);
  chart.hmtSpec = spec;
  chart.hmtConfig = data.config;
  chart.hmtPngTitle = data.png_title;
  chart.hmtFigureJson = data.figure; // plotly changes the layout it draws (autosize): keep the original
  chart.hmtExport = data.export;
  loadPlotly(data.plotly_url)
    .then((Plotly) =>
      inTurn(() => {
        const waiting = chart.querySelector('.hmt-loading');
        if (waiting) waiting.remove(); // in the same task as the drawing: nothing moves
        return draw(Plotly, chart);
      }),
    )
    .then(() => {
      labelPlot(chart, chart.hmtAlt);
      placeLabels(chart);
      if (!chart.hmtLabelled) {
        chart.hmtLabelled = true;
        chart.on('plotly_afterplot', () => {
          labelPlot(chart, chart.hmtAlt);
          placeLabels(chart);
        });
      }
    })
    .catch((error) => {
      // A readable line in place of the chart, never a blank box.
      // In the page's language (components/light_chart.py, NOT_DRAWN); the reason is the browser's.
      const words = (data.words && data.words.not_drawn) || 'This chart could not be drawn: the charting library did not load ({error}). The Table tab above has the same data.';
      chart.textContent = words.replace('{error}', () => error.message);
    });
  return () => {
    chart.hmtResizeObserver.disconnect();
    if (window.Plotly) window.Plotly.purge(chart);
  };
}

// ---------------------------------------------------------------------------------------
// Layouts that follow the chart's width. A figure may carry, in layout.meta.hmtNarrow, what
// changes below a width ({below: px, layout: {...}}): merged into its layout, objects key by
// key, lists replaced (components/chart_phone.py: a phone's timeline names its rows above them).
// ---------------------------------------------------------------------------------------
function isNarrow(spec, chart) {
  const narrow = spec.layout.meta && spec.layout.meta.hmtNarrow;
  return Boolean(narrow && chart.offsetWidth < narrow.below);
}

function merged(base, changes) {
  const out = Object.assign({}, base);
  for (const [key, value] of Object.entries(changes)) {
    const plainObject = (v) => v && typeof v === 'object' && !Array.isArray(v);
    out[key] = plainObject(value) && plainObject(base[key]) ? merged(base[key], value) : value;
  }
  return out;
}

function draw(Plotly, chart) {
  const spec = chart.hmtSpec;
  chart.hmtNarrow = isNarrow(spec, chart);
  const layout = chart.hmtNarrow ? merged(spec.layout, spec.layout.meta.hmtNarrow.layout) : spec.layout;
  return Plotly.react(chart, spec.data, layout, chartConfig(Plotly, chart, chart.hmtConfig));
}

// The labels that find their own room (placeLabels, placedLayout) are in label_room.js,
// which components/light_chart.py puts before this file; deploy/build_previews.py gives it to
// the link previews' Chromium too, so that a preview places its labels as a page does.

// ---------------------------------------------------------------------------------------
// Toolbar: no cloud or edit buttons (Python's CONFIG removes them and the logo); the PNG
// button is ours, so that the image stands on its own: title, the view's filters and "as of"
// date above the chart, the sources and the dashboard's name below it, at a width where the
// legend is not clipped. The text is drawn on a canvas, never read as markup.
// ---------------------------------------------------------------------------------------
const EXPORT_WIDTH = 1200;
const EXPORT_SCALE = 2;
const EXPORT_PAD = 24;

function chartConfig(Plotly, chart, config) {
  if (!chart.hmtExport) return config;
  if (!chart.hmtPngButton || chart.hmtPngButton.title !== chart.hmtPngTitle) {
    // One button object per chart and language, so Plotly.react sees an unchanged config on a redraw.
    chart.hmtPngButton = {
      name: 'hmtDownloadPng',
      title: chart.hmtPngTitle,
      icon: Plotly.Icons.camera,
      click: () => downloadPng(Plotly, chart),
    };
  }
  return Object.assign({}, config, {
    modeBarButtonsToRemove: (config.modeBarButtonsToRemove || []).concat(['toImage']),
    modeBarButtonsToAdd: [chart.hmtPngButton],
  });
}

function wrapText(context, text, width) {
  const lines = [];
  let line = '';
  for (const word of String(text || '').split(/\s+/).filter(Boolean)) {
    const candidate = line ? line + ' ' + word : word;
    if (line && context.measureText(candidate).width > width) {
      lines.push(line);
      line = word;
    } else {
      line = candidate;
    }
  }
  if (line) lines.push(line);
  return lines;
}

function textBlock(context, parts, width) {
  // parts: [[text, font, color, lineHeight]] -> lines to draw, and their height
  const lines = [];
  for (const [text, font, color, lineHeight] of parts) {
    context.font = font;
    for (const line of wrapText(context, text, width)) lines.push({ line, font, color, lineHeight });
  }
  return { lines, height: lines.reduce((sum, l) => sum + l.lineHeight, 0) };
}

function drawBlock(context, block, top) {
  let y = top;
  for (const { line, font, color, lineHeight } of block.lines) {
    context.font = font;
    context.fillStyle = color;
    context.fillText(line, EXPORT_PAD, y + lineHeight * 0.75);
    y += lineHeight;
  }
}

function downloadPng(Plotly, chart) {
  const info = chart.hmtExport;
  const figure = JSON.parse(chart.hmtFigureJson);
  const height = figure.layout.height || 450;
  // An image of an SVG cannot use the page's web font, so plotly must measure the text (the
  // legend, the labels) in the system font the image will be drawn with, or the legend is cut.
  const font = 'Arial, Helvetica, "Liberation Sans", sans-serif';
  const layout = Object.assign({}, figure.layout, { width: EXPORT_WIDTH, height: height, font: Object.assign({}, figure.layout.font, { family: font }) });
  return placedLayout(Plotly, figure.data, layout)
    .then((placed) => Plotly.toImage({ data: figure.data, layout: placed, config: { staticPlot: true } }, { format: 'png', width: EXPORT_WIDTH, height: height, scale: EXPORT_SCALE }))
    .then((url) => new Promise((resolve, reject) => {
      const image = new Image();
      image.onload = () => resolve(image);
      image.onerror = () => reject(new Error('the chart image could not be made'));
      image.src = url;
    }))
    .then((image) => {
      const canvas = document.createElement('canvas');
      const context = canvas.getContext('2d');
      const width = EXPORT_WIDTH - 2 * EXPORT_PAD;
      const header = textBlock(context, [
        [info.title, 'bold 24px ' + font, '#111', 32],
        [info.subtitle, '16px ' + font, '#444', 22],
      ], width);
      const footer = textBlock(context, info.footer.map((text) => [text, '13px ' + font, '#555', 18]), width);
      const total = EXPORT_PAD + header.height + 8 + height + 8 + footer.height + EXPORT_PAD;
      canvas.width = EXPORT_WIDTH * EXPORT_SCALE;
      canvas.height = total * EXPORT_SCALE;
      context.scale(EXPORT_SCALE, EXPORT_SCALE);
      context.fillStyle = '#fff';
      context.fillRect(0, 0, EXPORT_WIDTH, total);
      drawBlock(context, header, EXPORT_PAD);
      context.drawImage(image, 0, EXPORT_PAD + header.height + 8, EXPORT_WIDTH, height);
      drawBlock(context, footer, EXPORT_PAD + header.height + 8 + height + 8);
      return new Promise((resolve) => canvas.toBlob(resolve, 'image/png'));
    })
    .then((blob) => {
      const link = document.createElement('a');
      link.href = URL.createObjectURL(blob);
      link.download = info.filename + '.png';
      document.body.appendChild(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(link.href), 10000);
    })
    .catch((error) => console.warn('PNG download failed: ' + error.message));
}
