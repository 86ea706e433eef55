# The DOT picture of two live runs, one exact mapping and a cached run.
a = pages 2
b = pages 1
m = map 100
c = pages 3
unmap b
dump
