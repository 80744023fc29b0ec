"""Entry point for ``python -m hw_proxy`` and the ``arena-hw-proxy`` script."""

import sys

from hw_proxy.cli import main

if __name__ == "__main__":
    sys.exit(main())
