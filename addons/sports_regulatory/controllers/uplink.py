import json

from odoo import http
from odoo.http import request

# A message carries one venue-hour or one day: far below this.
MAX_BODY_BYTES = 1024 * 1024
UPLINK_ROUTE = "/arena/uplink/v1/messages"


class UplinkController(http.Controller):
    @http.route(
        UPLINK_ROUTE,
        type="http",
        auth="none",
        methods=["POST"],
        csrf=False,
        readonly=False,
        save_session=False,
    )
    def uplink_messages(self):
        """Receive one signed message from a subordinate Arena (see sports.uplink.receiver)."""
        # Cached: Odoo serves the request again after a serialization failure.
        raw = request.httprequest.get_data()
        if len(raw) > MAX_BODY_BYTES:
            return self._answer(413, {"status": "rejected", "error": "message too large"})
        # sudo: the sender is authenticated by the HMAC signature of its connection, not as
        # a user; the receiver files what it accepts under that connection's company only.
        receiver = request.env["sports.uplink.receiver"].sudo()
        status, answer, connection = receiver._receive(request.httprequest.headers, raw)
        return self._answer(status, answer, connection)

    @staticmethod
    def _answer(status, answer, connection=None):
        body = json.dumps(answer, ensure_ascii=False, separators=(",", ":")).encode()
        headers = [("Content-Type", "application/json")]
        if connection:
            headers += list(connection._sign(body).items())
        return request.make_response(body, headers=headers, status=status)
