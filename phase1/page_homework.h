/*
 * page_homework.h - phase 1's homework generator (homework.h), which the
 * phase 1 program offers as --homework SEED.
 */
#ifndef HEAPCOURSE_PAGE_HOMEWORK_H
#define HEAPCOURSE_PAGE_HOMEWORK_H

#include "homework.h"

extern const struct script_homework page_homework;

#endif
