// The facilitator's console. Its buttons are plain forms; htmx sends them (hx-boost on the
// live part) and swaps the answer in place, so the console never reloads. Everything that
// changes, also from other people's phones, arrives over the socket and is drawn in place.
import { startLiveRoom } from "./live.js";
import { focusPlace, openDetails, reopen, restoreFocus } from "./swap.js";

const root = document.querySelector("[data-console]");
if (root) {
  const live = root.hasAttribute("data-live-room")
    ? startLiveRoom(root, { redrawOnChange: true, staysOnEnd: true })
    : null;
  let place = null;
  let open = [];
  root.addEventListener("htmx:beforeSwap", (event) => {
    place = focusPlace(event.detail.target);
    open = openDetails(event.detail.target).filter((id) => id !== "end-details"); // ended or not: closed
  });
  root.addEventListener("htmx:afterSwap", () => {
    const part = root.querySelector("[data-live]");
    reopen(part, open);
    if (live && part) {
      live.drawn(part); // the timer and its sound button, as after any other redraw
    }
    restoreFocus(part, place);
    place = null;
    // What the button did ("Undone. The workshop is open again."), said to screen readers.
    const said = root.querySelector("#console-messages [data-console-message]");
    if (said && live) {
      live.announce(said.textContent.trim());
    }
  });
}
