// Keyboard shortcuts; ignored while typing in a field.

export function installKeys(room) {
  document.addEventListener("keydown", (e) => {
    const t = e.target;
    if (t && (t.tagName === "INPUT" || t.tagName === "TEXTAREA" || t.tagName === "SELECT" || t.isContentEditable)) return;
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    const k = e.key;
    const card = room.selected();
    const per = { c: "calm", C: null, s: "advance", r: "replay_chapter", ArrowRight: "next_chapter",
      ArrowLeft: "previous_chapter", Enter: "continue" };
    if (e.shiftKey && ["P", "R", "C", "S"].includes(k)) {
      room.all({ P: "pause", R: "resume", C: "calm", S: "start" }[k]);
    } else if (k === "?") {
      room.toggleHelp();
    } else if (/^[1-9]$/.test(k)) {
      room.select(Number(k) - 1);
    } else if (k === " " && card) {
      card.togglePause();
    } else if (per[k] && card) {
      card.send(per[k]);
    } else {
      return;
    }
    e.preventDefault();
  });
}
