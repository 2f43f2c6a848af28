// Live workshop pages: the participant's phone, the facilitator console and the room screen.
// The pages work without this file (plain forms, reload to update). With it, the server pushes
// snapshots over a WebSocket; this file keeps the page in step and never holds state of its own
// that the server does not also have. After a reconnect the server sends the current state.
(function () {
  "use strict";

  var root = document.querySelector("[data-live-room]");
  if (!root) {
    return;
  }
  var role = root.getAttribute("data-role");
  // An ended workshop's page listens only for an undo; a live page reloads when it ends.
  var ended = root.hasAttribute("data-ended");
  var stopped = false;
  // A form sent from this page (ending, undoing) brings its own new page: a reload on the
  // news of the same change would cut that page off halfway.
  var sending = false;
  document.addEventListener("submit", function (event) {
    setTimeout(function () {
      sending = sending || !event.defaultPrevented; // sent by the socket instead: no new page
    }, 0);
  });
  var version = parseInt(root.getAttribute("data-version") || "0", 10);
  var firstSnapshot = true;
  var lastKey = null;
  var whole = null; // the last whole snapshot shown: a counts message applies to it
  var offset = 0; // server clock minus this device's clock, in ms
  var socket = null;
  var retry = 0;
  var ref = 0;
  var timerShownUp = false;
  var minuteWarned = false;
  var announceTimer = null;
  var lastAnnounced = 0;
  var soundOn = false;
  try {
    soundOn = window.localStorage.getItem("workshop-sound") === "on";
  } catch (e) {
    soundOn = false;
  }

  function $(selector, scope) {
    return (scope || root).querySelector(selector);
  }
  function $$(selector, scope) {
    return Array.prototype.slice.call((scope || root).querySelectorAll(selector));
  }
  function setText(selector, value) {
    $$(selector).forEach(function (el) {
      el.textContent = String(value);
    });
  }

  // One polite live region, at most one message every 3 seconds: the newest wins.
  function announce(message) {
    var region = $("[data-announce]");
    if (!region || !message) {
      return;
    }
    var wait = Math.max(0, lastAnnounced + 3000 - Date.now());
    window.clearTimeout(announceTimer);
    announceTimer = window.setTimeout(function () {
      region.textContent = "";
      window.setTimeout(function () {
        region.textContent = message;
      }, 50);
      lastAnnounced = Date.now();
    }, wait);
  }

  function showError(message) {
    var box = $("[data-error]");
    if (box) {
      box.textContent = message || "";
    }
  }

  function setConnection(text) {
    var el = $("[data-connection]");
    if (el) {
      el.textContent = text;
    }
  }

  // The timer: an end time from the server, corrected by the server's clock in each snapshot.
  function pad(n) {
    return n < 10 ? "0" + n : String(n);
  }
  function tick() {
    var timer = $("[data-timer]");
    if (!timer) {
      return;
    }
    var state = timer.getAttribute("data-state");
    var value = $("[data-timer-value]", timer);
    var up = $("[data-timer-up]", timer);
    var seconds = null;
    if (state === "running" && timer.getAttribute("data-ends")) {
      var ends = parseInt(timer.getAttribute("data-ends"), 10);
      seconds = Math.max(0, Math.ceil((ends - (Date.now() + offset)) / 1000));
    } else if (state === "paused" && timer.getAttribute("data-left")) {
      seconds = parseInt(timer.getAttribute("data-left"), 10);
    }
    if (seconds === null) {
      value.textContent = "–";
      return;
    }
    var text = Math.floor(seconds / 60) + ":" + pad(seconds % 60);
    value.textContent = state === "paused" ? text + " (" + root.getAttribute("data-paused-word") + ")" : text;
    if (state !== "running") {
      return;
    }
    if (seconds <= 60 && seconds > 0 && !minuteWarned) {
      minuteWarned = true;
      announce(root.getAttribute("data-one-minute"));
    }
    if (seconds === 0 && !timerShownUp) {
      timerShownUp = true;
      if (up) {
        up.hidden = false;
      }
      timer.classList.add("ws-timer-ended");
      announce(root.getAttribute("data-time-up"));
      chime();
    }
    if (seconds > 0 && timerShownUp) {
      timerShownUp = false;
      timer.classList.remove("ws-timer-ended");
      if (up) {
        up.hidden = true;
      }
    }
  }

  // A gentle two-note chime, only if the person turned sound on.
  function chime() {
    if (!soundOn || !window.AudioContext) {
      return;
    }
    try {
      var context = new window.AudioContext();
      [523.25, 659.25].forEach(function (frequency, i) {
        var osc = context.createOscillator();
        var gain = context.createGain();
        osc.frequency.value = frequency;
        gain.gain.setValueAtTime(0.0001, context.currentTime + i * 0.35);
        gain.gain.exponentialRampToValueAtTime(0.15, context.currentTime + i * 0.35 + 0.05);
        gain.gain.exponentialRampToValueAtTime(0.0001, context.currentTime + i * 0.35 + 0.6);
        osc.connect(gain).connect(context.destination);
        osc.start(context.currentTime + i * 0.35);
        osc.stop(context.currentTime + i * 0.35 + 0.65);
      });
    } catch (e) {
      // Sound is a nicety; the visual signal and the announcement are already there.
    }
  }

  // What the room screen draws on the server besides the structure: warm-up words, best
  // ideas, the groups, and each storyboard's revision (its steps). Not a 1-2-4-All group's
  // revision: its notes never show on the screen, so writing them fetches nothing.
  var lastScreenKey = null;
  function screenKey(snapshot) {
    var a = snapshot.a || {};
    var groups = a.groups ? (a.kind === "storyboard" ? a.groups : Object.keys(a.groups).sort()) : null;
    return JSON.stringify([a.answers || null, a.best || null, groups]);
  }

  function structuralKey(snapshot) {
    var a = snapshot.a;
    if (!a) {
      return snapshot.state + "|none";
    }
    // Tallies are drawn in place (drawResults); only showing or hiding them is structural.
    return [snapshot.state, a.id, a.state, a.phase || "", (a.ideas || []).length, a.results ? "shown" : "h"].join("|");
  }

  // Structural changes (a new activity, new ideas, results shown) fetch the page's live part
  // again from the server, which also knows this person's own choices. Phones wait a random
  // moment so a room of hundreds does not ask in the same instant.
  var refreshing = null;
  var refreshWhenDone = false;
  // Someone typing must never lose their words to a refresh: wait until they leave the box.
  function typing() {
    var el = document.activeElement;
    var live = $("[data-live]");
    return !!(el && live && live.contains(el) && (el.tagName === "TEXTAREA" || (el.tagName === "INPUT" && el.type === "text")) && el.value !== el.defaultValue);
  }
  document.addEventListener("focusout", function () {
    if (refreshWhenDone) {
      window.setTimeout(function () {
        if (refreshWhenDone && !typing()) {
          refreshWhenDone = false;
          refresh();
        }
      }, 0);
    }
  });
  // Keyboard focus survives the swap: the same control (by its id, or its data-focus name
  // within the same idea or step) has it again; if that control is gone, the activity's title.
  function focusPlace(live) {
    var el = document.activeElement;
    if (!el || el === live || !live.contains(el)) {
      return null;
    }
    var scope = el.parentElement.closest("[data-idea], [id]");
    return {
      id: el.id,
      name: el.getAttribute("data-focus"),
      scope: scope && scope.hasAttribute("data-idea") ? "[data-idea='" + scope.getAttribute("data-idea") + "']" : scope ? "#" + scope.id : null
    };
  }
  function restoreFocus(place) {
    var live = $("[data-live]");
    if (!place || !live) {
      return;
    }
    var target = place.id ? document.getElementById(place.id) : null;
    if (!target && place.name) {
      var scope = place.scope ? live.querySelector(place.scope) || (live.matches(place.scope) ? live : null) : live;
      target = scope ? $("[data-focus='" + place.name + "']", scope) : null;
    }
    if (!target || !live.contains(target) || target.hidden) {
      target = $("[data-activity-title]") || live;
      target.setAttribute("tabindex", "-1");
    }
    target.focus();
  }
  function refresh() {
    if (typing()) {
      refreshWhenDone = true;
      return;
    }
    if (refreshing) {
      return;
    }
    var wait = role === "participant" ? Math.random() * 800 : role === "facilitator" ? 1000 : 300;
    refreshing = window.setTimeout(function () {
      window
        .fetch(window.location.href, { headers: { "X-Fragment": "live" }, credentials: "same-origin" })
        .then(function (response) {
          if (response.redirected || !response.ok) {
            window.location.reload();
            return null;
          }
          return response.text();
        })
        .then(function (html) {
          refreshing = null;
          if (html === null) {
            return;
          }
          var doc = new DOMParser().parseFromString(html, "text/html");
          var fresh = doc.querySelector("[data-live]");
          var current = $("[data-live]");
          if (!fresh) {
            window.location.reload(); // not a live page any more (the workshop ended)
            return;
          }
          var place = null;
          if (fresh && current) {
            place = focusPlace(current);
            current.replaceWith(document.importNode(fresh, true));
          }
          ["[data-balance]"].forEach(function (selector) {
            var newer = doc.querySelector(selector);
            var older = $(selector);
            if (newer && older) {
              older.replaceWith(document.importNode(newer, true));
            }
          });
          minuteWarned = false;
          timerShownUp = false;
          bindForms();
          tick();
          restoreFocus(place);
        })
        .catch(function () {
          refreshing = null;
        });
    }, wait);
  }

  // Results tables are redrawn in place from the snapshot, so a room of hundreds of phones
  // never fetches the page again for each vote. Rows are the ones the server drew.
  function drawResults(results) {
    $$("[data-results]").forEach(function (table) {
      var body = table.tBodies[0];
      var places = (table.getAttribute("data-places") || "").split("|");
      var joint = table.getAttribute("data-joint") || "%s";
      var most = Math.max.apply(null, [1].concat(results.map(function (r) {
        return r.total;
      })));
      results.forEach(function (result) {
        var row = $("[data-result-idea='" + result.id + "']", body);
        if (!row) {
          return;
        }
        var place = places[result.rank - 1] || String(result.rank);
        var cells = {
          place: result.tied ? joint.replace("%s", place) : place,
          total: result.total,
          lived: result.lived,
          learnt: result.learnt
        };
        if (result.agree !== undefined) {
          cells.agree = result.agree + "%";
          cells.lived_agree = result.lived ? result.lived_agree + "%" : "\u2013";
          cells.learnt_agree = result.learnt ? result.learnt_agree + "%" : "\u2013";
          cells.confused = result.counts.confused;
        }
        Object.keys(cells).forEach(function (name) {
          var cell = $("[data-cell='" + name + "']", row);
          if (cell) {
            cell.textContent = String(cells[name]);
          }
        });
        // The room screen's bars (results.lived is a count of dots, or of raters).
        var fill = $("[data-bar-fill]", row);
        var livedBar = $("[data-bar-lived]", row);
        var learntBar = $("[data-bar-learnt]", row);
        if (fill && result.agree !== undefined) {
          fill.setAttribute("width", String(result.agree));
        } else if (livedBar && learntBar) {
          var lived = Math.round((100 * result.lived) / most);
          var all = Math.round((100 * result.total) / most);
          livedBar.setAttribute("width", String(lived));
          learntBar.setAttribute("x", String(lived));
          learntBar.setAttribute("width", String(all - lived));
        }
        body.appendChild(row); // moved into place: best first
      });
    });
  }

  // The 20-a-second message while only dots change: counts for the whole snapshot we hold.
  function onCounts(counts) {
    if (counts.v < version || !whole || counts.f !== whole.f || !whole.a) {
      return; // older, or for a screen we do not show: a whole snapshot follows within a second
    }
    version = counts.v;
    offset = counts.now - Date.now();
    setText("[data-voters]", counts.voters);
    setText("[data-passes]", counts.passes);
    if (counts.results) {
      drawResults(counts.results.map(function (r) {
        return { id: r[0], rank: r[1], tied: r[2] === 1, total: r[3], lived: r[4], learnt: r[3] - r[4] };
      }));
    }
    if (role === "facilitator") {
      refresh(); // the console's private counts and balance
    }
  }

  function onRoom(snapshot) {
    if ((snapshot.state === "ended") !== ended) {
      stopped = true; // it ended, or the end was undone: the page itself changes
      if (!sending) {
        window.location.reload();
      }
      return;
    }
    if (ended || snapshot.v < version) {
      return; // an older snapshot than the one we show
    }
    var changed = snapshot.v !== version;
    version = snapshot.v;
    whole = snapshot;
    offset = snapshot.now - Date.now();
    var key = structuralKey(snapshot);
    var a = snapshot.a;
    setText("[data-people]", snapshot.people);
    if (a) {
      fillList("[data-answers]", a.answers);
      if (a.best) {
        fillList("[data-best]", a.best.map(function (idea) {
          return idea.text;
        }));
      }
      var group = $("[data-my-group]");
      if (group && a.groups) {
        var revision = a.groups[group.getAttribute("data-my-group")];
        if (revision !== undefined && String(revision) !== group.getAttribute("data-group-rev")) {
          group.setAttribute("data-group-rev", String(revision));
          refresh(); // my group's words changed: fetch them (they are never broadcast)
        }
      }
      setText("[data-voters]", a.voters === undefined ? "" : a.voters);
      setText("[data-passes]", a.passes);
      if (a.results) {
        drawResults(a.results);
      }
      var timer = $("[data-timer]");
      if (timer) {
        timer.setAttribute("data-state", a.state);
        timer.setAttribute("data-ends", a.ends === null ? "" : a.ends);
        timer.setAttribute("data-left", a.left === null ? "" : a.left);
        if (timer.getAttribute("data-shown-state") !== a.state) {
          if (timer.getAttribute("data-shown-state")) {
            announce(a.state === "paused" ? root.getAttribute("data-paused") : root.getAttribute("data-running"));
          }
          timer.setAttribute("data-shown-state", a.state);
        }
        tick();
      }
    }
    if (lastKey !== null && key !== lastKey) {
      if (a && a.state === "done" && a.results) {
        announce(root.getAttribute("data-results-word"));
      } else if (a) {
        announce(root.getAttribute("data-now-word") + " " + a.title);
      }
      refresh();
    } else if (firstSnapshot && changed) {
      refresh(); // something changed between loading the page and connecting
    } else if (role === "facilitator" && changed) {
      refresh(); // the console's private counts and balance
    } else if (role === "screen" && lastScreenKey !== null && screenKey(snapshot) !== lastScreenKey) {
      refresh(); // the screen draws words, groups and boards itself: never on a dot
    }
    lastScreenKey = screenKey(snapshot);
    firstSnapshot = false;
    lastKey = key;
  }

  // Lists that the snapshot carries in full (warm-up words, best ideas): drawn as text only.
  function fillList(selector, items) {
    if (!items) {
      return;
    }
    $$(selector).forEach(function (list) {
      list.textContent = "";
      (items.length ? items : [list.getAttribute("data-empty") || ""]).forEach(function (text) {
        var li = document.createElement("li");
        li.textContent = text;
        list.appendChild(li);
      });
    });
  }

  function onMe(me) {
    if (me.dots_left !== undefined) {
      setText("[data-dots-left]", me.dots_left);
    }
    if (me.dots) {
      $$("[data-idea]").forEach(function (item) {
        var mine = $("[data-mine]", item);
        if (mine) {
          mine.textContent = String(me.dots[item.getAttribute("data-idea")] || 0);
        }
      });
    }
    if (me.ratings) {
      $$("[data-idea]").forEach(function (item) {
        var chosen = me.ratings[item.getAttribute("data-idea")];
        $$("input[data-rate]", item).forEach(function (input) {
          input.checked = input.value === chosen;
        });
      });
    }
    if (me.left) {
      window.location.reload();
    }
  }

  var pending = {};
  function connect() {
    var scheme = window.location.protocol === "https:" ? "wss://" : "ws://";
    socket = new window.WebSocket(scheme + window.location.host + root.getAttribute("data-ws-url"));
    socket.addEventListener("open", function () {
      retry = 0;
      setConnection(root.getAttribute("data-connected-word"));
      root.classList.add("ws-live");
    });
    socket.addEventListener("message", function (event) {
      var message;
      try {
        message = JSON.parse(event.data);
      } catch (e) {
        return;
      }
      if (message.t === "room") {
        onRoom(message);
      } else if (message.t === "counts") {
        onCounts(message);
      } else if (message.t === "me") {
        onMe(message);
      } else if (message.t === "ack") {
        showError("");
        onMe(message.me);
        var sent = pending[message.ref];
        delete pending[message.ref];
        if (sent !== "dot" && sent !== "undot" && sent !== "rate") {
          refresh();
        }
        if (sent === "dot" || sent === "undot") {
          announce(root.getAttribute("data-saved-word") + " " + root.getAttribute("data-dots-left-word") + " " + message.me.dots_left + ".");
        } else {
          announce(root.getAttribute("data-saved-word"));
        }
      } else if (message.t === "error") {
        var failed = pending[message.ref];
        delete pending[message.ref];
        showError(message.msg);
        if (message.code === "stale" || (failed && failed.indexOf("step_") === 0)) {
          refresh(); // show the newest words
        }
      }
    });
    socket.addEventListener("close", function (event) {
      root.classList.remove("ws-live");
      socket = null;
      if (ended || stopped) {
        setConnection(""); // nothing more will happen here: no reconnecting
        return;
      }
      if (event.code === 4403) {
        window.location.reload(); // the page says why: ended, left, or not allowed
        return;
      }
      setConnection(root.getAttribute("data-reconnecting-word"));
      var wait = Math.min(30000, 1000 * Math.pow(2, retry)) * (0.5 + Math.random() / 2);
      retry += 1;
      window.setTimeout(connect, wait);
    });
  }

  function send(message) {
    if (!socket || socket.readyState !== 1) {
      return false;
    }
    ref += 1;
    message.ref = ref;
    pending[ref] = message.t;
    socket.send(JSON.stringify(message));
    return true;
  }

  // The buttons are real forms; with a live connection we send them over the socket instead.
  function bindForms() {
    $$("[data-room-form]").forEach(function (form) {
      if (form.getAttribute("data-bound")) {
        return;
      }
      form.setAttribute("data-bound", "1");
      $$("[data-no-js]", form).forEach(function (button) {
        button.hidden = true;
      });
      form.addEventListener("submit", function (event) {
        var data = new window.FormData(form);
        var submitter = event.submitter;
        var message = { t: submitter && submitter.name === "t" ? submitter.value : data.get("t") };
        if (data.get("idea")) {
          message.idea = parseInt(data.get("idea"), 10);
        }
        if (data.get("value")) {
          message.value = data.get("value");
        }
        if (data.get("text") !== null) {
          message.text = data.get("text");
        }
        ["rev", "step", "feeling"].forEach(function (name) {
          if (data.get(name)) {
            message[name] = parseInt(data.get(name), 10);
          }
        });
        ["field", "base"].forEach(function (name) {
          if (data.get(name) !== null) {
            message[name] = data.get(name);
          }
        });
        if (data.get("up")) {
          message.up = 1; // a number: the server refuses true and false in messages
        }
        if (message.t === "leave") {
          return; // leaving is always a plain form
        }
        if (send(message)) {
          event.preventDefault();
          var text = $("input[name=text]", form);
          if (text && message.t !== "board_title") {
            text.value = "";
          }
          $$("textarea", form).forEach(function (box) {
            box.defaultValue = box.value; // saved: a refresh may now replace it
          });
        }
      });
      $$("input[data-autosend]", form).forEach(function (input) {
        input.addEventListener("change", function () {
          if (form.requestSubmit) {
            form.requestSubmit();
          }
        });
      });
      $$("input[data-rate]", form).forEach(function (input) {
        input.addEventListener("change", function () {
          if (!send({ t: "rate", idea: parseInt(form.querySelector("input[name=idea]").value, 10), value: input.value })) {
            form.submit();
          }
        });
      });
    });
    var reader = $("[data-read-aloud]");
    if (reader && "speechSynthesis" in window) {
      reader.hidden = false;
      reader.addEventListener("click", function () {
        var parts = [$("[data-activity-title]"), $("[data-instruction]"), $("[data-easy-read]")]
          .filter(Boolean)
          .map(function (el) {
            return el.textContent;
          });
        window.speechSynthesis.cancel();
        window.speechSynthesis.speak(new window.SpeechSynthesisUtterance(parts.join(". ")));
      });
    }
    var sound = $("[data-sound]");
    if (sound) {
      sound.hidden = false;
      sound.setAttribute("aria-pressed", soundOn ? "true" : "false");
      sound.addEventListener("click", function () {
        soundOn = !soundOn;
        sound.setAttribute("aria-pressed", soundOn ? "true" : "false");
        try {
          window.localStorage.setItem("workshop-sound", soundOn ? "on" : "off");
        } catch (e) {
          // Private browsing: the choice lasts until the page closes.
        }
      });
    }
  }

  bindForms();
  tick();
  window.setInterval(tick, 1000);
  if ("WebSocket" in window) {
    connect();
  }
})();
