"""`nowserving demo`: the whole office on one machine, for people trying the product."""
