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
  loadPlotly(data.plotly_url)
    .then((Plotly) => Plotly.react(chart, figure.data, figure.layout, data.config))
    .catch((error) => {
      // A readable line in place of the chart, never a blank box.
      chart.textContent = 'This chart could not be drawn: the charting library did not load (' + error.message + '). The Table tab above has the same data.';
    });
  return () => {
    chart.hmtResizeObserver.disconnect();
    if (window.Plotly) window.Plotly.purge(chart);
  };
}
