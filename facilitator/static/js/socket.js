// The console's WebSocket: hello as a console, reconnect with backoff.

export const PROTOCOL = 1;

export class HubSocket {
  constructor(onMessage, onLink) {
    this.onMessage = onMessage;
    this.onLink = onLink;
    this.delay = 250;
    this.n = 0;
    this.kinds = new Map(); // command id -> kind, for readable results
    this.connect();
  }

  connect() {
    const url = `${location.protocol === "https:" ? "wss" : "ws"}://${location.host}/ws`;
    const ws = new WebSocket(url);
    this.ws = ws;
    ws.onopen = () => {
      this.delay = 250;
      this.send({ type: "hello", role: "console" });
    };
    ws.onmessage = (e) => {
      let msg;
      try { msg = JSON.parse(e.data); } catch { return; }
      if (msg.type === "welcome") this.onLink(true);
      this.onMessage(msg);
    };
    ws.onclose = () => {
      this.onLink(false);
      setTimeout(() => this.connect(), this.delay);
      this.delay = Math.min(this.delay * 2, 5000);
    };
  }

  send(obj) {
    if (this.ws && this.ws.readyState === WebSocket.OPEN) {
      this.ws.send(JSON.stringify({ v: PROTOCOL, ...obj }));
      return true;
    }
    return false;
  }

  command(target, kind, arg = null) {
    this.n += 1;
    const id = `${Date.now().toString(36)}-${this.n}`;
    if (!this.send({ type: "command", id, target, kind, arg })) return null;
    this.kinds.set(id, kind);
    if (this.kinds.size > 200) this.kinds.delete(this.kinds.keys().next().value);
    return id;
  }
}
