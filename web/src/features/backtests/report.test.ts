import { describe, expect, it } from "vitest";
import { sampleResult } from "./fixtures";
import { csv, csvCell, drawdown, equityCsv, metricsCsv, parseReport } from "./report";

describe("backtest report", () => {
  it("reads the stored report, undefined figures as null", () => {
    const r = parseReport(sampleResult)!;
    expect(r.config.variants).toBe(12);
    expect(r.symbols).toHaveLength(1);
    const aapl = r.symbols[0]!;
    expect(aapl.metrics.win_rate).toBeNull();
    expect(aapl.metrics.volatility).toBeNull();
    expect(aapl.buyAndHold.total_return).toBe(0.4);
    expect(aapl.drawdown).toEqual({ peak: 86_400, trough: 172_800, recovery: null });
    expect(r.mean.sharpe).toBe(1.1);
    expect(r.meanBuyAndHold.cagr).toBe(0.18);
    expect(parseReport(null)).toBeNull();
    expect(parseReport({})!.symbols).toEqual([]);
  });

  it("measures drawdown from the running peak", () => {
    const dd = drawdown([
      [1, 100],
      [2, 120],
      [3, 90],
      [4, 130],
    ]).map((p) => p.value);
    expect(dd[0]).toBe(0);
    expect(dd[1]).toBe(0);
    expect(dd[2]).toBeCloseTo(-0.25);
    expect(dd[3]).toBe(0);
  });

  it("quotes CSV cells per RFC 4180 and defuses formula-like text", () => {
    expect(csvCell("plain")).toBe("plain");
    expect(csvCell('say "hi", twice')).toBe('"say ""hi"", twice"');
    expect(csvCell("two\nlines")).toBe('"two\nlines"');
    expect(csvCell("=SUM(A1)")).toBe("'=SUM(A1)");
    expect(csvCell("+1")).toBe("'+1");
    expect(csvCell(-0.5)).toBe("'-0.5");
    expect(csvCell("@cmd")).toBe("'@cmd");
    expect(csvCell("\tx")).toBe("'\tx");
    expect(csvCell("\rx")).toBe("\"'\rx\"");
    expect(csvCell("=a,b")).toBe("\"'=a,b\"");
    expect(csvCell(null)).toBe("");
    expect(csv([["a", "b"], [1, 2]])).toBe("a,b\r\n1,2\r\n");
  });

  it("builds the metrics and equity files from the report", () => {
    const r = parseReport(sampleResult)!;
    const metrics = metricsCsv(r).split("\r\n");
    expect(metrics[0]).toMatch(/^symbol,first_day,last_day,total_return,cagr,/);
    expect(metrics[1]).toMatch(/^AAPL,1970-01-01,1970-01-04,0\.25,0\.12,/);
    const equity = equityCsv(r).split("\r\n");
    expect(equity[0]).toBe("symbol,date,time,equity,drawdown");
    expect(equity[3]).toBe("AAPL,1970-01-03,172800,96,'-0.2");
    expect(equity).toHaveLength(6);
  });
});
