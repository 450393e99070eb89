#!/bin/sh
# The wizard runs the practice org as a child process (crm-sync-practice-org)
# and must not link any of its code: nm of crm-sync-setup shows none of the
# practice org's functions, only CsPracticeProcess (the wizard's side). TAP.
#
#   test-no-practice-code.sh PATH-TO-crm-sync-setup
set -eu
binary=$1
symbols=$(nm "$binary" | awk 'NF == 3 { print $3 }')

echo "1..3"
if [ -n "$symbols" ] && printf '%s\n' "$symbols" | grep -q '^cs_practice_process_get_url$'; then
  echo "ok 1 - nm reads the wizard's own symbols (CsPracticeProcess)"
else
  echo "not ok 1 - nm finds no cs_practice_process_get_url: stripped or not the wizard"
fi
practice=$(printf '%s\n' "$symbols" | grep -E '^_?cs_practice_' | grep -v '^cs_practice_process_' || true)
if [ -z "$practice" ]; then
  echo "ok 2 - no function of the practice org (cs_practice_*) in the wizard"
else
  echo "not ok 2 - the wizard links the practice org's code:"
  printf '%s\n' "$practice" | head -20 | sed 's/^/# /'
fi
if ldd "$binary" | grep -q 'practice'; then
  echo "not ok 3 - the wizard loads a practice library"
else
  echo "ok 3 - no practice library among the wizard's shared libraries"
fi
