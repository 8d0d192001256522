// When the tab's websocket comes back after a replica went away (nginx sends it to another
// replica, where it gets a new Streamlit session), ask for a run at once. Streamlit's frontend
// does not: the new session would first run at the reader's next change, and a change made while
// the tab was reconnecting would never be sent at all. The run carries the widgets' values, the
// reader's latest change among them, and the page applies them (components/ui.py,
// _widgets_sent_on_reconnect). Hooked once per window: every later /_stcore/stream socket is a
// reconnect, since the first one was opened before any component ran.
export default function ({ setTriggerValue }) {
  window.hmtRunAfterReconnect = setTriggerValue; // the latest page's
  if (window.hmtReconnectHooked) return;
  window.hmtReconnectHooked = true;
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
