# phase4/demo.hc - the phase 4 lesson as a script: split and merge.
# `make demo` runs it as
#   phase4/phase4 --strict --frames diagrams/phase4 phase4/demo.hc
# Every xcalloc, xfree and policy leaves a picture diagrams/phase4/NNN-WORD.svg.
# The lesson is phase4/README.md.

register rec_t 400

echo "1. A new page is one big free block. Each allocation splits off what it needs."
a = xcalloc rec_t 1
b = xcalloc rec_t 2
c = xcalloc rec_t 1
d = xcalloc rec_t 3
blocks

echo "2. Free merges a block with its free neighbours: b and c become one free block."
xfree b
xfree c
blocks

echo "3. Best fit takes the smallest block that fits. Its rest holds no rec_t: soft fragmentation."
policy best
e = xcalloc rec_t 2
blocks

echo "4. A rest smaller than a meta block cannot be a block: hard fragmentation, a gap."
register tight_t 3984
t = xcalloc tight_t 1
blocks tight_t

echo "5. An array larger than a page gets a run of pages; the rest of the run joins the free list."
big = xcalloc rec_t 12
usage

echo "6. Freeing d merges both neighbours at once; a page that is one free block goes back."
xfree big
xfree t
xfree a
xfree e
xfree d
usage
stats
check

echo "7. The same engine runs a bounded pool: one region, split by palloc, merged by pfree."
pool-init 2000
p = palloc 500
q = palloc 500
r = palloc 500
pfree p
pfree q
stats
pool-destroy
check
