#!/usr/bin/env bash
# Installs what is missing, builds the whole solution, runs every test project, and ends with the plain line
# "N passed, N failed" counted from the test results (so a run that executed no test is visible).
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$root"
export B3D_ROOT="$root"
bash scripts/setup.sh || exit 1
dotnet build Broadcast3D.sln -c Release -nologo -v q -clp:NoSummary || { echo "test.sh: build failed"; echo "0 passed, 1 failed"; exit 1; }

results="$root/artifacts/test-results"
rm -rf "$results"
dotnet test Broadcast3D.sln -c Release --no-build --nologo -v q \
  --logger "trx" --results-directory "$results" "$@"
rc=$?

passed=0; failed=0; total=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters"); f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  t=$(sed -n 's/.* total="\([0-9]*\)".*/\1/p' <<<"$counters")
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0})); total=$((total + ${t:-0}))
done
if [ "$total" -eq 0 ]; then echo "test.sh: no test was executed"; failed=$((failed + 1)); rc=1; fi
echo "$passed passed, $failed failed"
exit $rc
