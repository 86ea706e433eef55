# phase1/demo.hc - the phase 1 lesson as a script: pages from the kernel.
# `make demo` runs it as
#   phase1/phase1 --strict --frames diagrams/phase1 phase1/demo.hc
# and every command that changes the state (pages, map, unmap, sbrk,
# cache-limit, drain) leaves a picture diagrams/phase1/NNN-WORD.svg, NNN
# being the command's number (echo lines count too).  The lesson that
# explains each step is phase1/README.md.

echo "1. Ask for whole pages. The cache is empty, so each request is one mmap."
a = pages 2
b = pages 3

echo "2. Fresh pages from mmap are zero-filled by the kernel: unwritten bytes read as \\0."
write a 0 "hello from page 0"
read a 0 20
write b 0 "old secret"
runs

echo "3. Give b back. The cache has room for its 3 pages, so they stay mapped: no munmap."
unmap b

echo "4. Ask for 1 page. First fit finds b's old run and splits it: no mmap."
c = pages 1
cache

echo "5. The page came from the cache, so it still holds what b wrote: calloc must clear it."
read c 0 12

echo "6. An exact mapping bypasses the cache both ways: its own mmap, and munmap on return."
m = map 5000
unmap m

echo "7. The program break, for comparison: one contiguous heap that only grows at the top."
sbrk 8192

echo "8. The cache now holds two runs of 2 pages, but no run of 3: a new mapping."
unmap a
cache
d = pages 3

echo "9. A smaller limit unmaps the oldest cached runs. A run that no longer fits is unmapped."
cache-limit 2
unmap d
drain

echo "10. What happened, counted, and the checker's verdict."
stats
check
