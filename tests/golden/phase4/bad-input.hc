# Every bad input gets one error line and changes nothing: `keep` keeps its
# contents and the checker stays happy.
register emp_t 36
keep = xcalloc emp_t 2
write keep 0 "precious"
x = xcalloc dept_t 1
xcalloc emp_t 0
xcalloc emp_t -1
xcalloc emp_t many
xcalloc emp_t 18446744073709551615
xcalloc emp_t 29826162
xfree nobody
gone = xcalloc emp_t 1
xfree gone
xfree gone
read gone 0 1
keep = xcalloc emp_t 1
policy fastest
policy
register big 1073741825
write keep 78 "too long"
read keep 0 8
blocks
usage
check
