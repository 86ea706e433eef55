# Two families share nothing: each has its own data pages and free list.
register small_t 8
register point_t 24
s1 = alloc small_t
p1 = alloc point_t
s2 = alloc small_t
write p1 0 xyz
free s1
s3 = alloc small_t
free p1
blocks
stats
check
