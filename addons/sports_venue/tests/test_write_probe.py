"""The write probe that the public-method and JSON-2 fuzz suites rely on."""

from odoo.tests import TransactionCase

from .public_methods_scan import WriteProbe


class TestWriteProbe(TransactionCase):
    def _probe(self, act):
        self.env.flush_all()
        probe = WriteProbe(self.env.cr)
        savepoint = self.env.cr.savepoint()
        try:
            act()
            self.env.flush_all()
            return probe.written(savepoint)
        finally:
            savepoint.close(rollback=True)
            self.env.invalidate_all()

    def test_a_write_is_seen_and_undone(self):
        venue = self.env.ref("sports_venue.venue_csc")
        name = venue.name

        def rename():
            venue.name = "Probe"

        self.assertEqual(self._probe(rename), ["sports_venue"])
        self.assertEqual(venue.name, name, "the probe rolls the call back")

    def test_reads_and_self_undone_writes_are_no_write(self):
        venue = self.env.ref("sports_venue.venue_csc")

        def read_only():
            self.env["sports.venue"].search([]).mapped("name")

        def undone():
            try:
                with self.env.cr.savepoint():
                    venue.name = "Undone"
                    self.env.flush_all()
                    raise _Undo
            except _Undo:
                self.env.invalidate_all()

        self.assertEqual(self._probe(read_only), [])
        self.assertEqual(self._probe(undone), [])


class _Undo(Exception):
    pass
