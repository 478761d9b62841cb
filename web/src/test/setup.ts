import { cleanup, configure } from "@testing-library/react";
import { afterEach } from "vitest";
import { takeUnexpected } from "./api";

// Pages are lazy chunks: on a busy machine the first one a file opens can take far longer
// than Testing Library's default second. (The per-test budget is `test.testTimeout` in
// vite.config.ts.)
configure({ asyncUtilTimeout: 10_000 });

// Tests import from "vitest" explicitly (no globals), so Testing Library
// cannot register its automatic cleanup; do it here.
afterEach(() => {
  cleanup();
});

// A page may turn a failed fetch into a friendly message and so pass without the call it
// needed; a request the fake API did not expect fails the test instead.
afterEach(() => {
  const missed = takeUnexpected();
  if (missed.length > 0) throw new Error(`requests no route answered: ${missed.join(", ")}`);
});

// jsdom has no layout, and its scrollTo only logs "not implemented".
window.scrollTo = () => {};
