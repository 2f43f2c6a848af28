// The room screen on a projector: the live room, and how many people are here and online.
import { startLiveRoom } from "./live.js";

const root = document.querySelector("[data-live-room]");
if (root) {
  startLiveRoom(root, {
    onSnapshot(snapshot) {
      for (const el of root.querySelectorAll("[data-in-room]")) {
        el.textContent = String(snapshot.people - (snapshot.online || 0));
      }
      for (const el of root.querySelectorAll("[data-online]")) {
        el.textContent = String(snapshot.online || 0);
      }
    },
  });
}
