# One family: one family page, one record in it.
register emp_t 36
lookup emp_t
families
stats
check
