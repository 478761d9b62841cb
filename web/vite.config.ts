/// <reference types="vitest/config" />
import { defineConfig } from "vite";
import react from "@vitejs/plugin-react";

// The dev server forwards every backend route to a locally running
// `harbinger serve`, so the dashboard talks to the same origin it will
// have in production (where the binary serves both the API and dist/).
const backend = process.env.HARBINGER_BACKEND ?? "http://127.0.0.1:8080";
const proxied = ["/api", "/healthz", "/readyz", "/metrics"];

export default defineConfig({
  base: "/",
  plugins: [react()],
  server: {
    port: 5173,
    strictPort: true,
    proxy: Object.fromEntries(
      proxied.map((path) => [path, { target: backend, changeOrigin: false }]),
    ),
  },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    sourcemap: false,
  },
  test: {
    environment: "jsdom",
    setupFiles: ["./src/test/setup.ts"],
    include: ["src/**/*.test.{ts,tsx}"],
    restoreMocks: true,
    unstubGlobals: true,
    // Generous on purpose: a busy machine loads a page's lazy chunk slowly, and the files
    // that load one up front in beforeAll wait for it there. Testing Library's own wait is
    // set in src/test/setup.ts.
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
