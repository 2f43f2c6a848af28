// Announcements to screen readers: one polite live region, at most one message every
// 3 seconds, and the newest message wins.
export function announcer(region) {
  let timer = null;
  let last = 0;
  return function announce(message) {
    if (!region || !message) {
      return;
    }
    window.clearTimeout(timer);
    timer = window.setTimeout(
      () => {
        region.textContent = "";
        window.setTimeout(() => {
          region.textContent = message;
        }, 50);
        last = Date.now();
      },
      Math.max(0, last + 3000 - Date.now()),
    );
  };
}
