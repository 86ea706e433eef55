/*
 * typed_homework.h - phase 4's homework generator (homework.h), which
 * the phase 4 program offers as --homework SEED.
 */
#ifndef HEAPCOURSE_TYPED_HOMEWORK_H
#define HEAPCOURSE_TYPED_HOMEWORK_H

#include "homework.h"

extern const struct script_homework typed_homework;

#endif
