# The largest struct phase 2 accepts is one page; one byte more is refused.
register page_sized 4096
register page_sized_hex_name 0x1000
lookup page_sized
stats
check
