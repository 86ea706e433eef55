# Every bad input to the phase5 program, with two live segments holding
# data: each fails with one error line and changes nothing.
keep = mems_malloc 100
big = mems_malloc 5000
write keep 0 "precious"
write big 4990 "tail bytes"
gone = mems_malloc 50
mems_free gone
# sizes
x = mems_malloc 0
x = mems_malloc -1
x = mems_malloc 18446744073709551615
x = mems_malloc 18446744073709551616
x = mems_malloc lots
# addresses: below 1000, past the end, in a HOLE, inside a segment
mems_free 0
mems_free 999
mems_get 13288
mems_free 99999999
mems_get 1100
mems_free 5095
mems_free 1001
mems_free 10095
mems_get keep 100
mems_get big 18446744073709551615
# labels: freed, unknown, already bound
mems_free gone
mems_get nobody
keep = mems_malloc 10
# reads and writes outside the segment
write keep 95 "too long"
read big 4990 11
read 1050 0 51
write 1100 0 "hole"
# malformed commands
mems_malloc
mems_get
mems_free keep big
mems_stats now
mems_fly 10
# still intact
read keep 0 8
read big 4990 10
mems_stats
check
