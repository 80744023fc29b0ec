"""Count Odoo test results from a ``--log-level=test`` log.

Usage: odoo_log_counts.py LOG EXIT_CODE  ->  prints "passed failed skipped".

Odoo prints one line per registry at the end of a ``--stop-after-init`` test run:
``odoo.tests.result: F failed, E error(s) of N tests when loading database 'db'``.
Every test that ran is in N; F and E include errors logged during a test. If the
line is missing, or Odoo exited non-zero (an install error, a crash), the run
counts one extra failure so that it can never look green.
"""

import re
import sys

RESULT = re.compile(r"(\d+) failed, (\d+) error\(s\) of (\d+) tests when loading database")
SKIP = re.compile(r" odoo\.\S+: skipped ")


def main(path, exit_code):
    failed = errors = total = skipped = 0
    seen = False
    with open(path, encoding="utf-8", errors="replace") as log:
        for line in log:
            match = RESULT.search(line)
            if match:
                seen = True
                failed += int(match[1])
                errors += int(match[2])
                total += int(match[3])
            elif SKIP.search(line):
                skipped += 1
    bad = failed + errors
    if not seen or exit_code != 0 or total == 0:
        bad += 1
    passed = max(total - failed - errors - skipped, 0)
    print(passed, bad, skipped)


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
