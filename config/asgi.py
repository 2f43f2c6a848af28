"""ASGI entry point: HTTP goes to Django, WebSockets to the Channels routes of each live app."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
django_asgi_app = get_asgi_application()

from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402 -- needs Django set up
from channels.security.websocket import AllowedHostsOriginValidator  # noqa: E402 -- needs Django set up

from coproduce.accounts.sockets import SocketUserStack  # noqa: E402 -- needs Django set up
from coproduce.workshops.routing import (  # noqa: E402 -- needs Django set up
    websocket_urlpatterns as workshop_websockets,
)

websocket_urlpatterns: list = [*workshop_websockets]  # each live app adds its routing here

application = ProtocolTypeRouter(
    {
        "http": django_asgi_app,
        "websocket": AllowedHostsOriginValidator(SocketUserStack(URLRouter(websocket_urlpatterns))),
    }
)
