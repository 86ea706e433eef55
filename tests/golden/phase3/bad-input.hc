# Every bad input gets one error line and changes nothing: `keep` keeps its
# contents and the checker stays happy.
register emp_t 36
keep = alloc emp_t
write keep 0 "precious"
x = alloc dept_t
free nobody
gone = alloc emp_t
free gone
free gone
read gone 0 1
keep = alloc emp_t
alloc
alloc emp_t extra
register big 4001
register huge 18446744073709551615
blocks dept_t
write keep 30 "too long"
read keep 36 1
read keep 0 8
blocks
check
