// A live workshop page: the participant's phone, the facilitator console or the room screen.
// The pages work without JavaScript (plain forms, reload to update). With it, the server
// pushes snapshots over a WebSocket; this keeps the page in step and holds no state of its own
// that the server does not also have. After a reconnect the server sends the current state.
//
// Small changes (counts, timer, word lists) are drawn in place from the snapshot. Bigger ones
// (a new activity, new ideas, results shown) fetch the page's live part again, which the
// server draws with this person's own choices, and htmx swaps it in (swap.js keeps focus).
import { announcer } from "./announce.js";
import { answerSent, bindRoomForms } from "./forms.js";
import { drawResults, fromCounts } from "./results.js";
import { roomSocket } from "./socket.js";
import { bindReadAloud, bindSoundButton } from "./sound.js";
import { newsOf, swapLive } from "./swap.js";
import { roomTimer } from "./timer.js";

const LIVE = "[data-live]";

// What makes the live part be fetched again. Tallies are drawn in place; only showing or
// hiding them is structural. Ideas by id and words: one hidden, withdrawn or reworded counts.
function structuralKey(snapshot) {
  const a = snapshot.a;
  if (!a) {
    return `${snapshot.state}|none`;
  }
  const ideas = (a.ideas || []).map((idea) => `${idea.id}:${idea.text}`).join("\n");
  return [snapshot.state, a.id, a.state, a.phase || "", ideas, a.results ? "shown" : "h"].join("|");
}

// What is worth saying "Now: …" for: another activity or phase. A pause is said by the timer.
function headlineKey(snapshot) {
  const a = snapshot.a;
  return a ? `${a.id}|${a.phase || ""}` : "none";
}

function setText(root, selector, value) {
  for (const el of root.querySelectorAll(selector)) {
    el.textContent = String(value);
  }
}

// Lists that the snapshot carries in full (warm-up words, best ideas): drawn as text only.
function fillList(root, selector, items) {
  if (!items) {
    return;
  }
  for (const list of root.querySelectorAll(selector)) {
    list.replaceChildren(
      ...(items.length ? items : [list.getAttribute("data-empty") || ""]).map((text) => {
        const li = document.createElement("li");
        li.textContent = text;
        return li;
      }),
    );
  }
}

// options:
//   prepare(live)     lays a live part out before focus goes back into it (and at the start);
//   afterSwap(live)   more to do each time a live part is drawn (and once at the start);
//   onSnapshot(snap)  more to draw from each whole snapshot (the screen's room counts);
//   redrawOnChange    the page's live part is fetched on every change (the console);
//   staysOnEnd        the page draws the end in place instead of loading a new page.
export function startLiveRoom(root, options = {}) {
  const role = root.getAttribute("data-role");
  const announce = announcer(root.querySelector("[data-announce]"));
  const timer = roomTimer(root, announce);
  let ended = root.hasAttribute("data-ended");
  let stopped = false;
  let version = parseInt(root.getAttribute("data-version") || "0", 10);
  let firstSnapshot = true;
  let lastKey = null;
  let lastHeadline = null;
  let lastScreenKey = null;
  let whole = null; // the last whole snapshot shown: a counts message applies to it
  let refreshing = null;
  let fetching = false; // the request is out: what it brings may be older than a new change
  let refreshAgain = false;
  let refreshWhenDone = false;

  // A form sent from this page as a plain form (ending, leaving) brings its own new page: a
  // reload on the news of the same change would cut that page off halfway.
  let sending = false;
  document.addEventListener("submit", (event) => {
    window.setTimeout(() => {
      sending = sending || !event.defaultPrevented; // sent by the socket or htmx: no new page
    }, 0);
  });

  const socket = roomSocket(root.getAttribute("data-ws-url"), {
    onOpen() {
      setConnection(root.getAttribute("data-connected-word"));
      root.classList.add("ws-live");
    },
    onMessage,
    onClose(event) {
      root.classList.remove("ws-live");
      if (ended || stopped) {
        setConnection(""); // nothing more will happen here: no reconnecting
        return false;
      }
      if (event.code === 4403) {
        window.location.reload(); // the page says why: ended, left, or not allowed
        return false;
      }
      setConnection(root.getAttribute("data-reconnecting-word"));
      return true;
    },
  });

  function setConnection(text) {
    const el = root.querySelector("[data-connection]");
    if (el) {
      el.textContent = text;
    }
  }

  function showError(message) {
    const box = root.querySelector("[data-error]");
    if (box) {
      box.textContent = message || "";
    }
  }

  // Someone typing (or choosing) must never lose it to a refresh: wait until they leave the box.
  function typing() {
    const el = document.activeElement;
    const live = root.querySelector(LIVE);
    if (!el || !live || !live.contains(el)) {
      return false;
    }
    if (el.tagName === "SELECT") {
      return Array.from(el.options).some((option) => option.selected !== option.defaultSelected);
    }
    return (el.tagName === "TEXTAREA" || (el.tagName === "INPUT" && el.type === "text")) && el.value !== el.defaultValue;
  }
  document.addEventListener("focusout", () => {
    if (refreshWhenDone) {
      window.setTimeout(() => {
        if (refreshWhenDone && !typing()) {
          refreshWhenDone = false;
          refresh();
        }
      }, 0);
    }
  });

  function drawn(live) {
    bindRoomForms(root, socket.send);
    bindReadAloud(root.querySelector("[data-read-aloud]"), root);
    bindSoundButton(root.querySelector("[data-sound]"));
    timer.reset();
    if (options.afterSwap) {
      options.afterSwap(live);
    }
  }

  // A console button sent by htmx and not yet answered: its answer draws the part, so a redraw
  // waits until it has (else the button's form is swapped away under it).
  const buttonPending = () => Boolean(root.querySelector(".htmx-request"));

  // Phones wait a random moment so a room of hundreds does not ask in the same instant.
  function refresh() {
    if (typing()) {
      refreshWhenDone = true;
      return;
    }
    if (refreshing) {
      refreshAgain = refreshAgain || fetching; // else the fetch still to come brings it
      return;
    }
    const wait = role === "participant" ? Math.random() * 800 : role === "facilitator" ? 1000 : 300;
    refreshing = window.setTimeout(async () => {
      if (buttonPending() || typing()) {
        refreshing = null;
        refresh(); // waits again, or until they leave the box
        return;
      }
      fetching = true;
      try {
        const response = await window.fetch(window.location.href, {
          headers: { "X-Fragment": "live" },
          credentials: "same-origin",
        });
        if (response.redirected || !response.ok) {
          window.location.reload();
          return;
        }
        const html = await response.text();
        if (buttonPending() || typing()) {
          window.setTimeout(refresh, 0); // after `finally`: once answered, or they leave the box
          return;
        }
        const before = newsOf(root.querySelector(LIVE));
        const live = swapLive(LIVE, html, options.prepare);
        if (!live) {
          window.location.reload(); // not a live page any more (the workshop ended)
          return;
        }
        drawn(live);
        const news = newsOf(live);
        if (news && news !== before) {
          announce(news); // "Your group: Pair 3. Sam, You"
        }
      } catch {
        // The next snapshot tries again.
      } finally {
        refreshing = null;
        fetching = false;
        if (refreshAgain) {
          refreshAgain = false;
          refresh(); // a change came while we fetched: what we drew may not show it
        }
      }
    }, wait);
  }

  function onEndChange(snapshot) {
    if (options.staysOnEnd) {
      ended = snapshot.state === "ended";
      root.toggleAttribute("data-ended", ended);
      version = snapshot.v;
      refresh();
      return;
    }
    stopped = true; // it ended, or the end was undone: the page itself changes
    if (!sending) {
      window.location.reload();
    }
  }

  function onRoom(snapshot) {
    if ((snapshot.state === "ended") !== ended) {
      onEndChange(snapshot);
      return;
    }
    if (ended || snapshot.v < version) {
      return; // an older snapshot than the one we show
    }
    const changed = snapshot.v !== version;
    version = snapshot.v;
    whole = snapshot;
    timer.setClock(snapshot.now);
    const key = structuralKey(snapshot);
    const headline = headlineKey(snapshot);
    const a = snapshot.a;
    setText(root, "[data-people]", snapshot.people);
    if (options.onSnapshot) {
      options.onSnapshot(snapshot);
    }
    if (a) {
      fillList(root, "[data-answers]", a.answers);
      if (a.best) {
        fillList(
          root,
          "[data-best]",
          a.best.map((idea) => idea.text),
        );
      }
      const group = root.querySelector("[data-my-group]");
      if (group && a.groups) {
        const revision = a.groups[group.getAttribute("data-my-group")];
        if (revision !== undefined && String(revision) !== group.getAttribute("data-group-rev")) {
          group.setAttribute("data-group-rev", String(revision));
          refresh(); // my group's words changed: fetch them (they are never broadcast)
        }
      }
      setText(root, "[data-voters]", a.voters === undefined ? "" : a.voters);
      setText(root, "[data-passes]", a.passes);
      if (a.results) {
        drawResults(root, a.results);
      }
      timer.show(a);
    }
    if (lastKey !== null && key !== lastKey) {
      if (a && a.state === "done" && a.results) {
        announce(root.getAttribute("data-results-word"));
      } else if (a && headline !== lastHeadline) {
        announce(`${root.getAttribute("data-now-word")} ${a.title}`);
      }
      refresh();
    } else if (firstSnapshot && changed) {
      refresh(); // something changed between loading the page and connecting
    } else if (options.redrawOnChange && changed) {
      refresh(); // the console's private counts and balance
    } else if (role === "screen" && lastScreenKey !== null && screenKey(snapshot) !== lastScreenKey) {
      refresh(); // the screen draws words, groups and boards itself: never on a dot
    }
    lastScreenKey = screenKey(snapshot);
    firstSnapshot = false;
    lastKey = key;
    lastHeadline = headline;
  }

  // What the room screen draws on the server besides the structure: warm-up words, best
  // ideas, the groups, and each storyboard's revision (its steps). Not a 1-2-4-All group's
  // revision: its notes never show on the screen, so writing them fetches nothing.
  function screenKey(snapshot) {
    const a = snapshot.a || {};
    let groups = null;
    if (a.groups) {
      groups = a.kind === "storyboard" ? a.groups : Object.keys(a.groups).sort();
    }
    return JSON.stringify([a.answers || null, a.best || null, groups]);
  }

  // The 20-a-second message while only dots change: counts for the whole snapshot we hold.
  function onCounts(counts) {
    if (counts.v < version || !whole || counts.f !== whole.f || !whole.a) {
      return; // older, or for a screen we do not show: a whole snapshot follows within a second
    }
    version = counts.v;
    timer.setClock(counts.now);
    setText(root, "[data-voters]", counts.voters);
    setText(root, "[data-passes]", counts.passes);
    if (counts.results) {
      drawResults(root, fromCounts(counts.results));
    }
    if (options.redrawOnChange) {
      refresh(); // the console's private counts and balance
    }
  }

  function onMe(me) {
    if (me.dots_left !== undefined) {
      setText(root, "[data-dots-left]", me.dots_left);
      // "N of your dots came back to you" goes once they are placed again: the page says
      // how many are still to place.
      const back = root.querySelector("[data-given-back]");
      if (back && me.dots_left < Number(back.getAttribute("data-given-back"))) {
        refresh();
      }
    }
    for (const item of root.querySelectorAll("[data-idea]")) {
      const idea = item.getAttribute("data-idea");
      const mine = item.querySelector("[data-mine]");
      if (me.dots && mine) {
        mine.textContent = String(me.dots[idea] || 0);
      }
      if (me.ratings) {
        for (const input of item.querySelectorAll("input[data-rate]")) {
          input.checked = input.value === me.ratings[idea];
        }
      }
    }
    if (me.left) {
      window.location.reload();
    }
  }

  function onMessage(message, sent) {
    if (message.t === "room") {
      onRoom(message);
    } else if (message.t === "counts") {
      onCounts(message);
    } else if (message.t === "me") {
      onMe(message);
    } else if (message.t === "ack") {
      showError("");
      answerSent(message.ref, true, root.getAttribute("data-saved-word"));
      onMe(message.me);
      const dots = sent === "dot" || sent === "undot";
      if (!dots && sent !== "rate") {
        refresh();
      }
      const saved = root.getAttribute("data-saved-word");
      announce(dots ? `${saved} ${root.getAttribute("data-dots-left-word")} ${message.me.dots_left}.` : saved);
    } else if (message.t === "error") {
      showError(message.msg);
      answerSent(message.ref, false, message.msg);
      if (message.code === "stale" || (sent && sent.startsWith("step_"))) {
        refresh(); // show the newest words
      }
    }
  }

  const live = root.querySelector(LIVE);
  if (live) {
    if (options.prepare) {
      options.prepare(live);
    }
    drawn(live);
  }
  if ("WebSocket" in window) {
    socket.connect();
  }
  return { refresh, announce, drawn };
}
