@echo off
rem `seqlab` in VS Code's integrated terminal on Windows: see bin/seqlab (the same, for sh).
setlocal
if defined SEQLAB_NODE if exist "%SEQLAB_NODE%" (
  set ELECTRON_RUN_AS_NODE=1
  "%SEQLAB_NODE%" "%~dp0seqlab.js" %*
  exit /b %ERRORLEVEL%
)
node "%~dp0seqlab.js" %*
