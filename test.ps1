# Set up everything and run the whole test suite on Windows.
$ErrorActionPreference = "Stop"
Set-Location $PSScriptRoot
. "$PSScriptRoot\scripts\bootstrap.ps1" test
& .\.venv\Scripts\python.exe -m pytest @args
exit $LASTEXITCODE
