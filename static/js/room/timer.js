// The timer: an end time from the server, corrected by the server's clock in each snapshot.
// Says "One minute left" and "Time is up" to screen readers, and chimes if sound is on.
import { chime } from "./sound.js";

const pad = (n) => String(n).padStart(2, "0");

export function roomTimer(root, announce) {
  let offset = 0; // server clock minus this device's clock, in ms
  let shownUp = false;
  let minuteWarned = false;
  let heard = null; // "activity id|state" last shown, so a pause or a restart is said once

  function secondsLeft(timer) {
    const state = timer.getAttribute("data-state");
    if (state === "running" && timer.getAttribute("data-ends")) {
      const ends = parseInt(timer.getAttribute("data-ends"), 10);
      return Math.max(0, Math.ceil((ends - (Date.now() + offset)) / 1000));
    }
    if (state === "paused" && timer.getAttribute("data-left")) {
      return parseInt(timer.getAttribute("data-left"), 10);
    }
    return null;
  }

  function tick() {
    const timer = root.querySelector("[data-timer]");
    if (!timer) {
      return;
    }
    const state = timer.getAttribute("data-state");
    const value = timer.querySelector("[data-timer-value]");
    const up = timer.querySelector("[data-timer-up]");
    const seconds = secondsLeft(timer);
    if (seconds === null) {
      value.textContent = "–";
      return;
    }
    const text = `${Math.floor(seconds / 60)}:${pad(seconds % 60)}`;
    value.textContent = state === "paused" ? `${text} (${root.getAttribute("data-paused-word")})` : text;
    if (state !== "running") {
      return;
    }
    if (seconds <= 60 && seconds > 0 && !minuteWarned) {
      minuteWarned = true;
      announce(root.getAttribute("data-one-minute"));
    }
    if (seconds === 0 && !shownUp) {
      shownUp = true;
      if (up) {
        up.hidden = false;
      }
      timer.classList.add("ws-timer-ended");
      announce(root.getAttribute("data-time-up"));
      chime();
    }
    if (seconds > 0 && shownUp) {
      shownUp = false;
      timer.classList.remove("ws-timer-ended");
      if (up) {
        up.hidden = true;
      }
    }
  }

  // A snapshot's activity: its state and end time; says "paused" or "running" when it changes.
  function show(activity) {
    // Kept here, not on the timer: the live part is swapped in anew when the activity
    // starts (the page before may have had no timer), and the first pause must be said.
    const now = `${activity.id}|${activity.state}`;
    const sameActivity = heard !== null && heard.split("|")[0] === String(activity.id);
    if (sameActivity && heard !== now && (activity.state === "paused" || activity.state === "running")) {
      announce(root.getAttribute(activity.state === "paused" ? "data-paused" : "data-running"));
    }
    heard = now;
    const timer = root.querySelector("[data-timer]");
    if (!timer) {
      return;
    }
    timer.setAttribute("data-state", activity.state);
    timer.setAttribute("data-ends", activity.ends === null ? "" : activity.ends);
    timer.setAttribute("data-left", activity.left === null ? "" : activity.left);
    tick();
  }

  window.setInterval(tick, 1000);
  tick();
  return {
    tick,
    show,
    setClock(serverNow) {
      offset = serverNow - Date.now();
    },
    // A new live part was swapped in: its timer is new, so warn again.
    reset() {
      shownUp = false;
      minuteWarned = false;
      tick();
    },
  };
}
