import type { Page } from "playwright-core";
import { title, type PageHelper } from "./page";

export const landingPage = {
  path: "/",
  async ready(page: Page) {
    await title(page, /.+/).waitFor();
    // The plans come from GET /api/v1/plans; the section is busy until they do.
    const plans = page.getByRole("region", { name: "Plans" });
    await plans.waitFor();
    await plans.getByRole("heading", { level: 3 }).first().waitFor();
  },
} satisfies PageHelper;
