import re

from odoo import models

CID_SRC = re.compile(r"""src=["']cid:([^"'>\s]+)["']""")


class IrMailServer(models.Model):
    _inherit = "ir.mail_server"

    def _build_email__(self, *args, **kwargs):  # noqa: PLW3201 (Odoo's own name)
        """Send an image attachment whose file name the HTML body shows as
        ``<img src="cid:NAME">`` inline, as a related part of the HTML body.

        Odoo attaches files for download only, and message_post turns ``cid:`` images into
        links to the server, which mail clients block until asked and which would expose
        a bearer QR code at a URL. A booking pass mail shows its QR at once, offline too.
        """
        message = super()._build_email__(*args, **kwargs)
        return _inline_cid_images(message)


def _inline_cid_images(message):
    html = message.get_body(("html",))
    if html is None:
        return message
    cids = set(CID_SRC.findall(html.get_content()))
    if not cids:
        return message
    for part in list(message.iter_attachments()):
        name = part.get_filename()
        if name not in cids or part.get_content_maintype() != "image":
            continue
        html.add_related(
            part.get_content(),
            part.get_content_maintype(),
            part.get_content_subtype(),
            cid=f"<{name}>",
            filename=name,
            disposition="inline",
        )
        message.get_payload().remove(part)
    return message
