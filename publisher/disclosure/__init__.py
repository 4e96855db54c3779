"""What a release lets an attacker work out about a suppressed count, and how to stop it.

The release is read as one system of linear relations over its cells (``system``): a
hidden count is an integer variable (1 to threshold-1 where Nav printed ``*``, at least
the threshold where we suppressed it), and every relation the release publishes between
cells is a constraint: each additive margin along a hierarchy is an equation, each
year-to-date average a window on the sum of the months it covers, as wide as the
rounding the report printed. The average of a total being the total of the averages
needs no constraint of its own: it follows from the months' margins and each row's
window, exactly rather than within rounding.

The bounds of every hidden count are found per connected component of hidden cells
(``bounds``): interval propagation first, then, where more than one variable is tied
together, integer programs solved by HiGHS (through SciPy) for the exact least and
greatest value. Secondary suppression (``protect``) solves, for each count still
narrowed, the integer program that frees the fewest printed cells so that an attacker's
interval spans the count's whole range again.
"""
