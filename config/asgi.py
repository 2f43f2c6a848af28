"""ASGI entry point: HTTP goes to Django, WebSockets to the Channels routes of each live app."""

import gc
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

# Everything loaded so far lives as long as the process, so the garbage collector need not walk
# it again; and it runs less often while a crowd joins at once. Each collection stopped a room
# of 1,000 phones for up to a fifth of a second (docs/decisions/0009-garbage-collection.md).
gc.freeze()
gc.set_threshold(10_000, 10, 10)

application = ProtocolTypeRouter(
    {
        "http": django_asgi_app,
        "websocket": AllowedHostsOriginValidator(SocketUserStack(URLRouter(websocket_urlpatterns))),
    }
)
