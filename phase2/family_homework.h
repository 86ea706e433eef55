/*
 * family_homework.h - phase 2's homework generator (homework.h), which
 * the phase 2 program offers as --homework SEED.
 */
#ifndef HEAPCOURSE_FAMILY_HOMEWORK_H
#define HEAPCOURSE_FAMILY_HOMEWORK_H

#include "homework.h"

extern const struct script_homework family_homework;

#endif
