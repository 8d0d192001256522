// Draws a plotly figure sent from Python with plotly.js "basic" (scatter, bar, pie: 1.2 MB),
// served from the app's own static folder, instead of Streamlit's built-in plotly element,
// which loads the full 4.7 MB plotly.js before it draws anything. See components/light_chart.py.

function appBase() {
  // Streamlit's own bundle is loaded from "<base>/static/js/...": the app's base URL, which
  // also holds "<base>/app/static/" when the app runs under a path prefix.
  const script = document.querySelector('script[src*="/static/js/"]');
  return script ? script.src.split('/static/js/')[0] + '/' : new URL('./', window.location.href).href;
}

function loadPlotly(file) {
  if (!window.__hmtPlotly) {
    window.__hmtPlotly = new Promise((resolve, reject) => {
      const tag = document.createElement('script');
      tag.src = appBase() + 'app/static/vendor/' + file;
      tag.onload = () => (window.Plotly ? resolve(window.Plotly) : reject(new Error('plotly.js did not load')));
      tag.onerror = () => reject(new Error('could not load ' + tag.src));
      document.head.appendChild(tag);
    });
  }
  return window.__hmtPlotly;
}

export default function ({ parentElement, data }) {
  let chart = parentElement.querySelector('.hmt-chart');
  if (!chart) {
    chart = document.createElement('div');
    chart.className = 'hmt-chart';
    chart.setAttribute('role', 'img');
    parentElement.appendChild(chart);
  }
  chart.setAttribute('aria-label', data.alt);
  if (!chart.hmtResizeObserver) {
    // Plotly only follows window resizes. A chart drawn while its tab was hidden, or whose
    // column changed width (sidebar opened or closed), is fitted again here.
    chart.hmtResizeObserver = new ResizeObserver(() => {
      if (chart.offsetWidth > 0 && chart._fullLayout && window.Plotly) window.Plotly.Plots.resize(chart);
    });
    chart.hmtResizeObserver.observe(chart);
  }
  const figure = JSON.parse(data.figure);
  loadPlotly(data.plotly_file)
    .then((Plotly) => Plotly.react(chart, figure.data, figure.layout, data.config))
    .catch((error) => {
      // A readable line in place of the chart, never a blank box.
      chart.textContent = 'This chart could not be drawn (' + error.message + '). The table below has the same data.';
    });
  return () => {
    chart.hmtResizeObserver.disconnect();
    if (window.Plotly) window.Plotly.purge(chart);
  };
}
