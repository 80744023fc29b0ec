from . import portal, website
