/**
 * The backtest report as the job stores it (`harbinger_signals::backtest::Report` plus
 * `calibration`). The OpenAPI document types it as a bare object, so it is read here field by
 * field: anything missing or undefined (the engine writes NaN as null) becomes `null` and is
 * shown as a dash, never as a crash.
 */

/** Figure names in the engine's order (`Metrics::values`). */
export const METRICS = [
  "total_return",
  "cagr",
  "volatility",
  "sharpe",
  "sortino",
  "calmar",
  "max_drawdown",
  "win_rate",
  "profit_factor",
  "expectancy",
  "exposure",
  "trades",
  "avg_hold_bars",
  "probabilistic_sharpe",
  "deflated_sharpe",
  "bars",
  "final_equity",
] as const;
export type MetricName = (typeof METRICS)[number];
export type Metrics = Record<MetricName, number | null>;

export interface SymbolReport {
  symbol: string;
  metrics: Metrics;
  buyAndHold: Metrics;
  firstTime: number | null;
  lastTime: number | null;
  /** The deepest fall: its peak, trough and recovery (Unix seconds; null when none). */
  drawdown: { peak: number | null; trough: number | null; recovery: number | null };
  /** `[Unix seconds, equity]`, thinned by the server to at most 250 points. */
  equity: [number, number][];
}

export interface Calibration {
  predictions: number | null;
  base_rate: number | null;
  brier: number | null;
  brier_base_rate: number | null;
  brier_skill: number | null;
  log_loss: number | null;
  log_loss_base_rate: number | null;
}

export interface Report {
  strategy: string;
  modelVersion: string;
  params: Record<string, number | null>;
  config: {
    fill: string;
    commissionBps: number | null;
    slippageBps: number | null;
    size: number | null;
    initialCash: number | null;
    variants: number | null;
  };
  symbols: SymbolReport[];
  mean: Metrics;
  meanBuyAndHold: Metrics;
  calibration: Calibration | null;
}

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Obj) : {});
const num = (v: unknown): number | null => (typeof v === "number" && Number.isFinite(v) ? v : null);
const str = (v: unknown): string => (typeof v === "string" ? v : "");

function metrics(v: unknown): Metrics {
  const o = obj(v);
  return Object.fromEntries(METRICS.map((m) => [m, num(o[m])])) as Metrics;
}

function numbers(v: unknown): Record<string, number | null> {
  return Object.fromEntries(Object.entries(obj(v)).map(([k, x]) => [k, num(x)]));
}

/** The report of a finished backtest, or null when there is none. */
export function parseReport(raw: unknown): Report | null {
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) return null;
  const r = raw as Obj;
  const cfg = obj(r.config);
  const mean = obj(r.mean);
  const cal = r.calibration === null || r.calibration === undefined ? null : obj(r.calibration);
  return {
    strategy: str(r.strategy),
    modelVersion: str(r.model_version),
    params: numbers(r.params),
    config: {
      fill: str(cfg.fill),
      commissionBps: num(cfg.commission_bps),
      slippageBps: num(cfg.slippage_bps),
      size: num(cfg.size),
      initialCash: num(cfg.initial_cash),
      variants: num(cfg.variants),
    },
    symbols: Object.entries(obj(r.symbols)).map(([symbol, v]) => {
      const s = obj(v);
      const equity = Array.isArray(s.equity)
        ? s.equity.flatMap((p: unknown): [number, number][] => {
            if (!Array.isArray(p)) return [];
            const t = num(p[0]);
            const e = num(p[1]);
            return t === null || e === null ? [] : [[t, e]];
          })
        : [];
      return {
        symbol,
        metrics: metrics(s),
        drawdown: {
          peak: num(obj(s.drawdown).peak_time),
          trough: num(obj(s.drawdown).trough_time),
          recovery: num(obj(s.drawdown).recovery_time),
        },
        buyAndHold: metrics(s.buy_and_hold),
        firstTime: num(s.first_time),
        lastTime: num(s.last_time),
        equity,
      };
    }),
    mean: metrics(mean),
    meanBuyAndHold: metrics(mean.buy_and_hold),
    calibration: cal && {
      predictions: num(cal.predictions),
      base_rate: num(cal.base_rate),
      brier: num(cal.brier),
      brier_base_rate: num(cal.brier_base_rate),
      brier_skill: num(cal.brier_skill),
      log_loss: num(cal.log_loss),
      log_loss_base_rate: num(cal.log_loss_base_rate),
    },
  };
}

/**
 * Drawdown at each point of an equity curve: the fall from the running peak, as a negative
 * fraction. Chart data only (the curve is already thinned, so its deepest point can be
 * shallower than the exact `max_drawdown` the metrics give).
 */
export function drawdown(equity: [number, number][]): { time: number; value: number }[] {
  let peak = -Infinity;
  return equity.map(([time, value]) => {
    peak = Math.max(peak, value);
    return { time, value: peak > 0 ? value / peak - 1 : 0 };
  });
}

// ---- CSV ---------------------------------------------------------------------------------

/**
 * One CSV cell as the server's exports write them: a `'` before text a spreadsheet could run
 * as a formula (= + - @, and tab or CR), then RFC 4180 quoting when it holds a comma, a
 * quote, a CR or an LF.
 */
export function csvCell(value: string | number | null | undefined): string {
  const text = value === null || value === undefined ? "" : String(value);
  const guarded = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(guarded) ? `"${guarded.replace(/"/g, '""')}"` : guarded;
}

/** Records joined with CRLF, as RFC 4180 says; the file ends with one too. */
export function csv(rows: (string | number | null | undefined)[][]): string {
  return rows.map((r) => r.map(csvCell).join(",")).join("\r\n") + "\r\n";
}

const iso = (t: number | null) => (t === null ? "" : new Date(t * 1000).toISOString().slice(0, 10));

/** Each symbol's figures beside buy-and-hold's, one row per symbol. */
export function metricsCsv(report: Report): string {
  return csv([
    ["symbol", "first_day", "last_day", ...METRICS, ...METRICS.map((m) => `buy_and_hold_${m}`)],
    ...report.symbols.map((s) => [
      s.symbol,
      iso(s.firstTime),
      iso(s.lastTime),
      ...METRICS.map((m) => s.metrics[m]),
      ...METRICS.map((m) => s.buyAndHold[m]),
    ]),
  ]);
}

/** Every symbol's (thinned) equity curve with its drawdown, one row per point. */
export function equityCsv(report: Report): string {
  return csv([
    ["symbol", "date", "time", "equity", "drawdown"],
    ...report.symbols.flatMap((s) => {
      const dd = drawdown(s.equity);
      // 12 significant digits: the division's float noise (…999996) is not information.
      return s.equity.map(([t, e], i) => {
        const v = dd[i]?.value;
        return [s.symbol, iso(t), t, e, v === undefined ? null : Number(v.toPrecision(12))];
      });
    }),
  ]);
}
