import { Link } from "react-router";
import { useSession } from "../../lib/session";
import { useConfirmEmail } from "./api/auth";
import { AuthLayout } from "./components/AuthLayout";
import { TokenLink } from "./components/TokenLink";

/** The link mailed to a new address after an email change (`/confirm-email?token=…`). */
export function ConfirmEmailPage() {
  const { user } = useSession();
  const confirm = useConfirmEmail();
  const account = user ? <Link to="/account">your account</Link> : <Link to="/login">sign in</Link>;

  return (
    <AuthLayout title="Confirm new email">
      <TokenLink
        mutation={confirm}
        pendingText="Confirming your new email address…"
        success={
          <>
            <strong>Your email address has changed</strong>
            <p>
              Sign in with the new address from now on.{" "}
              {user ? <Link to="/account">Back to your account</Link> : <Link to="/login">Sign in</Link>}
            </p>
          </>
        }
        failure={<>Start the change again from {account}: links work once and expire after a while.</>}
        missing="Open the link from the confirmation email again, or copy the whole address into the browser."
      />
    </AuthLayout>
  );
}
