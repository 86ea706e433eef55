# The four ways a split ends, and what a free gives back.
register s 400
policy best
# split: the rest of the page's free block holds more structs
a = xcalloc s 4
b = xcalloc s 1
blocks
# exact fit: a's block is free again, and exactly 4 structs are asked for
xfree a
c = xcalloc s 4
# soft fragmentation: the rest (1904 - 1600 - 48 = 256) holds a meta block
# but no 400-byte struct: it is a free block anyway
d = xcalloc s 4
blocks
register t 3984
# hard fragmentation: the rest (16 bytes) is smaller than a meta block
e = xcalloc t 1
blocks t
# freeing e reclaims the gap: its page is one free block and goes back
xfree e
stats
check
