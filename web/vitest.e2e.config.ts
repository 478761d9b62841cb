import { defineConfig } from "vitest/config";

// The browser suite: each spec file starts its own `harbinger serve` and one Chromium, so files
// run one after another (a server per file keeps their data apart; one at a time keeps the
// machine's cores for the server's replay and jobs) and waits are generous.
export default defineConfig({
  test: {
    environment: "node",
    include: ["e2e/**/*.e2e.ts"],
    fileParallelism: false,
    testTimeout: 180_000,
    hookTimeout: 120_000,
    // A journey is one story told step by step: later steps need earlier ones.
    sequence: { concurrent: false },
    reporters: ["default"],
    globalSetup: ["./e2e/support/global-setup.ts"],
  },
});
