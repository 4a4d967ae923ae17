# Set up everything and run the default experience on Windows: in the headset if an
# OpenXR runtime is active (SteamVR, Meta Quest Link), otherwise the desktop preview.
$ErrorActionPreference = "Stop"
Set-Location $PSScriptRoot
. "$PSScriptRoot\scripts\bootstrap.ps1" run
& .\.venv\Scripts\python.exe run_vr.py narrate --engine espeak
& .\.venv\Scripts\python.exe run_vr.py sounds
& .\.venv\Scripts\python.exe run_vr.py @args
exit $LASTEXITCODE
