declare -A best
for r in 1 2 3; do for cfg in "$@"; do
  ON=$cfg PORT=8093 node .scratch/stack.mjs & sleep 1.2; PID=$!
  v=$(D=3 /tmp/cpu.sh $PID http://127.0.0.1:8093/x/01a2290d-d280-729f-a52e-8cde7465b10d x | sed 's/.*cpu_us_per_req=//')
  kill $PID; wait $PID 2>/dev/null
  echo "$r $cfg $v"
done; done
