#!/bin/bash
# Usage: examples/cluster/slurm/submit.sh [SCENARIO] [SHARDS]
# Queues SHARDS array tasks (default 8) and a merge that starts when they have all ended.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
export SCENARIO=${1:-scenarios/sweep.yaml}
SHARDS=${2:-8}
export OUT=${OUT:-results/sweep-cluster}
npx dcsim validate "$SCENARIO"     # catch a bad sweep before it reaches the queue
ARRAY=$(sbatch --parsable --export=ALL --array=1-"$SHARDS" "$HERE/sweep.sbatch")
sbatch --export=ALL --dependency=afterany:"$ARRAY" "$HERE/merge.sbatch"
echo "array job $ARRAY: $SHARDS slices of $SCENARIO into $OUT/shard-*; merge into $OUT/merged"
