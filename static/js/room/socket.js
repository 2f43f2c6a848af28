// The room's WebSocket: connects, reconnects after a wait that doubles each time (up to 30
// seconds, with some chance in it so a room of phones does not come back all at once), and
// numbers each message sent so the answer can be matched to it.
export function roomSocket(path, { onOpen, onMessage, onClose }) {
  let socket = null;
  let retry = 0;
  let ref = 0;
  let stopped = false;
  const pending = new Map();

  function connect() {
    const scheme = window.location.protocol === "https:" ? "wss://" : "ws://";
    socket = new window.WebSocket(scheme + window.location.host + path);
    socket.addEventListener("open", () => {
      retry = 0;
      onOpen();
    });
    socket.addEventListener("message", (event) => {
      let message;
      try {
        message = JSON.parse(event.data);
      } catch {
        return;
      }
      const sent = message.ref === undefined ? undefined : pending.get(message.ref);
      pending.delete(message.ref);
      onMessage(message, sent);
    });
    socket.addEventListener("close", (event) => {
      socket = null;
      // onClose says whether to try again: false when nothing more will happen here.
      if (stopped || !onClose(event)) {
        return;
      }
      const wait = Math.min(30000, 1000 * 2 ** retry) * (0.5 + Math.random() / 2);
      retry += 1;
      window.setTimeout(connect, wait);
    });
  }

  return {
    connect,
    stop() {
      stopped = true;
    },
    // False when there is no open connection: the caller sends the plain form instead.
    // Otherwise the message's number, which its answer ("ack" or "error") carries as `ref`.
    send(message) {
      if (!socket || socket.readyState !== window.WebSocket.OPEN) {
        return false;
      }
      ref += 1;
      pending.set(ref, message.t);
      socket.send(JSON.stringify({ ...message, ref }));
      return ref;
    },
  };
}
