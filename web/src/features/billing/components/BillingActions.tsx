import { useMutation } from "@tanstack/react-query";
import { ErrorMessage } from "../../../components/ErrorMessage";
import { leaveFor, openPortal, startCheckout } from "../api/billing";
import type { PlanView } from "../api/queries";
import { planName } from "../limits";
import styles from "../PlanPage.module.css";

/**
 * Upgrade and "Manage billing", offered only when the server says it sells
 * plans online; otherwise a plain sentence on how the plan does change.
 */
export function BillingActions({
  higher,
  offer,
}: {
  higher: PlanView[];
  offer: { checkout: boolean; portal: boolean };
}) {
  const checkout = useMutation({
    mutationFn: startCheckout,
    onSuccess: (url) => leaveFor.go(url),
  });
  const portal = useMutation({
    mutationFn: openPortal,
    onSuccess: (url) => leaveFor.go(url),
  });

  if (!offer.checkout && !offer.portal) {
    return (
      <p className="alert alert-info">
        Online billing is not configured on this server; an operator can change your plan.
      </p>
    );
  }

  const busy = checkout.isPending || portal.isPending;
  return (
    <div className={styles.actions}>
      {offer.checkout && higher.length === 0 && (
        <p className="muted">You are on the highest plan this server offers.</p>
      )}
      <div className={styles.buttons}>
        {offer.checkout &&
          higher.map((p) => (
            <button
              key={p.id}
              type="button"
              className="btn btn-primary"
              disabled={busy}
              onClick={() => checkout.mutate(p.id)}
            >
              {checkout.isPending && checkout.variables === p.id
                ? "Opening checkout…"
                : `Upgrade to ${planName(p.id)}`}
            </button>
          ))}
        {offer.portal && (
          <button type="button" className="btn" disabled={busy} onClick={() => portal.mutate()}>
            {portal.isPending ? "Opening billing…" : "Manage billing"}
          </button>
        )}
      </div>
      {offer.portal && (
        <p className="muted">Invoices, payment method, downgrades and cancellation are in Manage billing.</p>
      )}
      {checkout.error && <ErrorMessage error={checkout.error} />}
      {portal.error && <ErrorMessage error={portal.error} />}
    </div>
  );
}
