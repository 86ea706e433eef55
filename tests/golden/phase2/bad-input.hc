# Every bad input gets one error line and changes nothing: the families
# registered before and after stay as they were, and the checker agrees.
register emp_t 36
register emp_t 8
register abcdefghijklmnopqrstuvwxyz_abcdef 8
register "" 8
register "tab\there" 8
register "quote\"d" 8
register "back\\slash" 8
register zero 0
register negative -8
register eight eight
register too_big 4097
register huge 18446744073709551615
register oversized 99999999999999999999999
register missing
register one two three
lookup nobody
lookup
family-records 0
family-records 3
register dept_t 100
families
stats
check
