"""Who has access and why: live grants with their origin (why.py), and access reviews (reviews.py)."""
