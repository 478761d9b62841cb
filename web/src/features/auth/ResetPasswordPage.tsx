import { useState, type FormEvent } from "react";
import { Link, useSearchParams } from "react-router";
import { ErrorMessage } from "../../components/ErrorMessage";
import { ApiError } from "../../lib/api/http";
import { usePasswordRules, useResetPassword } from "./api/auth";
import { AuthLayout } from "./components/AuthLayout";
import { NewPasswordField } from "./components/NewPasswordField";
import { lengthProblem } from "./passwordLength";

/** The link from the reset mail (`/reset-password?token=…`): choose a new password. */
export function ResetPasswordPage() {
  const [params] = useSearchParams();
  const token = params.get("token")?.trim() ?? "";
  const reset = useResetPassword();
  const rules = usePasswordRules();
  const [password, setPassword] = useState("");
  const [tooShort, setTooShort] = useState<string>();

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    const problem = lengthProblem(password, rules.data);
    setTooShort(problem);
    if (!problem) reset.mutate({ token, password });
  }

  const askAgain = <Link to="/forgot-password">Ask for a new link</Link>;

  if (!token) {
    return (
      <AuthLayout title="Choose a new password" links={askAgain}>
        <div className="alert alert-error" role="alert">
          <strong>This link is incomplete</strong>
          <p>Open the link from the reset email again, or copy the whole address into the browser.</p>
        </div>
      </AuthLayout>
    );
  }

  if (reset.isSuccess) {
    return (
      <AuthLayout title="Choose a new password">
        <div className="alert alert-ok" role="status">
          <strong>Your password has changed</strong>
          <p>
            Every session of the account was signed out. <Link to="/login">Sign in</Link> with the
            new password.
          </p>
        </div>
      </AuthLayout>
    );
  }

  // A used or expired token cannot be fixed by retyping the password.
  const deadLink = reset.error instanceof ApiError && reset.error.status === 400;

  return (
    <AuthLayout title="Choose a new password" links={askAgain}>
      <form className="form" onSubmit={onSubmit} aria-busy={reset.isPending}>
        <NewPasswordField
          label="New password"
          value={password}
          onValueChange={(value) => {
            setPassword(value);
            if (tooShort) setTooShort(lengthProblem(value, rules.data));
          }}
          error={tooShort}
        />
        {reset.error && <ErrorMessage error={reset.error} />}
        {deadLink && <p>{askAgain}: each link works once, within 30 minutes.</p>}
        <button type="submit" className="btn btn-primary" disabled={reset.isPending || deadLink}>
          Set new password
        </button>
      </form>
    </AuthLayout>
  );
}
