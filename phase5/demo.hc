# phase5/demo.hc - the phase 5 lesson as a script: virtual mapping, MeMS.
# `make demo` runs it as
#   phase5/phase5 --strict --frames diagrams/phase5 phase5/demo.hc
# Every mems_malloc and mems_free leaves a picture diagrams/phase5/NNN-WORD.svg.
# The lesson is phase5/README.md.  Steps 1 to 3 are the MeMS assignment's
# example: ten arrays of 250 ints (1000 bytes each) on 4096-byte pages.

echo "1. Ten requests of 1000 bytes. A node is mapped when no HOLE fits; its range follows the last."
p0 = mems_malloc 1000
p1 = mems_malloc 1000
p2 = mems_malloc 1000
p3 = mems_malloc 1000
p4 = mems_malloc 1000
p5 = mems_malloc 1000
p6 = mems_malloc 1000
p7 = mems_malloc 1000
p8 = mems_malloc 1000
p9 = mems_malloc 1000

echo "2. Write through a virtual address: MeMS translates it to its node's real page."
mems_get p0 4
write p0 4 "two hundred"
read p0 0 16
mems_stats

echo "3. Free the fourth array: it merges with the HOLE after it. The next 1000 bytes go back there."
mems_free p3
mems_stats
p3 = mems_malloc 1000
mems_stats

echo "4. Free merges with HOLE neighbours: p5 has none, p7 joins the HOLE after it, p6 joins both sides."
mems_free p5
mems_free p7
mems_free p6

echo "5. A request larger than a page gets a node of several pages."
big = mems_malloc 10000
mems_get big 5000
write big 9990 "last bytes"
read big 9990 10

echo "6. A number works as well as a label: free by virtual address."
mems_free 9192
mems_stats
stats
check
