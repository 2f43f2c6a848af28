// Replacing the live part of a page with a newer one from the server, through htmx, so that
// keyboard focus stays where the person was. The same control (by its id, or by its
// data-focus name within the same idea, step or other element with an id) has focus again;
// if that control is gone, the part's "home" (data-focus-home), else the activity's title.

export function focusPlace(live) {
  const el = document.activeElement;
  if (!el || !live || el === live || !live.contains(el)) {
    return null;
  }
  const scope = el.parentElement.closest("[data-idea], [id]");
  let selector = null;
  if (scope && scope.hasAttribute("data-idea")) {
    selector = `[data-idea='${scope.getAttribute("data-idea")}']`;
  } else if (scope) {
    selector = `#${CSS.escape(scope.id)}`;
  }
  return { id: el.id, name: el.getAttribute("data-focus"), scope: selector };
}

export function restoreFocus(live, place) {
  if (!place || !live) {
    return;
  }
  let target = place.id ? document.getElementById(place.id) : null;
  if (!target && place.name) {
    let scope = live;
    if (place.scope) {
      scope = live.querySelector(place.scope) || (live.matches(place.scope) ? live : null);
    }
    target = scope ? scope.querySelector(`[data-focus='${place.name}']`) : null;
  }
  if (!target || !live.contains(target) || target.hidden || target.closest("[hidden]")) {
    target = live.querySelector("[data-focus-home]") || live.querySelector("[data-activity-title]") || live;
    target.setAttribute("tabindex", "-1");
  }
  target.focus();
}

// The words a part asks to be read out when it arrives (data-live-news), such as
// "Your group: Pair 3. Sam, You".
export function newsOf(live) {
  if (!live) {
    return "";
  }
  return Array.from(live.querySelectorAll("[data-live-news]"), (el) => el.textContent.trim().replace(/\s+/g, " ")).join(". ");
}

// Which disclosures (<details> with an id) are open, so a swap does not close them.
export function openDetails(live) {
  return live ? Array.from(live.querySelectorAll("details[open][id]"), (el) => el.id) : [];
}

export function reopen(live, ids) {
  for (const id of ids) {
    const el = live && live.querySelector(`#${CSS.escape(id)}`);
    if (el) {
      el.open = true;
    }
  }
}

// Every box or choice with an id: what the person typed and has not sent yet stays.
const TYPED = ["input[type=text]", "select", "textarea"].map((tag) => `${tag}[id]`).join(", ");

// What the person has typed or chosen and not yet saved, in forms that keep it
// (data-keeps-unsaved: a storyboard step), with what each box started from (its
// data-base-for), so that saving it later still merges with other people's words.
export function keepUnsaved(live) {
  const kept = [];
  for (const base of live ? live.querySelectorAll("[data-keeps-unsaved] [data-base-for]") : []) {
    const el = document.getElementById(base.getAttribute("data-base-for"));
    if (!el) {
      continue;
    }
    if (el.tagName === "TEXTAREA" && el.value !== el.defaultValue) {
      kept.push({ id: el.id, value: el.value, base: base.value });
    }
    const radios = el.tagName === "FIELDSET" ? Array.from(el.querySelectorAll("input[type=radio]")) : [];
    if (radios.some((radio) => radio.checked !== radio.defaultChecked)) {
      const checked = radios.find((radio) => radio.checked);
      kept.push({ id: el.id, checked: checked ? checked.id : "", base: base.value });
    }
  }
  // Any other box (a note, a four's best idea, the console's "change the words") keeps what
  // was typed or chosen as it is: a redraw may come while someone types, or after they
  // have gone on to the button.
  for (const el of live ? live.querySelectorAll(TYPED) : []) {
    if (el.closest("[data-keeps-unsaved]")) {
      continue; // kept above, with its base
    }
    const changed = el.tagName === "SELECT"
      ? Array.from(el.options).some((option) => option.selected !== option.defaultSelected)
      : el.value !== el.defaultValue;
    if (changed) {
      kept.push({ id: el.id, value: el.value, typed: true });
    }
  }
  return kept;
}

export function restoreUnsaved(live, kept) {
  for (const item of kept) {
    const el = live.querySelector(`#${CSS.escape(item.id)}`);
    if (el && item.typed) {
      el.value = item.value;
      continue;
    }
    const base = live.querySelector(`[data-base-for='${CSS.escape(item.id)}']`);
    if (!el || !base) {
      continue; // the step was removed
    }
    base.value = item.base;
    if (item.value !== undefined) {
      el.value = item.value;
    } else if (item.checked) {
      const radio = live.querySelector(`#${CSS.escape(item.checked)}`);
      if (radio) {
        radio.checked = true;
      }
    }
  }
}

// Swap `html` (a whole page or a fragment) into the element matching `selector`, keeping
// focus and anything not yet saved. `prepare(live)` lays the new part out (which storyboard
// step shows) before focus goes back. Returns the new element, or null when the answer has
// no such part.
export function swapLive(selector, html, prepare) {
  const current = document.querySelector(selector);
  const fresh = new DOMParser().parseFromString(html, "text/html").querySelector(selector);
  if (!current || !fresh) {
    return null;
  }
  const place = focusPlace(current);
  const open = openDetails(current);
  const unsaved = keepUnsaved(current);
  window.htmx.swap(current, html, { swapStyle: "outerHTML", swapDelay: 0, settleDelay: 0 }, { select: selector });
  const live = document.querySelector(selector);
  window.htmx.process(live);
  reopen(live, open);
  restoreUnsaved(live, unsaved);
  if (prepare) {
    prepare(live);
  }
  restoreFocus(live, place);
  return live;
}
