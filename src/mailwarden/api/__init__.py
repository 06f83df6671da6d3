"""The web app: REST API (/api/v1, OpenAPI at /docs) and server-rendered pages, with OIDC sign-in.

app.py         create_app(settings, *, workspace, tenant_key, connection, oidc): the app and its lifespan
deps.py        Runtime (the one open tenant connection), the person asking, their CLI-shaped Session
auth.py        OIDC code flow + PKCE, the signed session cookie, CSRF, Principal
tokens.py      API tokens (hashed at rest, scoped, revocable)
operations.py  what routes and pages do, once
problems.py    RFC 9457 problem details from mailwarden's error tree
health.py      the tenant's health badges
routes/        one router per resource under /api/v1
web/           pages.py, signin.py, templates/, static/
"""
