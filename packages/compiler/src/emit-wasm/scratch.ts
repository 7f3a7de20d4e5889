/** The buffer name of the per-batch partial-sum scratch of blocked matmuls (not a schedule buffer). */
export const SCRATCH = '$scratch';
