// Measures how smoothly the symbol page's chart pans with every daily bar of a symbol shown
// (range "Max"): it drags the chart for about three seconds in headless Chromium and counts the
// animation frames that took longer than 1.5 refresh intervals (50 ms and more counts as a
// dropped frame or worse).
//
//   node scripts/chart-frames.mjs URL COOKIE        e.g. http://127.0.0.1:8099 harbinger_session=…
//
// The numbers go to web/README.md ("Performance"); this is a measurement, not a test.
import { chromium } from "playwright-core";

const [base, cookie] = process.argv.slice(2);
if (!base || !cookie) {
  console.error("usage: node scripts/chart-frames.mjs URL COOKIE");
  process.exit(2);
}
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu"],
});
const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
const [name, value] = cookie.split("=");
await context.addCookies([{ name, value, url: base }]);
const page = await context.newPage();
await page.goto(`${base}/symbols/AAPL?range=max`);
const chart = page.getByRole("img", { name: /^Price chart/ });
await chart.waitFor();
await page.waitForTimeout(1000); // let the first paint settle before measuring
const bars = await page.evaluate(() => performance.getEntriesByType("resource").length);
const box = await chart.boundingBox();
await page.evaluate(() => {
  window.__frames = [];
  const tick = (t) => {
    window.__frames.push(t);
    if (window.__frames.length < 100000) requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
});
const y = box.y + box.height / 3;
await page.mouse.move(box.x + box.width * 0.8, y);
await page.mouse.down();
for (let i = 0; i < 180; i++) {
  // Back and forth across the chart, one step per frame at 60 Hz.
  const phase = (i % 60) / 60;
  const x = box.x + box.width * (i % 120 < 60 ? 0.8 - 0.6 * phase : 0.2 + 0.6 * phase);
  await page.mouse.move(x, y);
  await page.waitForTimeout(16);
}
await page.mouse.up();
const frames = await page.evaluate(() => window.__frames);
const gaps = frames.slice(1).map((t, i) => t - frames[i]);
gaps.sort((a, b) => a - b);
const pct = (p) => gaps[Math.min(gaps.length - 1, Math.floor(p * gaps.length))].toFixed(1);
const long = gaps.filter((g) => g > 25).length;
const veryLong = gaps.filter((g) => g >= 50).length;
console.log(
  JSON.stringify({
    frames: gaps.length,
    p50_ms: pct(0.5),
    p95_ms: pct(0.95),
    p99_ms: pct(0.99),
    max_ms: gaps[gaps.length - 1].toFixed(1),
    over_25ms: long,
    over_50ms: veryLong,
    resources: bars,
  }),
);
await browser.close();
