// The link to this view with a copy button. Streamlit's st.code has a copy button too, but it
// pulls in a 1.5 MB syntax highlighter; this needs nothing.
export default function ({ parentElement, data }) {
  const link = parentElement.querySelector('a');
  const button = parentElement.querySelector('button');
  const status = parentElement.querySelector('.status');
  link.href = data.url;
  link.textContent = data.url; // text, never markup
  button.onclick = async () => {
    try {
      await navigator.clipboard.writeText(data.url);
      status.textContent = 'Copied.';
    } catch (error) {
      // No clipboard access (an insecure origin, or the browser said no): select the link text.
      const range = document.createRange();
      range.selectNodeContents(link);
      const selection = parentElement.getRootNode().getSelection ? parentElement.getRootNode().getSelection() : window.getSelection();
      selection.removeAllRanges();
      selection.addRange(range);
      status.textContent = 'Press Ctrl+C (or Cmd+C) to copy the selected link.';
    }
  };
}
