"""`advisor mcp`: the MCP server over stdio (stdout carries the protocol, so messages go to stderr)."""

from __future__ import annotations

import argparse

from rag.backends import BACKENDS


def register(sub) -> None:
    mcp = sub.add_parser("mcp", help="serve the advisor to MCP clients over stdio (tools ask, search, roadmap, plan)")
    mcp.add_argument("--db", help="index directory (default: .advisor/index)")
    mcp.add_argument("--backend", choices=BACKENDS, help="extractive (default, offline), openai or local")
    mcp.set_defaults(func=cmd_mcp)


def cmd_mcp(args: argparse.Namespace) -> int:
    from app.mcp_server import build_mcp_server
    from app.plan_service import PlanService
    from rag.advisor import get_advisor
    from rag.settings import get_settings

    advisor = get_advisor(get_settings(db_dir=args.db, backend=args.backend))  # fails before the handshake
    advisor.status()
    build_mcp_server(advisor, PlanService(advisor.settings)).run("stdio")
    return 0
