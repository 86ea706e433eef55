# os_malloc's heap: 128 KiB preallocated at the first brk use, best fit,
# a split only when the rest holds a header and 8 bytes, lazy merging
# before each search, large blocks mapped on their own.
a = malloc 100
b = malloc 200
c = malloc 300
write a 0 alpha
free b
d = malloc 150
heap
free d
e = malloc 180
heap
big = malloc 131072
z = calloc 4 1024
heap
free big
free z
realloc a 50
read a 0 5
realloc c 5000
heap
stats
check
