import { describe, expect, it } from 'vitest';
import { ciHalfWidth, incompleteBeta, lnGamma, moments, studentTCdf, studentTQuantile, welch } from '../../src/batch/stats.js';

describe('regularized incomplete beta', () => {
  it('matches its closed forms', () => {
    for (const x of [0.01, 0.2, 0.5, 0.77, 0.999]) {
      expect(incompleteBeta(x, 1, 1)).toBeCloseTo(x, 14); // uniform
      expect(incompleteBeta(x, 3, 1)).toBeCloseTo(x ** 3, 14); // I_x(a, 1) = x^a
      expect(incompleteBeta(x, 1, 2)).toBeCloseTo(1 - (1 - x) ** 2, 14); // I_x(1, b) = 1 - (1 - x)^b
    }
    expect(incompleteBeta(0.5, 7.3, 7.3)).toBeCloseTo(0.5, 14); // symmetry
    // I_x(a, b) + I_{1-x}(b, a) = 1
    expect(incompleteBeta(0.3, 2.5, 1.5) + incompleteBeta(0.7, 1.5, 2.5)).toBeCloseTo(1, 14);
  });

  it('ln Gamma at integers and 1/2', () => {
    expect(lnGamma(1)).toBeCloseTo(0, 13);
    expect(lnGamma(5)).toBeCloseTo(Math.log(24), 13);
    expect(lnGamma(0.5)).toBeCloseTo(0.5 * Math.log(Math.PI), 13);
    expect(lnGamma(20.5)).toBeCloseTo(Math.log(Math.sqrt(Math.PI)) + [...Array(20)].reduce((s, _, k) => s + Math.log(k + 0.5), 0), 10);
  });
});

describe('Student t distribution', () => {
  it('CDF matches the closed forms for 1, 2 and 4 degrees of freedom', () => {
    for (const t of [-7, -2.5, -0.3, 0, 0.4, 1, 3.674, 12]) {
      expect(studentTCdf(t, 1)).toBeCloseTo(0.5 + Math.atan(t) / Math.PI, 13); // Cauchy
      expect(studentTCdf(t, 2)).toBeCloseTo(0.5 + t / (2 * Math.sqrt(2 + t * t)), 13);
      // nu = 4: 1/2 + (3/8) (t / sqrt(1 + t^2/4)) (1 - t^2 / (12 (1 + t^2/4)))
      const a = 1 + (t * t) / 4;
      expect(studentTCdf(t, 4)).toBeCloseTo(0.5 + (3 / 8) * (t / Math.sqrt(a)) * (1 - (t * t) / (12 * a)), 13);
    }
  });

  it('quantiles match the published table (two-sided 95 % and 99 %, 3 decimals)', () => {
    const table: [number, number, number][] = [
      [0.975, 1, 12.706], [0.975, 2, 4.303], [0.975, 3, 3.182], [0.975, 5, 2.571],
      [0.975, 10, 2.228], [0.975, 30, 2.042], [0.975, 120, 1.98], [0.995, 10, 3.169], [0.995, 4, 4.604],
    ];
    for (const [p, df, t] of table) expect(Math.abs(studentTQuantile(p, df) - t)).toBeLessThan(5e-4);
    expect(studentTQuantile(0.025, 5)).toBeCloseTo(-studentTQuantile(0.975, 5), 12);
    expect(studentTCdf(studentTQuantile(0.9, 3.5), 3.5)).toBeCloseTo(0.9, 12);
  });
});

describe('moments and confidence intervals', () => {
  it('mean, sample sd and the 95 % half-width of 1..5', () => {
    const m = moments([1, 2, 3, 4, 5]);
    expect(m.mean).toBe(3);
    expect(m.sd).toBeCloseTo(Math.sqrt(2.5), 14); // sum of squares 10, / 4
    // t(0.975, 4) = 2.776445105 (table 2.776)
    expect(ciHalfWidth(m)).toBeCloseTo((2.776445105 * Math.sqrt(2.5)) / Math.sqrt(5), 8);
    expect(ciHalfWidth(moments([7]))).toBeNaN();
  });
});

describe("Welch's t-test", () => {
  it('equal sizes and variances: df = 2(n - 1), p from the closed-form CDF', () => {
    // means 2 and 5, variances 1 and 1, n 3: se^2 = 1/3 + 1/3, t = -3 / sqrt(2/3)
    const w = welch(moments([1, 2, 3]), moments([4, 5, 6]));
    expect(w.t).toBeCloseTo(-3 / Math.sqrt(2 / 3), 13);
    expect(w.df).toBeCloseTo(4, 13);
    const t = Math.abs(w.t), a = 1 + (t * t) / 4;
    const upper = 1 - (0.5 + (3 / 8) * (t / Math.sqrt(a)) * (1 - (t * t) / (12 * a)));
    expect(w.p).toBeCloseTo(2 * upper, 13);
    expect(w.p).toBeCloseTo(0.021311641128756713, 12); // scipy.stats.ttest_ind(equal_var=False)
  });

  it('unequal sizes and variances: the Welch-Satterthwaite df', () => {
    // a = 1..5: mean 3, s^2 2.5, s^2/n 0.5; b = 4, 6, 8: mean 6, s^2 4, s^2/n 4/3
    // t = -3 / sqrt(11/6); df = (11/6)^2 / (0.5^2/4 + (4/3)^2/2) = (121/36) / (0.0625 + 8/9)
    const w = welch(moments([1, 2, 3, 4, 5]), moments([4, 6, 8]));
    expect(w.t).toBeCloseTo(-3 / Math.sqrt(11 / 6), 13);
    expect(w.df).toBeCloseTo(121 / 36 / (0.0625 + 8 / 9), 12);
    expect(w.p).toBeCloseTo(0.09998261820362545, 10); // scipy.stats.ttest_ind(equal_var=False)
  });

  it('constant samples: equal means p = 1, different means p = 0', () => {
    expect(welch(moments([2, 2]), moments([2, 2, 2])).p).toBe(1);
    expect(welch(moments([2, 2]), moments([3, 3])).p).toBe(0);
  });
});
