# phase3/demo.hc - the phase 3 lesson as a script: meta blocks and data blocks.
# `make demo` runs it as
#   phase3/phase3 --strict --frames diagrams/phase3 phase3/demo.hc
# Every register, alloc and free leaves a picture diagrams/phase3/NNN-WORD.svg.
# The lesson is phase3/README.md.

echo "1. Register a large struct, so that only a few blocks fit in a page."
register student_t 1200

echo "2. The first allocation formats a data page into fixed blocks: meta + data, then the tail."
a = alloc student_t
write a 0 "Ada Lovelace"

echo "3. The next allocations take the following free blocks; the fourth needs a second page."
b = alloc student_t
c = alloc student_t
d = alloc student_t
blocks student_t

echo "4. Freeing marks a block free; it goes to the head of the free list and is reused first."
free b
e = alloc student_t
read a 0 12

echo "5. When every block of a page is free, the page goes back to the page layer (phase 1)."
free d

echo "6. The cost of fixed blocks: meta bytes, padding, and the unusable tail of each page."
stats
check
