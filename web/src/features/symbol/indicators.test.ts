import { describe, expect, it } from "vitest";
import { bollinger, ema, macd, rsi, sma, withTimes } from "./indicators";

const u = undefined;
const close = (a: (number | undefined)[], b: (number | undefined)[]) => {
  expect(a.length).toBe(b.length);
  a.forEach((v, i) => (b[i] === undefined ? expect(v).toBeUndefined() : expect(v).toBeCloseTo(b[i]!, 9)));
};

describe("indicators", () => {
  it("SMA: the mean of the last n closes", () => {
    close(sma([1, 2, 3, 4, 5], 3), [u, u, 2, 3, 4]);
    close(sma([10, 20], 3), [u, u]);
  });

  it("EMA: seeded with the SMA, then k = 2 / (n + 1)", () => {
    // k = 0.5: 2 → 4·0.5 + 2·0.5 = 3 → 5·0.5 + 3·0.5 = 4
    close(ema([1, 2, 3, 4, 5], 3), [u, u, 2, 3, 4]);
    // k = 2/6: seed (10+11+12+13+14)/5 = 12; next 20/3 + 12·2/3 = 14.666…
    close(ema([10, 11, 12, 13, 14, 20], 5), [u, u, u, u, 12, 14 + 2 / 3]);
  });

  it("Bollinger: mean ± 2 population standard deviations", () => {
    // The textbook set: mean 5, σ 2.
    const b = bollinger([2, 4, 4, 4, 5, 5, 7, 9], 8, 2);
    expect(b.middle[7]).toBeCloseTo(5);
    expect(b.upper[7]).toBeCloseTo(9);
    expect(b.lower[7]).toBeCloseTo(1);
    expect(b.upper[6]).toBeUndefined();
  });

  it("RSI: Wilder's smoothing", () => {
    // Changes +1 +1 −1 +1, n = 2:
    // i=2: gains 1, losses 0 → 100; i=3: (1+0)/2 = .5 vs (0+1)/2 = .5 → 50;
    // i=4: (.5+1)/2 = .75 vs (.5+0)/2 = .25 → RS 3 → 75.
    close(rsi([1, 2, 3, 2, 3], 2), [u, u, 100, 50, 75]);
    close(rsi([5, 5, 5], 2), [u, u, 50]);
  });

  it("RSI: the StockCharts reference series", () => {
    // First averages: gains 3.34 / 14 = 0.23857, losses 1.40 / 14 = 0.1 → RS 2.3857 → 70.464
    // (the published table rounds its averages to 0.24 and 0.10 and shows 70.53).
    const closes = [
      44.34, 44.09, 44.15, 43.61, 44.33, 44.83, 45.1, 45.42, 45.84, 46.08, 45.89, 46.03, 45.61, 46.28,
      46.28, 46.0,
    ];
    const r = rsi(closes, 14);
    expect(r[13]).toBeUndefined();
    expect(r[14]).toBeCloseTo(70.464, 3);
  });

  it("MACD: a steady trend gives a constant line, its signal equal, the histogram 0", () => {
    // On x_i = i an n-EMA lags by (n−1)/2: 12-EMA − 26-EMA = −5.5 + 12.5 = 7.
    const m = macd(Array.from({ length: 60 }, (_, i) => i));
    expect(m.macd[24]).toBeUndefined();
    expect(m.macd[25]).toBeCloseTo(7);
    expect(m.macd[59]).toBeCloseTo(7);
    expect(m.signal[32]).toBeUndefined();
    expect(m.signal[33]).toBeCloseTo(7);
    expect(m.histogram[59]).toBeCloseTo(0);
  });

  it("pairs values with their bar times, leaving out the warm-up", () => {
    expect(withTimes([10, 20, 30], [u, 1, 2])).toEqual([
      { time: 20, value: 1 },
      { time: 30, value: 2 },
    ]);
  });
});
