// The participant's phone (and the thank-you page while the end can still be undone).
import { startLiveRoom } from "./live.js";
import { stepper } from "./steps.js";

const root = document.querySelector("[data-live-room]");
if (root) {
  // "?saved=" marks the step a plain form just saved: the page shows "Saved." beside it once,
  // not again each time the live part is fetched.
  const url = new URL(window.location.href);
  if (url.searchParams.has("saved")) {
    url.searchParams.delete("saved");
    window.history.replaceState(window.history.state, "", url);
  }
  const steps = stepper();
  startLiveRoom(root, { prepare: steps.prepare, afterSwap: steps.afterSwap });
}
