// Printing: the print stylesheet (components/page.py, PRINT_CSS) hides the sidebar and widgets,
// but a plotly chart keeps the width it was drawn at on screen, wider than an A4 page. Before
// the browser lays the page out for printing, charts wider than the printed text are redrawn
// at that width; after printing, they go back to following their container. Hooked once per
// window, whatever number of pages and reruns.
const PRINT_WIDTH = 680; // CSS px: A4's 186 mm of text (about 703 px) with a margin to spare

export default function () {
  if (window.hmtPrintHooked) return;
  window.hmtPrintHooked = true;
  const charts = () => [...document.querySelectorAll('.hmt-chart')].filter((chart) => chart._fullLayout && window.Plotly);
  window.addEventListener('beforeprint', () => {
    for (const chart of charts()) {
      if (chart.getBoundingClientRect().width > PRINT_WIDTH) {
        chart.hmtPrinted = true;
        window.Plotly.relayout(chart, { width: PRINT_WIDTH });
      }
    }
  });
  window.addEventListener('afterprint', () => {
    for (const chart of charts()) {
      if (chart.hmtPrinted) {
        chart.hmtPrinted = false;
        window.Plotly.relayout(chart, { width: null, autosize: true });
      }
    }
  });
}
