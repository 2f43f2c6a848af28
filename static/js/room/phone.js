// The participant's phone (and the thank-you page while the end can still be undone).
import { startLiveRoom } from "./live.js";
import { stepper } from "./steps.js";

const root = document.querySelector("[data-live-room]");
if (root) {
  startLiveRoom(root, { afterSwap: stepper() });
}
