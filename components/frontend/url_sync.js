// Makes the address bar canonical while a page loads, replacing the current history entry
// instead of adding one (see components/view_sync.py, _replace_url). Only the view's own parameters
// (data.keys) are rewritten; any other parameter (Streamlit's embed options, utm_...) is kept.
export default function ({ data }) {
  const others = window.location.search
    .replace(/^\?/, '')
    .split('&')
    .filter((part) => part && !data.keys.includes(decodeURIComponent(part.split('=')[0].replace(/\+/g, ' '))));
  const query = [data.query, ...others].filter(Boolean).join('&');
  const target = window.location.pathname + (query ? '?' + query : '') + window.location.hash;
  if (target !== window.location.pathname + window.location.search + window.location.hash) {
    window.history.replaceState(window.history.state, '', target);
  }
}
