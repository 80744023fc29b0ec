from odoo.tests import tagged

from .portal_fuzz import PortalFuzzCase, arena_routes, covered_routes


@tagged("post_install", "-at_install")
class TestFuzzCoverage(PortalFuzzCase):
    """Issue 12: the portal fuzz suites of the Arena addons cover every Arena route."""

    def test_every_arena_route_has_a_fuzz_test(self):
        routes = arena_routes(self.env)
        if "sports.booking" in self.env:
            # The suite finds Arena's routes at all: the website venue list is one of them.
            self.assertIn("/venues", {rule for rule, _methods in routes})
        covered = covered_routes(self.env)
        missing = sorted(
            f"{rule} {sorted(methods)}" for rule, methods in routes if rule not in covered
        )
        self.assertFalse(
            missing,
            "These Arena routes have no portal fuzz test: declare each in COVERED_ROUTES of "
            "its addon's tests/test_fuzz_portal.py and post malformed values to it there.",
        )
