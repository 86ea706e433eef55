# Every bad input gets one error line, and nothing else changes:
# the run `keep` keeps its contents and the checker stays happy.
keep = pages 1
write keep 0 "precious data"
unmap nobody
gone = pages 1
unmap gone
unmap gone
read gone 0 1
keep = pages 1
pages 0
pages -3
pages many
pages 18446744073709551615
write keep 4090 "too long"
write keep 4097 x
read keep 4000 97
read keep 0x1000 1
nosuch
pages
pages 1 2
unmap
cache-limit -1
map 0
read keep 0 13
runs
stats
check
