/**
 * Stripe Checkout and the customer portal. These two endpoints are not in the
 * generated schema yet (the server does not serve them; `GET /api/v1/plans`
 * says so with `billing.checkout` / `billing.portal`), so their types are
 * declared here, in the one place that calls them. Once the server documents
 * them, regenerate the schema and drop `BillingPaths`.
 */
import type { Client } from "openapi-fetch";
import { api, unwrap } from "../../../lib/api/client";

interface UrlResponse {
  url: string;
}

interface BillingPaths {
  "/api/v1/billing/checkout": {
    post: {
      requestBody: { content: { "application/json": { plan: string } } };
      responses: { 200: { content: { "application/json": UrlResponse } } };
    };
  };
  "/api/v1/billing/portal": {
    post: {
      responses: { 200: { content: { "application/json": UrlResponse } } };
    };
  };
}

// The same client instance (and so the same problem+json middleware), typed for the two paths.
const billingApi = api as unknown as Client<BillingPaths>;

/** Starts a Stripe Checkout for `plan`; resolves to the page to send the browser to. */
export async function startCheckout(plan: string): Promise<string> {
  return (await unwrap(billingApi.POST("/api/v1/billing/checkout", { body: { plan } }))).url;
}

/** Opens the Stripe customer portal; resolves to its address. */
export async function openPortal(): Promise<string> {
  return (await unwrap(billingApi.POST("/api/v1/billing/portal", {}))).url;
}

/** Leaves the dashboard for Stripe. A function so tests can replace it. */
export const leaveFor = {
  go(url: string) {
    window.location.assign(url);
  },
};
