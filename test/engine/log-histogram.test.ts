import fc from 'fast-check';
import { expect, test } from 'vitest';
import { LOG_HISTOGRAM_RELATIVE_ERROR, LogHistogram } from '../../src/engine/log-histogram.js';

test('the stated error bound is below 0.5%', () => {
  expect(LOG_HISTOGRAM_RELATIVE_ERROR).toBeLessThan(0.005);
});

test('quantiles are within the bound of the exact order statistic of rank ceil(q n); mean, min and max exact', () => {
  fc.assert(
    fc.property(
      fc.array(fc.double({ min: 1e-6, max: 1e5, noNaN: true }), { minLength: 1, maxLength: 300 }),
      fc.double({ min: 0, max: 1, noNaN: true }),
      (xs, q) => {
        const h = new LogHistogram();
        for (const x of xs) h.add(x);
        const sorted = [...xs].sort((a, b) => a - b);
        const exact = sorted[Math.min(xs.length, Math.max(1, Math.ceil(q * xs.length))) - 1];
        expect(Math.abs(h.quantile(q) - exact)).toBeLessThanOrEqual(LOG_HISTOGRAM_RELATIVE_ERROR * exact * (1 + 1e-12));
        expect(h.min).toBe(sorted[0]);
        expect(h.max).toBe(sorted[sorted.length - 1]);
        expect(h.mean).toBeCloseTo(xs.reduce((a, b) => a + b, 0) / xs.length, 6);
      },
    ),
  );
});

test('values below 1 ns are reported as 0; an empty histogram has no quantiles', () => {
  const h = new LogHistogram();
  expect(h.quantile(0.5)).toBeNaN();
  h.add(0);
  h.add(0);
  h.add(5);
  expect(h.quantile(0.5)).toBe(0);
  expect(h.quantile(1)).toBeCloseTo(5, 1);
});
