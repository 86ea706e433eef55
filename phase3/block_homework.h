/*
 * block_homework.h - phase 3's homework generator (homework.h), which
 * the phase 3 program offers as --homework SEED.
 */
#ifndef HEAPCOURSE_BLOCK_HOMEWORK_H
#define HEAPCOURSE_BLOCK_HOMEWORK_H

#include "homework.h"

extern const struct script_homework block_homework;

#endif
