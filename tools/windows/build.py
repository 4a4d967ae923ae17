#!/usr/bin/env python3
"""Builds the Windows distribution: dist/empathy-vr-VERSION-win_amd64.zip.

Runs Panda3D's ``build_apps`` (direct.dist), configured in pyproject.toml
(``[tool.distutils.build_apps]``), on this Linux machine: it downloads the
win_amd64 wheels pinned in packaging/windows/ and freezes run_vr.py with them.
Then it adds what the freezer can't: pyopenxr and PyOpenGL as plain packages
(only pyopenxr's Windows loader DLL), the rendered narration and the sound
library (made here with espeak-ng and numpy), the "start here" text, the
licences; and zips the folder.

Does nothing when the zip is newer than every input (sources, content,
packaging) and was built by the same Python and Panda3D. Needs CPython 3.11
(the pinned wheels are cp311), espeak-ng and network access to PyPI.

Usage: python tools/windows/build.py [--force] [--quiet]
"""

from __future__ import annotations

import argparse
import compileall
import contextlib
import hashlib
import json
import os
import shutil
import subprocess
import sys
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
PACKAGING = ROOT / "packaging" / "windows"
BUILD = ROOT / "build" / "windows"
DIST = ROOT / "dist"
PLATFORM = "win_amd64"
PYTHON = (3, 11)
INPUTS = ("experience", "facilitator", "narratives", "scenes", "audio", "shaders", "packaging/windows",
          "tools/windows", "run_vr.py", "pyproject.toml")
PLAIN_PACKAGES = {
    # wheel name prefix: (package folder, files to take besides its .py files)
    "pyopenxr-": ("xr", ("xr/library/windows_x86_64/openxr_loader.dll",)),
    "pyopengl-": ("OpenGL", ()),
}


class BuildError(Exception):
    """The build can't be made here; the message says why in one line."""


def version() -> str:
    for line in (ROOT / "pyproject.toml").read_text(encoding="utf-8").splitlines():
        if line.startswith("version = "):
            return line.split("=", 1)[1].strip().strip('"')
    raise BuildError("no version in pyproject.toml")


def zip_path() -> Path:
    return DIST / f"empathy-vr-{version()}-{PLATFORM}.zip"


def _input_files() -> list[Path]:
    files: list[Path] = []
    for name in INPUTS:
        p = ROOT / name
        if p.is_file():
            files.append(p)
        elif p.is_dir():
            files += sorted(f for f in p.rglob("*") if f.is_file() and "__pycache__" not in f.parts)
    return files


def fingerprint() -> str:
    """A hash of every input file, the building Python's version and Panda3D's."""
    import panda3d

    h = hashlib.sha256(f"{sys.version_info[:2]} {getattr(panda3d, '__version__', '')}".encode())
    for f in _input_files():
        h.update(str(f.relative_to(ROOT)).encode())
        h.update(f.read_bytes())
    return h.hexdigest()


def up_to_date() -> bool:
    stamp = BUILD / "stamp.json"
    try:
        data = json.loads(stamp.read_text())
    except (OSError, ValueError):
        return False
    return bool(zip_path().is_file() and data.get("fingerprint") == fingerprint())


def _check_host() -> None:
    if sys.version_info[:2] != PYTHON:
        raise BuildError(f"the Windows build needs CPython {PYTHON[0]}.{PYTHON[1]} (its wheels in packaging/windows "
                         f"are cp{PYTHON[0]}{PYTHON[1]}); this is {sys.version.split()[0]}")
    if shutil.which("espeak-ng") is None:
        raise BuildError("the Windows build renders its narration with espeak-ng, which is not installed")


def _run_cli(*args: str, env: dict[str, str], log: Path) -> None:
    with log.open("a", encoding="utf-8") as out:
        done = subprocess.run([sys.executable, str(ROOT / "run_vr.py"), *args], cwd=ROOT, env=env,
                              stdout=out, stderr=subprocess.STDOUT)
    if done.returncode != 0:
        raise BuildError(f"`run_vr.py {' '.join(args)}` failed (log: {log})")


def _freeze(log: Path) -> Path:
    """Panda3D's build_apps, in a child process so its setuptools state stays out of ours."""
    env = dict(os.environ)
    # egg2bam (models) is found on PATH: without the venv's bin there, models silently go missing.
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), env.get("PYTHONPATH", "")])
    wheels = _wheel_cache()
    if _all_pinned_wheels_in(wheels):  # pip would still ask the index about each one: it needn't
        env.update({"PIP_NO_INDEX": "1", "PIP_FIND_LINKS": str(wheels)})
    code = ("import setuptools, sys; sys.path.insert(0, '.'); "
            f"setuptools.setup(script_args=['build_apps', '--build-base', {str(BUILD / 'freeze')!r}])")
    with log.open("a", encoding="utf-8") as out:
        done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, stdout=out,
                              stderr=subprocess.STDOUT)
    if done.returncode != 0:
        raise BuildError(f"build_apps failed (log: {log})")
    return BUILD / "freeze" / PLATFORM


def _wheel_cache() -> Path:
    """Where build_apps keeps the downloaded wheels (kept between builds)."""
    return BUILD / "freeze" / "__whl_cache__" / f"{PLATFORM}_cp{PYTHON[0]}{PYTHON[1]}"


def _all_pinned_wheels_in(folder: Path) -> bool:
    names = {w.name.lower().replace("_", "-") for w in folder.glob("*.whl")}
    for line in (PACKAGING / f"requirements-cp{PYTHON[0]}{PYTHON[1]}.txt").read_text().splitlines():
        line = line.strip()
        if "==" not in line or line.startswith("#"):
            continue
        name, ver = line.split()[0].split("==")
        if not any(n.startswith(f"{name.lower().replace('_', '-')}-{ver}-") for n in names):
            return False
    return True


def _copy_plain_packages(app: Path) -> None:
    """pyopenxr and PyOpenGL as source packages beside the program (compiled to .pyc here)."""
    wheels = sorted(_wheel_cache().glob("*.whl"))
    for prefix, (package, extras) in PLAIN_PACKAGES.items():
        whl = next((w for w in wheels if w.name.lower().startswith(prefix)), None)
        if whl is None:
            raise BuildError(f"no {prefix}*.whl among the downloaded wheels")
        with zipfile.ZipFile(whl) as z:
            for name in z.namelist():
                if name.startswith(package + "/") and (name.endswith(".py") or name in extras):
                    target = app / name
                    target.parent.mkdir(parents=True, exist_ok=True)
                    target.write_bytes(z.read(name))
        compileall.compile_dir(app / package, quiet=2, legacy=False)


def _add_files(app: Path, cache: Path) -> None:
    shutil.copytree(cache, app / ".cache", dirs_exist_ok=True)
    shutil.copyfile(PACKAGING / "START-HERE.txt", app / "START-HERE.txt")
    shutil.copyfile(PACKAGING / "LICENSES.txt", app / "LICENSES.txt")


def _zip(app: Path, out: Path) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_suffix(".part")
    with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as z:
        for f in sorted(app.rglob("*")):
            if f.is_file():
                z.write(f, Path("empathy-vr") / f.relative_to(app))
    tmp.replace(out)


@contextlib.contextmanager
def _step(name: str, log: Path) -> Iterator[None]:
    start = time.perf_counter()
    yield
    with log.open("a", encoding="utf-8") as out:
        print(f"== {name}: {time.perf_counter() - start:.1f} s", file=out)


def build(force: bool = False, quiet: bool = True) -> Path:
    """Builds the zip if needed and returns its path.

    Raises:
        BuildError: this machine can't make it (one line saying why).
    """
    out = zip_path()
    if not force and up_to_date():
        return out
    _check_host()
    start = time.perf_counter()
    inputs = fingerprint()  # before building: a file changed meanwhile makes the next call rebuild
    BUILD.mkdir(parents=True, exist_ok=True)
    log = BUILD / "build.log"
    log.write_text("", encoding="utf-8")
    # Narration and sounds into a cache of their own, so the zip holds exactly what the content needs.
    cache = BUILD / "cache"
    shutil.rmtree(cache, ignore_errors=True)
    env = {**os.environ, "EMPATHY_VR_CACHE": str(cache)}
    with _step("narration", log):
        _run_cli("narrate", "--engine", "espeak", env=env, log=log)
    with _step("sounds", log):
        _run_cli("sounds", env=env, log=log)
    with _step("build_apps", log):
        app = _freeze(log)
    with _step("plain packages", log):
        _copy_plain_packages(app)
    _add_files(app, cache)
    with _step("zip", log):
        _zip(app, out)
    (BUILD / "stamp.json").write_text(json.dumps({"fingerprint": inputs, "zip": str(out)}) + "\n")
    if not quiet:
        mb = out.stat().st_size / 1e6
        print(f"built {out} ({mb:.0f} MB) in {time.perf_counter() - start:.0f} s", file=sys.stderr)
    return out


def app_dir() -> Path:
    """The unzipped program folder of the last build (what the zip holds under empathy-vr/)."""
    return BUILD / "freeze" / PLATFORM


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--force", action="store_true", help="build even when the zip is up to date")
    ap.add_argument("--quiet", action="store_true", help="print nothing on success")
    args = ap.parse_args(argv)
    try:
        path = build(force=args.force, quiet=args.quiet)
    except BuildError as exc:
        print(f"build: {exc}", file=sys.stderr)
        return 1
    if not args.quiet:
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
