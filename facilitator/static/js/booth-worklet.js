// Passes the microphone's samples (channel 0) to the page, in blocks, while recording.
class Capture extends AudioWorkletProcessor {
  constructor() {
    super();
    this.on = false;
    this.port.onmessage = (e) => { this.on = e.data === "start"; };
  }
  process(inputs) {
    const ch = inputs[0] && inputs[0][0];
    if (ch) {
      let peak = 0;
      for (let i = 0; i < ch.length; i++) peak = Math.max(peak, Math.abs(ch[i]));
      this.port.postMessage({ peak, samples: this.on ? ch.slice(0) : null });
    }
    return true;
  }
}
registerProcessor("booth-capture", Capture);
