// A storyboard on a phone, one step at a time, with "Back" and "Next" and "Step 2 of 5".
// Without JavaScript every step shows, one below the other. Which step is showing is kept
// when the live part is drawn again; after this person presses "Add a step", the new step shows.

function words(list, name) {
  return list.getAttribute(`data-${name}`) || "";
}

export function stepper() {
  let showingId = null; // the step showing, by its element id
  let count = 0;
  let added = false; // this person pressed "Add a step": show the new one when it comes
  document.addEventListener("submit", (event) => {
    if (event.submitter && event.submitter.getAttribute("data-focus") === "step-add") {
      added = true;
    }
  });

  function show(list, steps, index, moveFocus) {
    steps.forEach((step, i) => {
      step.hidden = i !== index;
    });
    showingId = steps[index].id;
    const nav = list.nextElementSibling;
    const where = nav.querySelector("[data-step-where]");
    where.textContent = words(list, "step-of").replace("%(n)s", index + 1).replace("%(total)s", steps.length);
    nav.querySelector("[data-step-back]").disabled = index === 0;
    nav.querySelector("[data-step-next]").disabled = index === steps.length - 1;
    if (moveFocus) {
      const heading = steps[index].querySelector("h4");
      heading.setAttribute("tabindex", "-1");
      heading.focus();
    }
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

  // Called each time the live part is drawn.
  return function apply(live) {
    const list = live.querySelector("[data-stepper]");
    if (!list) {
      showingId = null;
      count = 0;
      return;
    }
    const steps = Array.from(list.querySelectorAll(":scope > [data-step]"));
    if (steps.length < 2) {
      count = steps.length;
      showingId = steps.length ? steps[0].id : null;
      added = added && steps.length === 0;
      return;
    }
    const nav = document.createElement("nav");
    nav.className = "ws-step-nav";
    nav.setAttribute("aria-label", words(list, "steps-label"));
    const where = document.createElement("p");
    where.setAttribute("data-step-where", "");
    where.setAttribute("aria-live", "polite");
    const back = button(words(list, "back"), "back");
    const next = button(words(list, "next"), "next");
    nav.append(back, where, next);
    list.after(nav);
    let index = steps.findIndex((step) => step.id === showingId);
    if (added && steps.length > count) {
      index = steps.length - 1; // this person just added a step: show it
      added = false;
    }
    count = steps.length;
    const start = Math.max(0, index);
    show(list, steps, start, false);
    let current = start;
    back.addEventListener("click", () => {
      current = Math.max(0, current - 1);
      show(list, steps, current, current === 0);
      if (current > 0) {
        back.focus();
      }
    });
    next.addEventListener("click", () => {
      current = Math.min(steps.length - 1, current + 1);
      show(list, steps, current, current === steps.length - 1);
      if (current < steps.length - 1) {
        next.focus();
      }
    });
  };
}
