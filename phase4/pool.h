/*
 * pool.h - the old path of the pool's interface, kept so programs built
 * with "cc -Iphase4" compile unchanged.  The pool and its lesson live in
 * phase4/pool/ (pool.h, README.md).
 */
#include "pool/pool.h"
