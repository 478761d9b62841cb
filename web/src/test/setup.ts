import { cleanup } from "@testing-library/react";
import { afterEach } from "vitest";

// Tests import from "vitest" explicitly (no globals), so Testing Library
// cannot register its automatic cleanup; do it here.
afterEach(() => {
  cleanup();
});

// jsdom has no layout, and its scrollTo only logs "not implemented".
window.scrollTo = () => {};
