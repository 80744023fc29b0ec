{
    "name": "Arena: Member Cards at Merchant Stalls",
    "summary": "Member-card payments at merchant stalls through the POS card payment method; "
    "merchants are settled on the face value of card spends",
    "version": "19.0.1.0.0",
    "category": "Services/Arena",
    "author": "Arena contributors",
    "website": "https://github.com/arena-sports/arena",
    "license": "LGPL-3",
    "depends": ["sports_stall", "sports_pos_membership"],
    "data": [],
    "auto_install": True,
    "installable": True,
}
