// The recording booth page: one line at a time, record PCM, listen back, keep or retake.
// Its words come from the console's catalogues (booth.*), in the browser's language or the one chosen here.
import { h, setText } from "./dom.js";
import { chooseLanguage, fmt, lang, languageName, languages, loadCatalogue, reasonText, t } from "./i18n.js";

const $ = (id) => document.getElementById(id);
const state = { data: null, index: 0, filter: "", recording: false, chunks: [], got: 0, peak: 0, rate: 48000, ctx: null,
  node: null, stream: null, take: null };

async function api(path, opts = {}) {
  const r = await fetch(path, { credentials: "same-origin", ...opts });
  let body = null;
  try { body = await r.json(); } catch { body = null; }
  if (!r.ok && !(body && body.error)) throw new Error(`${r.status} ${r.statusText}`);
  return body;
}

function visible() {
  const lines = state.data ? state.data.lines : [];
  return lines.filter((l) => !state.filter || l.speaker === state.filter);
}

function current() { return visible()[state.index] || null; }

function message(text, kind = "") {
  const m = $("message");
  setText(m, text);
  m.className = `msg ${kind}`;
}

/** A refused take or keep in the page's language (the hub's English text where it has no code). */
function refusal(body, fallback) {
  if (!body) return t(fallback);
  return reasonText(body.reason, body.reason_args) || body.error || t(fallback);
}

function renderProgress() {
  const p = $("progress");
  p.replaceChildren(...state.data.speakers.map((s) =>
    h("span", { class: "chip", "data-speaker": s.speaker }, h("b", { text: s.speaker }), ` ${s.kept}/${s.lines}`)));
}

function renderList() {
  const ol = $("lines");
  const items = visible().map((l, i) => h("li", {
    class: [i === state.index ? "current" : "", l.kept && !l.stale ? "kept" : "", l.stale ? "stale" : ""].join(" "),
    "data-id": l.id, onclick: () => { state.index = i; show(); },
  }, `${l.speaker}: ${l.text.length > 60 ? l.text.slice(0, 57) + "…" : l.text}`));
  ol.replaceChildren(...items);
}

function show() {
  const l = current();
  renderList();
  if (!l) { setText($("line-text"), t("booth.no_lines")); return; }
  setText($("pos"), t("booth.position", { n: fmt.number(state.index + 1), count: fmt.number(visible().length), id: l.id }));
  setText($("chapter"), l.chapter);
  $("prev-wrap").hidden = !l.previous;
  setText($("prev"), l.previous);
  setText($("speaker"), l.speaker);
  $("style").hidden = !l.style;
  setText($("style"), l.style);
  setText($("status"), l.stale ? t("booth.stale") : l.kept ? t("booth.kept") : t("booth.synthetic"));
  $("status").className = `chip ${l.kept && !l.stale ? "ok" : l.stale ? "warn" : ""}`;
  setText($("line-text"), l.text);
  $("remove").hidden = !l.kept;
  state.take = l.pending ? `/api/take/${l.id}.wav` : null;
  buttons();
}

function buttons() {
  const rec = state.recording;
  $("record").disabled = rec || !state.stream;
  $("stop").disabled = !rec;
  $("listen").disabled = rec || !state.take;
  $("keep").disabled = rec || !state.take;
  $("retake").disabled = rec || !state.take;
}

async function openMic() {
  try {
    state.stream = await navigator.mediaDevices.getUserMedia({
      audio: { echoCancellation: false, noiseSuppression: false, autoGainControl: false, channelCount: 1 } });
  } catch (err) {
    message(t("booth.no_mic", { error: err.message }), "bad");
    return;
  }
  state.ctx = new AudioContext();
  state.rate = state.ctx.sampleRate;
  await state.ctx.audioWorklet.addModule("/static/js/booth-worklet.js");
  const src = state.ctx.createMediaStreamSource(state.stream);
  state.node = new AudioWorkletNode(state.ctx, "booth-capture");
  state.node.port.onmessage = (e) => {
    const { peak, samples } = e.data;
    $("level").style.width = `${Math.min(100, Math.round(100 * Math.sqrt(peak)))}%`;
    if (samples && state.recording) {
      state.peak = Math.max(state.peak, peak);
      $("level").dataset.peak = state.peak.toFixed(3);  // the loudest moment of this take
      state.chunks.push(samples);
      state.got += samples.length;
      const secs = state.got / state.rate;
      $("message").dataset.seconds = String(Math.floor(secs));
      if (state.chunks.length % 20 === 0) setText($("message"), t("booth.recording_secs", { seconds: fmt.number(secs, 1) }));
    }
  };
  src.connect(state.node);
  setText($("mic"), t("booth.mic_on", { khz: fmt.number(state.rate / 1000) }));
  $("mic").className = "link on";
  buttons();
}

function wav(chunks, rate) {
  const n = chunks.reduce((a, c) => a + c.length, 0);
  const buf = new ArrayBuffer(44 + 2 * n);
  const v = new DataView(buf);
  const str = (o, s) => { for (let i = 0; i < s.length; i++) v.setUint8(o + i, s.charCodeAt(i)); };
  str(0, "RIFF"); v.setUint32(4, 36 + 2 * n, true); str(8, "WAVE"); str(12, "fmt ");
  v.setUint32(16, 16, true); v.setUint16(20, 1, true); v.setUint16(22, 1, true);
  v.setUint32(24, rate, true); v.setUint32(28, rate * 2, true); v.setUint16(32, 2, true); v.setUint16(34, 16, true);
  str(36, "data"); v.setUint32(40, 2 * n, true);
  let o = 44;
  for (const c of chunks) {
    for (let i = 0; i < c.length; i++, o += 2) v.setInt16(o, Math.max(-1, Math.min(1, c[i])) * 32767, true);
  }
  return new Blob([buf], { type: "audio/wav" });
}

function record() {
  if (!state.node) return;
  state.chunks = [];
  state.got = 0;
  state.peak = 0;
  state.recording = true;
  state.node.port.postMessage("start");
  message(t("booth.recording"));
  buttons();
}

async function stop() {
  state.recording = false;
  state.node.port.postMessage("stop");
  buttons();
  const l = current();
  message(t("booth.trimming"));
  const body = await api(`/api/take/${l.id}`, { method: "POST", headers: { "Content-Type": "audio/wav" },
    body: wav(state.chunks, state.rate) });
  if (!body || !body.ok) { message(refusal(body, "booth.refused"), "bad"); return; }
  l.pending = true;
  state.take = `${body.url}?t=${Date.now()}`;
  message(t("booth.take", { seconds: fmt.number(body.seconds, 1), trimmed: fmt.number(body.trimmed, 2),
    lufs: fmt.number(body.lufs, 1) }), "ok");
  buttons();
}

function play(url) {
  const p = $("player");
  p.src = url;
  p.play().catch((e) => message(t("booth.cannot_play", { error: e.message }), "bad"));
}

async function keep() {
  const l = current();
  const body = await api(`/api/keep/${l.id}`, { method: "POST" });
  if (!body || !body.ok) { message(refusal(body, "booth.not_kept"), "bad"); return; }
  message(t("booth.kept_as", { file: body.file }), "ok");
  await reload(l.id);
}

async function removeTake() {
  const l = current();
  await api(`/api/remove/${l.id}`, { method: "POST" });
  message(t("booth.removed"));
  await reload(l.id);
}

async function reload(keepId) {
  state.data = await api("/api/lines");
  setText($("title"), state.data.title);
  const who = $("who");
  if (who.options.length === 1) {
    for (const s of state.data.speakers) who.append(h("option", { value: s.speaker, text: s.speaker }));
  }
  renderProgress();
  if (keepId) state.index = Math.max(0, visible().findIndex((l) => l.id === keepId));
  show();
}

function move(delta) {
  state.index = Math.max(0, Math.min(visible().length - 1, state.index + delta));
  show();
}

function nextTodo() {
  const lines = visible();
  for (let k = 1; k <= lines.length; k++) {
    const i = (state.index + k) % lines.length;
    if (!lines[i].kept || lines[i].stale) { state.index = i; show(); return; }
  }
  message(t("booth.all_done"), "ok");
}

function wire() {
  $("record").onclick = record;
  $("stop").onclick = () => stop().catch((e) => message(e.message, "bad"));
  $("retake").onclick = record;
  $("listen").onclick = () => state.take && play(state.take);
  $("keep").onclick = () => keep().catch((e) => message(e.message, "bad"));
  $("remove").onclick = () => removeTake().catch((e) => message(e.message, "bad"));
  $("current").onclick = () => current() && play(`/api/audio/${current().id}?t=${Date.now()}`);
  $("prev-line").onclick = () => move(-1);
  $("next-line").onclick = () => move(1);
  $("next-todo").onclick = nextTodo;
  $("who").onchange = (e) => { state.filter = e.target.value; state.index = 0; show(); };
  document.addEventListener("keydown", (e) => {
    if (e.target instanceof HTMLSelectElement) return;
    if (e.key === "r" && !state.recording) record();
    else if (e.key === " " && state.recording) { e.preventDefault(); stop(); }
    else if (e.key === "l" && state.take) play(state.take);
    else if (e.key === "k" && state.take && !state.recording) keep();
    else if (e.key === "ArrowRight") move(1);
    else if (e.key === "ArrowLeft") move(-1);
  });
}

await loadCatalogue();
const picker = $("ui-lang");
picker.replaceChildren(...languages.map((code) => h("option", { value: code, selected: code === lang }, languageName(code))));
picker.addEventListener("change", () => chooseLanguage(picker.value));
wire();
reload().then(openMic).catch((e) => message(t("booth.cannot_load", { error: e.message }), "bad"));
