"""Neural narration: what each speaker sounds like, and how fast the voices render.

Reads the narration shipped in audio/narration/ and prints, per speaker, the
lines, seconds, median pitch and its spread, words per minute and loudness; the
total size of the committed audio; and, with --rtf, renders one line per voice
to measure the real-time factor on this machine (needs the neural voices).

Usage: python bench/bench_voices.py [--rtf] [--locale es] [--experience ID ...]
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import defaultdict
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from experience.content import ContentRoot  # noqa: E402
from experience.media import integrated_lufs, read_audio  # noqa: E402
from experience.narrative import load_session, word_count  # noqa: E402
from experience.voices._measure import pitch_track  # noqa: E402

SR = 24000


def speakers(content: ContentRoot, ids: list[str], locale: str | None = None) -> dict[str, dict[str, list]]:
    out: dict[str, dict[str, list]] = defaultdict(lambda: {"audio": [], "words": [], "voice": []})
    for eid in ids:
        session = load_session(content, eid, locale=locale)
        for line in session.lines():
            if not line.audio_path or not line.audio_path.endswith(".opus"):
                continue
            key = f"{eid}: {line.speaker or 'Narrator'}"
            sp = session.speakers.get(line.speaker)
            out[key]["audio"].append(read_audio(Path(line.audio_path), mono=True, rate=SR))
            out[key]["words"].append(word_count(line.text))
            out[key]["voice"].append(sp.neural_for(session.locale) if sp else "")
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--experience", nargs="*", default=None)
    ap.add_argument("--locale", default=None, help="the narration of this locale (default: each story's first)")
    ap.add_argument("--rtf", action="store_true", help="also time a render per voice (neural voices needed)")
    args = ap.parse_args()
    content = ContentRoot.find()
    ids = args.experience or [i for i in content.experience_ids() if i != "tutorial"]
    files = list((content.audio / "narration").rglob("*.opus"))
    size = sum(p.stat().st_size for p in files)
    print(f"committed narration: {len(files)} files, {size / 1e6:.2f} MB")
    print(f"{'speaker':28s} {'voice':28s} {'lines':>5s} {'secs':>6s} {'f0 Hz':>6s} {'iqr':>5s} {'wpm':>5s} "
          f"{'LUFS':>6s}")
    total = 0.0
    for key, d in sorted(speakers(content, ids, args.locale).items()):
        x = np.concatenate(d["audio"])
        f0 = pitch_track(x, SR)
        voiced = f0[f0 > 0]
        secs = len(x) / SR
        total += secs
        q25, q50, q75 = np.percentile(voiced, [25, 50, 75]) if len(voiced) else (0, 0, 0)
        wpm = sum(d["words"]) * 60 / secs if secs else 0
        print(f"{key:28s} {d['voice'][0] or '':28s} {len(d['audio']):5d} {secs:6.1f} {q50:6.0f} {q75 - q25:5.0f} "
              f"{wpm:5.0f} {integrated_lufs(x.astype(np.float64), SR):6.1f}")
    print(f"speech in these sessions: {total / 60:.1f} min (tutorial lines counted per experience)")
    if args.rtf:
        from experience.voices import KokoroVoices, parse_voice

        k = KokoroVoices()
        text = "I'm fine, honestly. It's just been a long week, and the train was packed again this morning."
        k.synthesize("Warm up.", parse_voice("bf_emma")[0])  # type: ignore[arg-type]
        spent = spoken = 0.0
        for v in ("af_heart", "bf_emma", "bm_george", "bf_lily"):
            t = time.perf_counter()
            a = k.synthesize(text, parse_voice(v)[0])  # type: ignore[arg-type]
            spent += time.perf_counter() - t
            spoken += len(a) / SR
        print(f"real-time factor: {spent / spoken:.2f} ({spoken:.1f} s of speech in {spent:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
