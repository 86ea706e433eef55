/*
 * mems_homework.h - phase 5's homework generator (homework.h), which the
 * phase 5 program offers as --homework SEED.
 */
#ifndef HEAPCOURSE_MEMS_HOMEWORK_H
#define HEAPCOURSE_MEMS_HOMEWORK_H

#include "homework.h"

extern const struct script_homework mems_homework;

#endif
