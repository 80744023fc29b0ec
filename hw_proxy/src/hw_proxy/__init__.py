"""Arena hardware proxy: bridges a venue's devices and Odoo, and keeps working offline."""

__version__ = "0.1.0"
