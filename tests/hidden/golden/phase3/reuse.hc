# Hidden scenario (tests/hidden/phase3.bats): blocks freed in the middle of
# a page are the ones handed out next, and a page goes back only when all
# of its blocks are free.
register node_t 1000
a = alloc node_t
b = alloc node_t
c = alloc node_t
write b 0 "middle"
free b
d = alloc node_t
write d 0 "reused"
read d 0 6
blocks node_t
free a
free c
free d
blocks
stats
check
