import { Badge, type Tone } from "../../../components/Badge";

/**
 * What a Stripe subscription status means for the reader. The server grants
 * the plan only while a subscription is active or trialing; a payment owed
 * pauses paid features until it goes through.
 */
const MEANINGS: Record<string, { tone: Tone; label: string; meaning: string }> = {
  active: { tone: "ok", label: "Active", meaning: "Paid and current." },
  trialing: { tone: "info", label: "Trial", meaning: "In a trial period; the plan's features are available." },
  past_due: {
    tone: "fail",
    label: "Payment overdue",
    meaning: "The last payment failed. Paid features are paused until it goes through; update your payment method.",
  },
  unpaid: {
    tone: "fail",
    label: "Unpaid",
    meaning: "Payments failed after every retry. Paid features are paused until the invoice is paid.",
  },
  incomplete: {
    tone: "pending",
    label: "Incomplete",
    meaning: "The first payment has not gone through yet; paid features start when it does.",
  },
  incomplete_expired: {
    tone: "neutral",
    label: "Expired",
    meaning: "The first payment never went through, so the subscription did not start.",
  },
  paused: { tone: "pending", label: "Paused", meaning: "The subscription is paused, and paid features with it." },
  canceled: { tone: "neutral", label: "Cancelled", meaning: "The subscription has ended." },
};

export function BillingStatus({ status }: { status: string | null | undefined }) {
  if (!status) {
    return (
      <p className="muted">
        No subscription: this plan was set by an operator, not through billing.
      </p>
    );
  }
  const known = MEANINGS[status];
  return (
    <p>
      <Badge tone={known?.tone ?? "neutral"}>{known?.label ?? status}</Badge>{" "}
      {known ? known.meaning : `Billing status reported by Stripe: ${status}.`}
    </p>
  );
}
