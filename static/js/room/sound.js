// Sound: off unless the person turns it on (remembered on this device), and then only a
// gentle two-note chime when time is up.
const KEY = "workshop-sound";

function stored() {
  try {
    return window.localStorage.getItem(KEY) === "on";
  } catch {
    return false;
  }
}

let soundOn = stored();

export function chime() {
  if (!soundOn || !window.AudioContext) {
    return;
  }
  try {
    const context = new window.AudioContext();
    [523.25, 659.25].forEach((frequency, i) => {
      const start = context.currentTime + i * 0.35;
      const osc = context.createOscillator();
      const gain = context.createGain();
      osc.frequency.value = frequency;
      gain.gain.setValueAtTime(0.0001, start);
      gain.gain.exponentialRampToValueAtTime(0.15, start + 0.05);
      gain.gain.exponentialRampToValueAtTime(0.0001, start + 0.6);
      osc.connect(gain).connect(context.destination);
      osc.start(start);
      osc.stop(start + 0.65);
    });
  } catch {
    // Sound is a nicety; the visual signal and the announcement are already there.
  }
}

// The "Sound" toggle button, shown only when this file runs.
export function bindSoundButton(button) {
  if (!button || button.dataset.bound) {
    return;
  }
  button.dataset.bound = "1";
  button.hidden = false;
  button.setAttribute("aria-pressed", String(soundOn));
  button.addEventListener("click", () => {
    soundOn = !soundOn;
    button.setAttribute("aria-pressed", String(soundOn));
    try {
      window.localStorage.setItem(KEY, soundOn ? "on" : "off");
    } catch {
      // Private browsing: the choice lasts until the page closes.
    }
  });
}

// "Read this out loud": the activity's title, instruction and easy read, by the device's voice.
export function bindReadAloud(button, root) {
  if (!button || button.dataset.bound || !("speechSynthesis" in window)) {
    return;
  }
  button.dataset.bound = "1";
  button.hidden = false;
  button.addEventListener("click", () => {
    const parts = ["[data-activity-title]", "[data-instruction]", "[data-easy-read]"]
      .map((selector) => root.querySelector(selector))
      .filter(Boolean)
      .map((el) => el.textContent);
    window.speechSynthesis.cancel();
    window.speechSynthesis.speak(new window.SpeechSynthesisUtterance(parts.join(". ")));
  });
}
