# The page cache at work: returned runs are kept and reused without mmap.
a = pages 2
b = pages 1
unmap a
# served from the cache: the first cached run large enough, split
c = pages 1
cache
d = pages 1
cache
# nothing cached is large enough: a new mapping
e = pages 3
unmap e
unmap b
cache
# the cache keeps at most 8 pages: this run does not fit, so it is unmapped
f = pages 6
unmap f
runs
stats
cache-limit 1
drain
stats
check
