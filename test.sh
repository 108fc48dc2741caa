#!/usr/bin/env bash
# Installs what is missing, builds the whole solution and runs every test project: first every test but the
# real-time ones (category Live) over the solution, then the Live tests one project at a time, so CPU contention from
# other test projects cannot make them flaky. Ends with the plain line "N passed, N failed, N skipped" counted from
# the test results (a run that executed no test fails). Under CI=true a test whose required component is missing
# fails instead of skipping (tests/Broadcast3D.TestSupport/TestSkip.cs). Extra arguments go to both dotnet test calls.
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$root"
export B3D_ROOT="$root"
bash scripts/setup.sh || exit 1
dotnet build Broadcast3D.sln -c Release -nologo -v q -clp:NoSummary || { echo "test.sh: build failed"; echo "0 passed, 1 failed, 0 skipped"; exit 1; }

results="$root/artifacts/test-results"
rm -rf "$results"
rc=0
dotnet test Broadcast3D.sln -c Release --no-build --nologo -v q --filter "TestCategory!=Live" \
  --logger "trx" --results-directory "$results" "$@" || rc=1
for project in tests/*/*.Tests.csproj; do
  grep -rqs --include='*.cs' 'Category("Live")' "$(dirname "$project")" || continue
  dotnet test "$project" -c Release --no-build --nologo -v q --filter "TestCategory=Live" \
    --logger "trx" --results-directory "$results" "$@" || rc=1
done

# TRX counters: failed includes errors, timeouts and aborts; skipped is every other test that did not pass
# (ignored, inconclusive, explicit and not selected: the NUnit adapter reports those in total but not as executed).
passed=0; failed=0; skipped=0; total=0
count() { sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p" <<<"$2"; }
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  p=$(count passed "$counters"); t=$(count total "$counters")
  f=0; for k in failed error timeout aborted; do v=$(count "$k" "$counters"); f=$((f + ${v:-0})); done
  s=$(( ${t:-0} - ${p:-0} - f ))
  passed=$((passed + ${p:-0})); failed=$((failed + f)); skipped=$((skipped + s)); total=$((total + ${t:-0}))
done
# Name each failed test and its message's first line here, at the end, so the last lines of a long run (all a CI
# page may keep) say what failed and not only how many.
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  awk '/<UnitTestResult / && /outcome="(Failed|Error|Timeout|Aborted)"/ {
         match($0, /testName="[^"]*"/); name = substr($0, RSTART + 10, RLENGTH - 11); want = 1; next }
       want && /<Message>/ {
         sub(/.*<Message>/, ""); sub(/<\/Message>.*/, "")
         gsub(/&quot;/, "\""); gsub(/&lt;/, "<"); gsub(/&gt;/, ">"); gsub(/&apos;/, "\047"); gsub(/&amp;/, "\\&")
         print "test.sh: FAILED " name ": " substr($0, 1, 400); want = 0 }' "$trx"
done
if [ "$total" -eq 0 ]; then echo "test.sh: no test was executed"; failed=$((failed + 1)); rc=1; fi
echo "$passed passed, $failed failed, $skipped skipped"
exit $rc
