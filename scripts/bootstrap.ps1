# Windows set-up: a virtual environment in .venv with wheels only.
# Needs Python 3.11+ from python.org or `winget install Python.Python.3.12`.
# espeak-ng (for rendered narration): `winget install eSpeak-NG.eSpeak-NG`.
param([string]$What = "run")
$py = Get-Command py -ErrorAction SilentlyContinue
if (-not (Test-Path .venv\Scripts\python.exe)) {
  if ($py) { & py -3 -m venv .venv } else { & python -m venv .venv }
}
& .\.venv\Scripts\python.exe -m pip install -q --upgrade pip
if ($What -eq "test") {
  & .\.venv\Scripts\python.exe -m pip install -q --only-binary=:all: -e ".[test]"
} else {
  & .\.venv\Scripts\python.exe -m pip install -q --only-binary=:all: -e .
}
if ($LASTEXITCODE -ne 0) { throw "pip install failed" }
