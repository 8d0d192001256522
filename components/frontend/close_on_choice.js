// Streamlit's multiselect keeps its list open after a choice (its select box is built with
// closeOnSelect off, and st.multiselect has no parameter for it), so the Countries list stayed
// open over the Filters until Escape. After a choice in it, by click, tap or Enter, this closes
// the list as leaving the box does, and puts the focus back in the box (ArrowDown opens the
// list again). Not Escape: the Filters popover would take it and close too, and Escape on a
// closed list clears the choice. Hooked once per window.
const BOX = '.st-key-w_countries';

function closeList() {
  const input = document.querySelector(BOX + ' input');
  if (!input || input.getAttribute('aria-expanded') !== 'true') return;
  input.blur();
  input.focus();
}

export default function () {
  if (window.hmtCloseOnChoiceHooked) return;
  window.hmtCloseOnChoiceHooked = true;
  // Capturing, before the list handles the event; the list is closed once it has taken the choice.
  document.addEventListener(
    'click',
    (event) => {
      const active = document.activeElement;
      const inBox = active && active.closest && active.closest(BOX);
      if (inBox && event.target.closest && event.target.closest('[role="option"]')) setTimeout(closeList, 0);
    },
    true,
  );
  document.addEventListener(
    'keydown',
    (event) => {
      const inBox = event.target.closest && event.target.closest(BOX);
      if (event.isTrusted && event.key === 'Enter' && inBox) setTimeout(closeList, 0);
    },
    true,
  );
}
