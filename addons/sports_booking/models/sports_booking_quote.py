from odoo import _, api, models
from odoo.exceptions import AccessError, UserError, ValidationError

from odoo.addons.sports_venue.tools import inputs


class SportsBooking(models.Model):
    _inherit = "sports.booking"

    @api.model
    def quote(self, space_id, start_at, end_at, partner_id=False):
        """The price of booking ``space_id`` from ``start_at`` to ``end_at`` for
        ``partner_id``: the amount ``book()`` would charge, from the same price rules.

        It checks neither availability nor the booking rules: ``book()`` does, and
        refuses a booking whose price differs from the ``expected_amount`` quoted here.
        """
        self.check_access("read")
        space = inputs.record(self.env, "sports.space", space_id, _("The space"), required=True)
        start = inputs.moment(self.env, start_at, _("The start of the booking"))
        end = inputs.moment(self.env, end_at, _("The end of the booking"))
        partner = inputs.record(self.env, "res.partner", partner_id, _("The customer"))
        try:
            space.check_access("read")
        except AccessError:
            raise UserError(_("You cannot book a space of another company.")) from None
        if space.company_id not in self.env.companies:
            raise UserError(_("You cannot book a space of another company."))
        if end <= start:
            raise ValidationError(_("The booking must end after it starts."))
        # Also bounds the work of pricing: one price rule lookup per slot.
        if (end - start).total_seconds() / 60 > space._max_minutes():
            raise ValidationError(
                _(
                    "%(space)s is booked for at most %(minutes)s minutes at a time.",
                    space=space.name,
                    minutes=space._max_minutes(),
                )
            )
        return self.env["sports.price.rule"]._compute_price(space, start, end, partner)
