import { useState, type FormEvent } from "react";
import { Link } from "react-router";
import { ErrorMessage } from "../../components/ErrorMessage";
import { Field } from "../../components/Field";
import { useForgotPassword } from "./api/auth";
import { AuthLayout } from "./components/AuthLayout";

/** Ask for a reset link. The server answers unknown addresses the same way, and so does the page. */
export function ForgotPasswordPage() {
  const forgot = useForgotPassword();
  const [email, setEmail] = useState("");

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    forgot.mutate(email.trim());
  }

  return (
    <AuthLayout
      title="Reset password"
      description="We mail you a link to choose a new password."
      links={<Link to="/login">Back to sign in</Link>}
    >
      {forgot.isSuccess ? (
        <div className="alert alert-ok" role="status">
          <strong>Check your email</strong>
          <p>
            If <span className="mono">{forgot.variables}</span> belongs to an account, a reset link
            is on its way. It works once, within 30 minutes.
          </p>
        </div>
      ) : (
        <form className="form" onSubmit={onSubmit} aria-busy={forgot.isPending}>
          <Field
            label="Email"
            type="email"
            autoComplete="email"
            required
            maxLength={254}
            value={email}
            onChange={(e) => setEmail(e.target.value)}
          />
          {forgot.error && <ErrorMessage error={forgot.error} />}
          <button type="submit" className="btn btn-primary" disabled={forgot.isPending}>
            Send reset link
          </button>
        </form>
      )}
    </AuthLayout>
  );
}
