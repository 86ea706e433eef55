# MeMS stopped and started again: calls between mems_finish and the next
# mems_init fail (labels from before are freed), mems_init twice fails,
# and a new mems_init starts from virtual address 1000 again.
a = mems_malloc 10
write a 0 "old"
mems_finish
b = mems_malloc 10
mems_get a
mems_get 1000
mems_free 1000
write 1000 0 "x"
mems_stats
mems_finish
stats
check
mems_init
mems_init
c = mems_malloc 10
read c 0 3
mems_stats
check
