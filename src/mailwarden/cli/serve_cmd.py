"""`mailwarden serve`: the web app and REST API (for the demo tenant, with the emulator as sign-in)."""

from __future__ import annotations

from typing import Annotated

import typer

from .common import TenantOption, console, handles_errors

__all__ = ["serve", "serve_app"]


@handles_errors
def serve(
    host: Annotated[str, typer.Option(help="The address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="The port to listen on (0: any free port).")] = 8000,
    tenant: TenantOption = "demo",
) -> None:
    """Serve the web pages and the REST API (OpenAPI at /docs) for one tenant."""
    serve_app(tenant, host, port)


def serve_app(tenant: str, host: str, port: int) -> None:
    """Run the web app for `tenant` in the foreground until Ctrl-C."""
    import uvicorn

    from mailwarden.api.app import create_app

    app = create_app(tenant_key=tenant)
    # Keep idle connections longer than a load balancer does (60 s on the common ones), so the balancer
    # never sends a request into a connection uvicorn is closing (uvicorn's default is 5 s).
    config = uvicorn.Config(
        app, host=host, port=port, log_level="warning", proxy_headers=True, timeout_keep_alive=75
    )
    server = uvicorn.Server(config)

    original_startup = server.startup

    async def startup(sockets: object = None) -> None:
        await original_startup(sockets=sockets)  # type: ignore[arg-type]
        bound = [s.getsockname() for srv in server.servers for s in srv.sockets] if server.started else []
        shown = f"http://{host}:{bound[0][1] if bound else port}"
        console.print(
            f"[bold]mailwarden[/] serves tenant [bold]{tenant}[/] at {shown}  (API docs: {shown}/docs)"
        )
        if tenant == "demo":
            console.print(
                "[dim]Sign-in goes to the demo tenant emulator's page over https with its own certificate "
                "authority; your browser may ask you to accept it once.[/]"
            )
        console.print("Press Ctrl-C to stop.")

    server.startup = startup  # type: ignore[method-assign]
    server.run()
