# os_* reports failure only by NULL: the program names what the NULL
# means, and nothing else changes.
keep = malloc 16
write keep 0 safe
x = malloc 0
y = calloc 0 8
y = calloc 9223372036854775807 3
z = malloc 18446744073709551615
gone = malloc 8
free gone
free gone
realloc gone 10
realloc keep 0
read keep 0 4
heap
check
