"""The server-rendered dashboard: one blueprint per area."""
from flask import Flask


def register_web(app: Flask) -> None:
    from app.web.auth import bp as auth
    from app.web.overview import bp as overview

    for blueprint in (auth, overview):
        app.register_blueprint(blueprint)

    from app.web.session import current_actor

    @app.context_processor
    def _inject_actor():
        return {"actor": current_actor()}
