from . import controllers, models, wizard


def post_init_hook(env):
    """Give every company with a chart of accounts its member-card accounts and journal."""
    companies = env["res.company"].search([("chart_template", "!=", False)])
    for company in companies:
        company._arena_card_accounting()
