from odoo import models

from .stall_statement_xlsx import statement_xlsx


class SportsStallSettlement(models.Model):
    """The statements of a settlement: the QWeb PDF (``action_report_stall_statement``) and
    the XLSX served by ``/sports_stall/statement/<id>/xlsx``."""

    _inherit = "sports.stall.settlement"

    def action_download_statement_xlsx(self):
        """The XLSX statement, downloaded through the route that checks the caller's right
        to read the settlement."""
        self.ensure_one()
        self.check_access("read")
        return {
            "type": "ir.actions.act_url",
            "url": self._statement_xlsx_url(),
            "target": "download",
        }

    def _statement_xlsx_url(self):
        self.ensure_one()
        return f"/sports_stall/statement/{self.id}/xlsx"

    def _statement_filename(self, extension):
        self.ensure_one()
        name = "".join(c if c.isalnum() or c in "-_" else "_" for c in self.name or str(self.id))
        return f"{self.env._('Statement')}-{name}.{extension}"

    def _get_report_base_filename(self):
        """The statement PDF's name when a merchant downloads it from the portal."""
        return self._statement_filename("pdf")[: -len(".pdf")]

    def _statement_xlsx(self):
        """The XLSX bytes of the statement (the caller checked the right to read it)."""
        return statement_xlsx(self)
