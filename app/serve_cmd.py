"""`advisor serve`: the OpenAI-compatible HTTP API on uvicorn.

Loopback by default. Any other address exposes the advisor (and, with an LLM backend, the API key
behind it) to the network, so it refuses to start without a client key.
"""

from __future__ import annotations

import argparse
import ipaddress
import sys

from rag.backends import BACKENDS


def register(sub) -> None:
    serve = sub.add_parser("serve", help="serve the advisor as an OpenAI-compatible HTTP API")
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1, loopback only)")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--db", help="index directory (default: .advisor/index)")
    serve.add_argument("--backend", choices=BACKENDS, help="extractive (default, offline), openai or local")
    serve.add_argument("--api-key", help="key clients must send as 'Authorization: Bearer KEY' "
                       "(or set ADVISOR_SERVE_API_KEY); required on any non-loopback host")
    serve.add_argument("--max-running", type=int, default=2, help="answers computed at once (default: 2)")
    serve.add_argument("--max-waiting", type=int, default=64, help="answers queued beyond those; more get 429 (default: 64)")
    serve.set_defaults(func=cmd_serve)


def is_loopback(host: str) -> bool:
    if host.strip().lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False  # a host name other than localhost may resolve to anything


def cmd_serve(args: argparse.Namespace) -> int:
    from rag.errors import InvalidOptionError
    from rag.settings import get_settings

    settings = get_settings(db_dir=args.db, backend=args.backend)
    api_key = args.api_key or (settings.serve_api_key.get_secret_value() if settings.serve_api_key else None)
    if not is_loopback(args.host) and not api_key:
        raise InvalidOptionError(
            f"Refusing to serve on {args.host}, which is not a loopback address, without a client key: "
            "pass --api-key KEY (or set ADVISOR_SERVE_API_KEY), or serve on 127.0.0.1.")
    if not 0 < args.port < 65536:
        raise InvalidOptionError(f"--port must be between 1 and 65535, not {args.port}.")
    if args.max_running < 1 or args.max_waiting < 0:
        raise InvalidOptionError("--max-running must be at least 1 and --max-waiting at least 0.")

    import uvicorn

    from app.plan_service import PlanService
    from app.server import AnswerSlots, create_app
    from rag.advisor import get_advisor

    advisor = get_advisor(settings)  # a missing or unreadable index fails here, before listening
    status = advisor.status()
    app = create_app(advisor, api_key=api_key, slots=AnswerSlots(args.max_running, args.max_waiting),
                     planner=PlanService(settings))
    print(f"Serving {status.passages} passages from {status.location} ({settings.backend} backend) on "
          f"http://{args.host}:{args.port}/v1 as model 'career-advisor'"
          f"{'' if api_key else ' (no key: loopback only)'}", file=sys.stderr, flush=True)
    uvicorn.run(app, host=args.host, port=args.port, log_level="warning", access_log=False)
    return 0
