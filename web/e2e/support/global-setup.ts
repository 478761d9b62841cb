import { rmSync } from "node:fs";
import { screenshotDir } from "./screenshots";

/** Starts each run with an empty screenshot folder and says where the pictures went. */
export default function setup() {
  rmSync(screenshotDir, { recursive: true, force: true });
  return () => {
    console.log(`\nScreenshots (desktop and phone) are in ${screenshotDir}`);
  };
}
