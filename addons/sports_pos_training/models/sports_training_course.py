from odoo import fields, models


class SportsTrainingCourse(models.Model):
    _inherit = "sports.training.course"

    def _sports_pos_price(self):
        """What enrolling now costs at the desk: the term's price, or a per-session
        price times the sessions still to come."""
        self.ensure_one()
        if self.price_mode == "term":
            return self.price
        now = fields.Datetime.now()
        upcoming = self.session_ids.filtered(lambda s: s.state == "planned" and s.start_at > now)
        return self.currency_id.round(self.price * len(upcoming))
