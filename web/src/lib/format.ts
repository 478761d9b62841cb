/**
 * Numbers, money, percentages and dates in the reader's locale and time zone.
 * Every page formats through these so the whole dashboard reads alike.
 */
const locale = typeof navigator === "undefined" ? "en-US" : navigator.language;

const cache = new Map<string, Intl.NumberFormat>();
function numberFormat(key: string, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  let f = cache.get(key);
  if (!f) {
    f = new Intl.NumberFormat(locale, options);
    cache.set(key, f);
  }
  return f;
}

/** A plain number with at most `digits` fraction digits. */
export function formatNumber(value: number | string | null | undefined, digits = 2): string {
  const n = typeof value === "string" ? Number(value) : value;
  if (n === null || n === undefined || !Number.isFinite(n)) return "—";
  return numberFormat(`n${digits}`, { maximumFractionDigits: digits }).format(n);
}

/** A price: as many digits as it needs, at least two. */
export function formatPrice(value: number | string | null | undefined): string {
  const n = typeof value === "string" ? Number(value) : value;
  if (n === null || n === undefined || !Number.isFinite(n)) return "—";
  const digits = Math.abs(n) >= 1000 ? 2 : Math.abs(n) >= 1 ? 2 : 6;
  return numberFormat(`p${digits}`, {
    minimumFractionDigits: 2,
    maximumFractionDigits: digits,
  }).format(n);
}

/** Money in a currency (default USD); decimal strings from the server are accepted. */
export function formatMoney(value: number | string | null | undefined, currency = "USD"): string {
  const n = typeof value === "string" ? Number(value) : value;
  if (n === null || n === undefined || !Number.isFinite(n)) return "—";
  return numberFormat(`m${currency}`, { style: "currency", currency }).format(n);
}

/** A fraction as a percentage: 0.1234 → "12.34 %" (locale-dependent spacing). */
export function formatPercent(
  value: number | string | null | undefined,
  digits = 2,
  signed = false,
): string {
  const n = typeof value === "string" ? Number(value) : value;
  if (n === null || n === undefined || !Number.isFinite(n)) return "—";
  return numberFormat(`%${digits}${signed}`, {
    style: "percent",
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
    signDisplay: signed ? "exceptZero" : "auto",
  }).format(n);
}

const dateTime = new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short" });
const dateOnly = new Intl.DateTimeFormat(locale, { dateStyle: "medium" });
const dateOnlyUtc = new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeZone: "UTC" });

/** Unix milliseconds (or an ISO string) as a local date and time. */
export function formatDateTime(value: number | string | null | undefined): string {
  if (value === null || value === undefined) return "—";
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? "—" : dateTime.format(d);
}

/** Unix milliseconds (or an ISO string) as a local date. */
export function formatDate(value: number | string | null | undefined): string {
  if (value === null || value === undefined) return "—";
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? "—" : dateOnly.format(d);
}

/** A bar's time (Unix seconds of its open, UTC) as the trading day it covers. */
export function formatBarDate(unixSeconds: number | null | undefined): string {
  if (unixSeconds === null || unixSeconds === undefined) return "—";
  return dateOnlyUtc.format(new Date(unixSeconds * 1000));
}

const relative = new Intl.RelativeTimeFormat(locale, { numeric: "auto" });

/** "3 minutes ago", "in 2 hours": for freshness badges and feeds. */
export function formatRelative(unixMs: number, now = Date.now()): string {
  const s = Math.round((unixMs - now) / 1000);
  const abs = Math.abs(s);
  if (abs < 60) return relative.format(s, "second");
  if (abs < 3600) return relative.format(Math.round(s / 60), "minute");
  if (abs < 86400) return relative.format(Math.round(s / 3600), "hour");
  return relative.format(Math.round(s / 86400), "day");
}
