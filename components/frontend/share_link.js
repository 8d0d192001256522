// The links to this view, each with a copy button. Streamlit's st.code has a copy button too,
// but it pulls in a 1.5 MB syntax highlighter; this needs nothing. Everything is set as text
// or as an attribute, never as markup.
export default function ({ parentElement, data }) {
  const box = parentElement.querySelector('.share');
  box.replaceChildren();
  // The button's words, in the page's language (sent by components/ui.py); English if absent.
  const words = { copy: 'Copy link', copied: 'Copied.', failed: 'Press Ctrl+C (or Cmd+C) to copy the selected link.', ...(data.words || {}) };
  for (const item of data.links) {
    const row = document.createElement('div');
    row.className = 'row';
    const label = document.createElement('span');
    label.className = 'label';
    label.textContent = item.label;
    const button = document.createElement('button');
    button.type = 'button';
    button.textContent = words.copy;
    const status = document.createElement('span');
    status.className = 'status';
    status.setAttribute('role', 'status');
    const note = document.createElement('div');
    note.className = 'note';
    note.textContent = item.note;
    const link = document.createElement('a');
    link.href = item.url;
    link.textContent = item.url;
    row.append(label, button, status, note, link);
    box.appendChild(row);
    button.onclick = async () => {
      try {
        await navigator.clipboard.writeText(item.url);
        status.textContent = words.copied;
      } catch (error) {
        // No clipboard access (an insecure origin, or the browser said no): select the link text.
        const range = document.createRange();
        range.selectNodeContents(link);
        const root = parentElement.getRootNode();
        const selection = root.getSelection ? root.getSelection() : window.getSelection();
        selection.removeAllRanges();
        selection.addRange(range);
        status.textContent = words.failed;
      }
    };
  }
}
