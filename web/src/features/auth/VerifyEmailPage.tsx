import { Link } from "react-router";
import { useSession } from "../../lib/session";
import { useVerifyEmail } from "./api/auth";
import { AuthLayout } from "./components/AuthLayout";
import { TokenLink } from "./components/TokenLink";

/** The link from the verification mail (`/verify-email?token=…`). */
export function VerifyEmailPage() {
  const { user } = useSession();
  const verify = useVerifyEmail();

  return (
    <AuthLayout title="Verify email">
      <TokenLink
        mutation={verify}
        pendingText="Confirming your email address…"
        success={
          <>
            <strong>Your email address is confirmed</strong>
            <p>
              {user ? <Link to="/signals">Go to your signals</Link> : <Link to="/login">Sign in</Link>}
            </p>
          </>
        }
        failure={
          <>
            Links work once and expire after a while. If you already used this one, your address is
            confirmed: {user ? <Link to="/account">open your account</Link> : <Link to="/login">sign in</Link>}.
          </>
        }
        missing="Open the link from the verification email again, or copy the whole address into the browser."
      />
    </AuthLayout>
  );
}
