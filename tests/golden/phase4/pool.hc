# The bounded pool: one region, split by palloc and merged by pfree; an
# exhausted pool says so and changes nothing.
pool-init 3000
a = palloc 1000
b = palloc 1000
c = palloc 1000
write a 0 first
write c 0 third
d = palloc 1200
pfree b
pfree a
e = palloc 2000
read c 0 5
stats
check
pool-destroy
check
