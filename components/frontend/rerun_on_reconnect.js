// When the tab's websocket comes back after a replica went away (nginx sends it to another
// replica, where it gets a new Streamlit session), ask for a run at once. Streamlit's frontend
// does not: the new session would first run at the reader's next change, and a change made while
// the tab was reconnecting would never be sent at all. The run carries the widgets' values, the
// reader's latest change among them, and the page applies them (components/ui.py,
// _widgets_sent_on_reconnect). Hooked once per window: every later /_stcore/stream socket is a
// reconnect, since the first one was opened before any component ran.
//
// A page switch clicked while the tab is reconnecting would be lost too: Streamlit's frontend
// disables its page links while its status says "Connecting" (inert: the click reaches only
// what is around them). Such a click, on where a page link is, becomes a plain navigation to
// that page with the view's query, which the proxy serves from a live replica.
function switchPagesWhileReconnecting(event) {
  if (!document.querySelector('[data-testid="stConnectionStatus"]')) return;
  const link = [...document.querySelectorAll('a[data-testid="stSidebarNavLink"]')].find((a) => {
    const box = a.getBoundingClientRect();
    return event.clientX >= box.left && event.clientX <= box.right && event.clientY >= box.top && event.clientY <= box.bottom;
  });
  if (!link) return;
  event.preventDefault();
  event.stopPropagation();
  const target = new URL(link.href, window.location.href);
  target.search = window.location.search;
  window.location.assign(target.href);
}

export default function ({ setTriggerValue }) {
  window.hmtRunAfterReconnect = setTriggerValue; // the latest page's
  if (window.hmtReconnectHooked) return;
  window.hmtReconnectHooked = true;
  document.addEventListener('click', switchPagesWhileReconnecting, true);
  const NativeWebSocket = window.WebSocket;
  window.WebSocket = class extends NativeWebSocket {
    constructor(...args) {
      super(...args);
      if (String(args[0]).includes('/_stcore/stream')) {
        this.addEventListener('open', () => {
          // Once Streamlit has seen the socket open and marked itself connected.
          setTimeout(() => window.hmtRunAfterReconnect('reconnected', Date.now()), 250);
        });
      }
    }
  };
}
