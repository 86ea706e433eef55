# phase2/demo.hc - the phase 2 lesson as a script: page-family registration.
# `make demo` runs it as
#   phase2/phase2 --strict --frames diagrams/phase2 phase2/demo.hc
# Each `register` leaves a picture diagrams/phase2/NNN-register.svg.
# The lesson is phase2/README.md.

echo "1. A page holds this many family records on this machine, and why:"
stats

echo "2. So that the second family page shows up after a few families, hold 3 per page."
family-records 3

echo "3. The application registers each struct it will allocate, once, by name and size."
register emp_t 36
register dept_t 100
register "struct student" 72

echo "4. The first family page is full: the next family starts a second page, chained after it."
register node_t 24
register list_t 16

echo "5. Look a family up by name: the manager walks the chain of family pages."
lookup dept_t
families

echo "6. The family pages are ordinary pages of the page layer (phase 1): two runs of one page."
stats
check
