# A family of 1000-byte structs: three blocks a page.  Seven allocations
# format three pages; freeing every block of a page gives it back.
register rec_t 1000
a = alloc rec_t
b = alloc rec_t
c = alloc rec_t
d = alloc rec_t
e = alloc rec_t
f = alloc rec_t
g = alloc rec_t
write a 0 first
write g 996 last
blocks
free d
free e
blocks rec_t
free f
blocks rec_t
h = alloc rec_t
blocks rec_t
read a 0 5
read g 996 4
stats
check
