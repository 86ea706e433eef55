# The same request under each fit policy.  Free blocks of 576, 192 and 384
# bytes (in address order) and a free tail of 1984; then a request for
# 384 bytes: first fit takes the lowest that fits (576), best fit the
# exact one (384), worst fit the largest (the tail).
register r 192
a = xcalloc r 3
h1 = xcalloc r 1
b = xcalloc r 1
h2 = xcalloc r 1
c = xcalloc r 2
h3 = xcalloc r 1
xfree a
xfree b
xfree c
policy first
x = xcalloc r 2
blocks
xfree x
policy best
y = xcalloc r 2
blocks
xfree y
policy worst
z = xcalloc r 2
blocks
stats
check
