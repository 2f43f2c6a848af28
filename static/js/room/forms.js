// The buttons on a phone are real forms (they work without JavaScript). With a live
// connection they are sent over the socket instead, and the page does not reload.
//
// A form with boxes that start from the server's words (a storyboard step: each box has a
// hidden "_base" beside it, data-base-for) sends only the boxes changed, each with what it
// held when the person started, so two people's words can be merged. Its boxes count as
// saved only when the server says so; until then a redraw keeps them (swap.js).

const NUMBERS = ["rev", "step", "feeling", "feeling_base"];
const TEXTS = ["field", "base"];

function messageFrom(form, submitter) {
  const data = new window.FormData(form);
  const message = { t: submitter && submitter.name === "t" ? submitter.value : data.get("t") };
  if (data.get("idea")) {
    message.idea = parseInt(data.get("idea"), 10);
  }
  if (data.get("value")) {
    message.value = data.get("value");
  }
  if (data.get("text") !== null) {
    message.text = data.get("text");
  }
  for (const name of NUMBERS) {
    if (data.get(name)) {
      message[name] = parseInt(data.get(name), 10);
    }
  }
  for (const name of TEXTS) {
    if (data.get(name) !== null) {
      message[name] = data.get(name);
    }
  }
  for (const [box, base] of boxesWithBases(form)) {
    if (box.value !== base.value) {
      message[box.name] = box.value; // a box left out is left as it is
      message[base.name] = base.value;
    }
  }
  if (data.get("up")) {
    message.up = 1; // a number: the server refuses true and false in messages
  }
  return message;
}

// [box, its hidden base] for every box of a form that starts from the server's words.
function boxesWithBases(form) {
  return Array.from(form.querySelectorAll("[data-base-for]"), (base) => [document.getElementById(base.getAttribute("data-base-for")), base]).filter(
    ([box]) => box && box.tagName === "TEXTAREA",
  );
}

// What a form sent, by the message's number, until the server answers.
const sentForms = new Map();
// The "Saved." (or what went wrong) beside a form's button: kept across redraws until the
// person changes the form again.
let shown = null;

function whatWasSent(form) {
  const boxes = boxesWithBases(form).map(([box]) => [box.id, box.value]);
  const choices = Array.from(form.querySelectorAll("fieldset[id]"), (set) => {
    const checked = set.querySelector("input[type=radio]:checked");
    return [set.id, checked ? checked.id : ""];
  });
  return { form: form.id, boxes, choices };
}

// Until this page has saved something, a "Saved." the server drew (after a plain form) stays.
function showSaved(scope) {
  if (!shown) {
    return;
  }
  for (const slot of scope.querySelectorAll("[data-saved]")) {
    const form = slot.closest("form");
    const mine = form && form.id === shown.form;
    slot.textContent = mine ? shown.text : "";
    slot.classList.toggle("ws-saved-error", Boolean(mine && shown.error));
  }
}

// The server's answer to message `ref`: saved (the boxes sent are now the server's words:
// a redraw may replace them), or refused with `text`.
export function answerSent(ref, saved, text) {
  const sent = sentForms.get(ref);
  sentForms.delete(ref);
  if (!sent || !sent.form) {
    return;
  }
  if (saved) {
    for (const [id, value] of sent.boxes) {
      const box = document.getElementById(id);
      const base = document.querySelector(`[data-base-for='${CSS.escape(id)}']`);
      if (box) {
        box.defaultValue = value;
      }
      if (base) {
        base.value = value;
      }
    }
    for (const [id, checkedId] of sent.choices) {
      const set = document.getElementById(id);
      const base = document.querySelector(`[data-base-for='${CSS.escape(id)}']`);
      for (const radio of set ? set.querySelectorAll("input[type=radio]") : []) {
        radio.defaultChecked = radio.id === checkedId;
        if (base && radio.id === checkedId) {
          base.value = radio.value;
        }
      }
    }
  }
  shown = { form: sent.form, text, error: !saved };
  showSaved(document);
}

// `send` returns false when the socket is not open: the form is then posted as usual.
export function bindRoomForms(scope, send) {
  showSaved(scope);
  for (const form of scope.querySelectorAll("[data-room-form]")) {
    if (form.dataset.bound) {
      continue;
    }
    form.dataset.bound = "1";
    for (const button of form.querySelectorAll("[data-no-js]")) {
      button.hidden = true;
    }
    const keeps = form.hasAttribute("data-keeps-unsaved");
    form.addEventListener("submit", (event) => {
      const message = messageFrom(form, event.submitter);
      const ref = message.t === "leave" ? false : send(message);
      if (!ref) {
        return; // leaving is always a plain form
      }
      event.preventDefault();
      if (keeps) {
        sentForms.set(ref, whatWasSent(form));
        return;
      }
      const text = form.querySelector("input[name=text]");
      if (text && message.t !== "board_title") {
        text.value = "";
      }
      for (const box of form.querySelectorAll("textarea, input[type=text]")) {
        box.defaultValue = box.value; // sent: a redraw may now replace it (swap.js)
      }
      for (const option of form.querySelectorAll("option")) {
        option.defaultSelected = option.selected;
      }
    });
    form.addEventListener("input", () => {
      if (shown && shown.form === form.id) {
        shown = null;
      }
      for (const slot of form.querySelectorAll("[data-saved]")) {
        slot.textContent = ""; // changed since: "Saved." would not be true
      }
    });
    for (const input of form.querySelectorAll("input[data-autosend]")) {
      input.addEventListener("change", () => form.requestSubmit());
    }
    for (const input of form.querySelectorAll("input[data-rate]")) {
      input.addEventListener("change", () => {
        const idea = parseInt(form.querySelector("input[name=idea]").value, 10);
        if (!send({ t: "rate", idea, value: input.value })) {
          form.submit();
        }
      });
    }
  }
}
