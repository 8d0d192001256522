// The links to this view, each with a copy button; then texts to copy (the embed snippet, the
// citation, its BibTeX). Streamlit's st.code has a copy button too, but it pulls in a 1.5 MB
// syntax highlighter; this needs nothing. Everything is set as text or as an attribute, never
// as markup: the embed snippet is HTML shown as text, not rendered.
export default function ({ parentElement, data }) {
  const words = Object.assign(
    { copy_link: 'Copy link', copy_text: 'Copy', copied: 'Copied.', select: 'Press Ctrl+C (or Cmd+C) to copy the selected text.' },
    data.words || {},
  );
  const box = parentElement.querySelector('.share');
  box.replaceChildren();

  function copier(button, status, text, target) {
    button.onclick = async () => {
      try {
        await navigator.clipboard.writeText(text);
        status.textContent = words.copied;
      } catch (error) {
        // No clipboard access (an insecure origin, or the browser said no): select the text.
        const range = document.createRange();
        range.selectNodeContents(target);
        const root = parentElement.getRootNode();
        const selection = root.getSelection ? root.getSelection() : window.getSelection();
        selection.removeAllRanges();
        selection.addRange(range);
        status.textContent = words.select;
      }
    };
  }

  function header(row, labelText, buttonText) {
    const label = document.createElement('span');
    label.className = 'label';
    label.textContent = labelText;
    const button = document.createElement('button');
    button.type = 'button';
    button.textContent = buttonText;
    const status = document.createElement('span');
    status.className = 'status';
    status.setAttribute('role', 'status');
    row.append(label, button, status);
    return [button, status];
  }

  function addLink(item, kind = 'row') {
    const row = document.createElement('div');
    row.className = kind;
    const [button, status] = header(row, item.label, words.copy_link);
    const note = document.createElement('div');
    note.className = 'note';
    note.textContent = item.note;
    const link = document.createElement('a');
    link.href = item.url;
    link.textContent = item.url;
    row.append(note, link);
    box.appendChild(row);
    copier(button, status, item.url, link);
  }

  function addSnippet(item, kind = 'row snippet') {
    const row = document.createElement('div');
    row.className = kind;
    const [button, status] = header(row, item.label, words.copy_text);
    if (item.note) {
      const note = document.createElement('div');
      note.className = 'note';
      note.textContent = item.note;
      row.appendChild(note);
    }
    const text = document.createElement('pre');
    text.textContent = item.text;
    row.appendChild(text);
    box.appendChild(row);
    copier(button, status, item.text, text);
  }

  (data.links || []).forEach((item) => addLink(item));
  (data.snippets || []).forEach((item) => addSnippet(item));
  // "Get this data": the view's API addresses and a line of pandas and of curl.
  if (data.data && data.data.heading) {
    const heading = document.createElement('div');  // not a heading element: it would skip levels (axe heading-order)
    heading.className = 'data-heading';
    heading.textContent = data.data.heading;
    box.appendChild(heading);
    (data.data.links || []).forEach((item) => addLink(item, 'row data-link'));
    (data.data.snippets || []).forEach((item) => addSnippet(item, 'row data-snippet'));
  }
}
