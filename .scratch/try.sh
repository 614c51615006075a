for cfg in "$@"; do
  ON=$cfg PORT=8093 node .scratch/stack.mjs & sleep 1.5; PID=$!
  echo "$cfg: $(D=4 /tmp/cpu.sh $PID http://127.0.0.1:8093/x/01a2290d-d280-729f-a52e-8cde7465b10d x)"
  kill $PID; wait $PID 2>/dev/null
done
