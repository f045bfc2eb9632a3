/** Mean and standard error of batch means, and the two-sided 95% Student t quantile for their count. */
export function batchMeans(values: number[]): { mean: number; se: number; t95: number } {
  const b = values.length;
  const mean = values.reduce((a, v) => a + v, 0) / b;
  const v = values.reduce((a, x) => a + (x - mean) ** 2, 0) / (b - 1);
  // t quantiles 0.975 for b - 1 degrees of freedom (b = 10..40 here).
  const T: Record<number, number> = { 9: 2.262, 14: 2.145, 19: 2.093, 24: 2.064, 29: 2.045, 39: 2.023 };
  const t95 = T[b - 1];
  if (t95 === undefined) throw new Error(`no t quantile for ${b} batches`);
  return { mean, se: Math.sqrt(v / b), t95 };
}
