# exercise.bash - loaded by the exercises' checks (tests/exercises/) that
# need more than the phase programs.

# exercise_program NAME SOURCE LIBRARY...: the C program SOURCE compiled
# and linked with LIBRARY... (objects or archives) as this configuration
# builds its C test programs (its compiler and flags, from
# build/<config>/flags, whose -I paths are relative to the course's
# root), into $BATS_TEST_TMPDIR/NAME.  A failed compile fails the test
# with the compiler's messages.
exercise_program() {
    local name=$1 source=$2
    shift 2
    local -a flags
    read -r -a flags <"$HC_BUILD/flags"
    run bash -c 'cd "$1" && shift && "$@"' build "$HC_ROOT" "${flags[@]}" \
        -o "$BATS_TEST_TMPDIR/$name" "$source" "$@"
    assert_success
}

# exercise_phase_objects N: the library objects of phases 1 to N (what
# the phase programs link, less their main, commands and homework) and
# common/diag.o, for exercise_program.
exercise_phase_objects() {
    local obj
    printf '%s\n' "$HC_BUILD/obj/common/diag.o"
    for obj in "$HC_BUILD"/obj/phase[1-"$1"]/*.o; do
        [[ $obj == */main.o || $obj == *_commands.o || $obj == *_homework.o ]] ||
            printf '%s\n' "$obj"
    done
}

# typed_mixed_workload LINE...: the lesson's mixed workload for the typed
# allocator (phase4/README.md) as a script on standard output, after the
# given LINEs (a policy, a switch): 200 blocks of 1 to 7 structs, every
# other one freed, 200 more of 1 to 5, the rest freed, usage and check.
typed_mixed_workload() {
    printf '%s\n' "$@" "register r 48"
    local i
    for i in $(seq 200); do echo "a$i = xcalloc r $((i % 7 + 1))"; done
    for i in $(seq 1 2 200); do echo "xfree a$i"; done
    for i in $(seq 200); do echo "b$i = xcalloc r $((i % 5 + 1))"; done
    for i in $(seq 2 2 200); do echo "xfree a$i"; done
    printf '%s\n' usage check
}

# exercise_phase_program N NAME: tests/exercises/NAME.c built with the
# library objects of phases 1 to N, in $BATS_TEST_TMPDIR/NAME.
exercise_phase_program() {
    local -a objs
    mapfile -t objs < <(exercise_phase_objects "$1")
    exercise_program "$2" "$BATS_TEST_DIRNAME/$2.c" "${objs[@]}"
}
