from odoo import models


class SportsTrainingCourse(models.Model):
    _inherit = "sports.training.course"

    def _sports_pos_price(self):
        """What enrolling now costs at the desk: what the enrolment will cost (the term's
        price, or a per-session price times the sessions still to come)."""
        self.ensure_one()
        return self._enrol_amount()
