// The buttons on a phone are real forms (they work without JavaScript). With a live
// connection they are sent over the socket instead, and the page does not reload.

const NUMBERS = ["rev", "step", "feeling"];
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
  if (data.get("up")) {
    message.up = 1; // a number: the server refuses true and false in messages
  }
  return message;
}

// `send` returns false when the socket is not open: the form is then posted as usual.
export function bindRoomForms(scope, send) {
  for (const form of scope.querySelectorAll("[data-room-form]")) {
    if (form.dataset.bound) {
      continue;
    }
    form.dataset.bound = "1";
    for (const button of form.querySelectorAll("[data-no-js]")) {
      button.hidden = true;
    }
    form.addEventListener("submit", (event) => {
      const message = messageFrom(form, event.submitter);
      if (message.t === "leave" || !send(message)) {
        return; // leaving is always a plain form
      }
      event.preventDefault();
      const text = form.querySelector("input[name=text]");
      if (text && message.t !== "board_title") {
        text.value = "";
      }
      for (const box of form.querySelectorAll("textarea")) {
        box.defaultValue = box.value; // saved: a refresh may now replace it
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
