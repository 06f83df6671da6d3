"""The server-rendered pages (Jinja2, no JavaScript framework) and the sign-in flow."""
