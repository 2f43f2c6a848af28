// A storyboard on a phone, one step at a time. Under each step's "Save this step", where the
// thumb already is: "Back a step", "Step 2 of 5", "Next step". Moving to another step takes
// focus to its heading (the top of the step, where its first box is), as a new page would.
// Without JavaScript every step shows, one below the other. Which step is showing is kept
// when the live part is drawn again; after this person presses "Add a step", the new step
// shows, with focus on its heading.

function words(list, name) {
  return list.getAttribute(`data-${name}`) || "";
}

function button(label, name) {
  const el = document.createElement("button");
  el.type = "button";
  el.className = "button button-secondary button-small";
  el.textContent = label;
  el.setAttribute(`data-step-${name}`, "");
  el.setAttribute("data-focus", `step-${name}`);
  return el;
}

function focusHeading(step) {
  const heading = step.querySelector("h4");
  heading.setAttribute("tabindex", "-1");
  heading.focus();
}

export function stepper() {
  let showingId = null; // the step showing, by its element id
  let count = 0;
  let added = false; // this person pressed "Add a step": show the new one when it comes
  let focusAdded = null; // the step just added, to take focus once it is drawn
  document.addEventListener("submit", (event) => {
    if (event.submitter && event.submitter.getAttribute("data-focus") === "step-add") {
      added = true;
    }
  });

  function show(list, steps, nav, index) {
    steps.forEach((step, i) => {
      step.hidden = i !== index;
    });
    showingId = steps[index].id;
    const place = steps[index].querySelector("[data-step-nav-place]") || steps[index];
    place.append(nav);
    nav.querySelector("[data-step-where]").textContent = words(list, "step-of")
      .replace("%(n)s", index + 1)
      .replace("%(total)s", steps.length);
    nav.querySelector("[data-step-back]").disabled = index === 0;
    nav.querySelector("[data-step-next]").disabled = index === steps.length - 1;
  }

  // Lays the live part out, before focus goes back into it.
  function prepare(live) {
    const list = live.querySelector("[data-stepper]");
    if (!list) {
      showingId = null;
      count = 0;
      return;
    }
    const steps = Array.from(list.querySelectorAll(":scope > [data-step]"));
    const grew = steps.length > count;
    count = steps.length;
    if (added && grew && steps.length) {
      showingId = steps[steps.length - 1].id; // this person just added a step: show it
      focusAdded = showingId;
      added = false;
    }
    if (steps.length < 2) {
      showingId = steps.length ? steps[0].id : null;
      return;
    }
    const nav = document.createElement("nav");
    nav.className = "ws-step-nav";
    nav.setAttribute("aria-label", words(list, "steps-label"));
    const where = document.createElement("p");
    where.setAttribute("data-step-where", "");
    const back = button(words(list, "back"), "back");
    const next = button(words(list, "next"), "next");
    nav.append(back, where, next);
    let current = Math.max(
      0,
      steps.findIndex((step) => step.id === showingId),
    );
    show(list, steps, nav, current);
    function go(by) {
      current = Math.min(steps.length - 1, Math.max(0, current + by));
      show(list, steps, nav, current);
      focusHeading(steps[current]);
    }
    back.addEventListener("click", () => go(-1));
    next.addEventListener("click", () => go(1));
  }

  // After focus went back: the step this person just added takes it.
  function afterSwap(live) {
    const step = focusAdded && live.querySelector(`#${CSS.escape(focusAdded)}`);
    focusAdded = null;
    if (step) {
      focusHeading(step);
    }
  }

  return { prepare, afterSwap };
}
