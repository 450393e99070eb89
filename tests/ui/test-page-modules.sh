#!/bin/sh
# The login page is a module of its own (issue 11): the wizard does not
# load WebKitGTK at start, and exports every symbol of its own the module
# needs (else opening it fails). TAP.
#
#   test-page-modules.sh PATH-TO-crm-sync-setup MODULE…
set -eu
wizard=$1
shift
echo "1..$(( $# + 1 ))"
if ldd "$wizard" | grep -qi -e webkit -e javascriptcore; then
  echo "not ok 1 - the wizard loads WebKitGTK at start"
else
  echo "ok 1 - no WebKitGTK among the wizard's shared libraries"
fi
exported=$(nm -D --defined-only "$wizard" | awk '{ print $3 }')
n=1
for module do
  n=$((n + 1))
  missing=$(nm -D --undefined-only "$module" | awk '{ print $2 }' | grep '^cs_' | while read -r symbol; do
              printf '%s\n' "$exported" | grep -qx "$symbol" || echo "$symbol"
            done)
  if [ -z "$missing" ]; then
    echo "ok $n - $(basename "$module"): the wizard exports all it needs"
  else
    echo "not ok $n - $(basename "$module") needs what the wizard does not export:"
    printf '%s\n' "$missing" | sed 's/^/# /'
  fi
done
