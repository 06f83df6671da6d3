"""`mailwarden serve`: the web app and REST API (for the demo tenant, with the emulator as sign-in)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import typer

from .common import TenantOption, console, handles_errors

if TYPE_CHECKING:
    import uvicorn

__all__ = ["serve", "serve_app", "server_config"]


@handles_errors
def serve(
    host: Annotated[str, typer.Option(help="The address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="The port to listen on (0: any free port).")] = 8000,
    tenant: TenantOption = "demo",
    trust_proxy: Annotated[
        str,
        typer.Option(
            envvar="MAILWARDEN_TRUSTED_PROXIES",
            help=(
                "Comma-separated addresses (or '*') of the load balancers whose X-Forwarded-Proto/For "
                "headers are believed. Behind a proxy on another host, name it: otherwise the scheme "
                "stays http, cookies lose Secure and sign-in redirects to http."
            ),
        ),
    ] = "127.0.0.1",
) -> None:
    """Serve the web pages and the REST API (OpenAPI at /docs) for one tenant."""
    serve_app(tenant, host, port, trust_proxy=trust_proxy)


def server_config(app: Any, host: str, port: int, *, trust_proxy: str = "127.0.0.1") -> uvicorn.Config:
    """How uvicorn serves the app."""
    import uvicorn

    # Keep idle connections longer than a load balancer does (60 s on the common ones), so the balancer
    # never sends a request into a connection uvicorn is closing (uvicorn's default is 5 s). Forwarded
    # headers are believed from the named proxies only: from anyone else they would let a client claim https
    # (so a Secure cookie and https redirects) and any address for itself.
    return uvicorn.Config(
        app,
        host=host,
        port=port,
        log_level="warning",
        proxy_headers=True,
        forwarded_allow_ips=trust_proxy,
        timeout_keep_alive=75,
    )


def serve_app(tenant: str, host: str, port: int, *, trust_proxy: str = "127.0.0.1") -> None:
    """Run the web app for `tenant` in the foreground until Ctrl-C."""
    import uvicorn

    from mailwarden.api.app import create_app

    app = create_app(tenant_key=tenant)
    config = server_config(app, host, port, trust_proxy=trust_proxy)
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
