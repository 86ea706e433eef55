/*
 * osmem.h - the old path of the os_* interface, kept so programs built
 * with "cc -Iphase4 ... phase4/libosmem.so" compile unchanged.  The
 * interface and its lesson live in phase4/os/ (osmem.h, README.md).
 */
#include "os/osmem.h"
