"""``bedfellows serve``: the HTTP API and dashboard over a store file."""

from __future__ import annotations

from pathlib import Path

import typer

from ..errors import BedfellowsError
from .main import app


@app.command("serve")
def serve_command(
    db: Path = typer.Option(Path("bedfellows.duckdb"), "--db", help="store file (opened read-only)"),
    host: str = typer.Option("127.0.0.1", "--host", help="address to bind; loopback by default"),
    port: int = typer.Option(8000, "--port", min=1, max=65535, help="TCP port"),
    no_warm: bool = typer.Option(False, "--no-warm", help="load the coder on the first /v1/code call"),
) -> None:
    """Serve the /v1 API and the dashboard at http://HOST:PORT/ (API docs at /docs)."""
    from rich.console import Console
    from rich.markup import escape

    from ..errors import require

    err = Console(stderr=True, soft_wrap=True)
    try:
        require("fastapi", "serve", "bedfellows serve")
        require("uvicorn", "serve", "bedfellows serve")
        from ..serve.app import create_app
        from ..serve.server import is_loopback, run_app

        application = create_app(db, warm_coder=not no_warm)
    except BedfellowsError as exc:
        err.print(f"[red]error:[/] {escape(str(exc))}", highlight=False)
        raise typer.Exit(exc.exit_code) from None
    if not is_loopback(host):
        err.print(f"[yellow]warning:[/] binding {host}: the server is reachable from other machines")
    err.print(f"serving {db} read-only on http://{host}:{port}/  (API docs: /docs)")
    run_app(application, host, port)
