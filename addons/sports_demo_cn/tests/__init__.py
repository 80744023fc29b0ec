from . import test_demo_books, test_demo_site
