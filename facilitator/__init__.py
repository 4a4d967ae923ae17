"""The facilitator console hub: aiohttp server, protocol, SQLite record, web page.

``start_background_hub`` runs a hub on its own thread (the experience's default);
``python run_vr.py console`` runs one alone for a workshop room.
"""

from experience.protocol import MESSAGES, PROTOCOL_VERSION, Message, ProtocolError, encode, new_session_code, parse

from ._auth import RateLimit, new_token
from ._cli import RecordError, announce, default_db_path, start_local_hub
from ._hub import Hub, LiveSession
from ._report import report_csv, report_html, report_json
from ._server import HubHandle, create_app, start_background_hub
from ._storage import Store

__all__ = [
    "MESSAGES",
    "PROTOCOL_VERSION",
    "Hub",
    "HubHandle",
    "LiveSession",
    "Message",
    "ProtocolError",
    "RateLimit",
    "RecordError",
    "Store",
    "announce",
    "create_app",
    "default_db_path",
    "encode",
    "new_session_code",
    "new_token",
    "parse",
    "report_csv",
    "report_html",
    "report_json",
    "start_background_hub",
    "start_local_hub",
]
