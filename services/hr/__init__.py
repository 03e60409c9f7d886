"""HR: the post register and every post's role transfer into a centralised team."""
