import { useState, type FormEvent } from "react";
import { Link } from "react-router";
import { ErrorMessage } from "../../components/ErrorMessage";
import { Field } from "../../components/Field";
import { usePasswordRules, useRegister } from "./api/auth";
import { AuthLayout } from "./components/AuthLayout";
import { NewPasswordField } from "./components/NewPasswordField";
import { lengthProblem } from "./passwordLength";

/**
 * Create an account. The server answers an address that already has an
 * account exactly like a new one (it mails that address a notice instead), so
 * the page only ever says "check your email".
 */
export function RegisterPage() {
  const register = useRegister();
  const rules = usePasswordRules();
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [tooShort, setTooShort] = useState<string>();

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    const problem = lengthProblem(password, rules.data);
    setTooShort(problem);
    if (problem) return;
    register.mutate({ email: email.trim(), password });
  }

  if (register.isSuccess) {
    return (
      <AuthLayout title="Check your email" links={<Link to="/login">Sign in</Link>}>
        <div className="alert alert-ok" role="status">
          <strong>Check your email to verify your address</strong>
          <p>
            We sent a link to <span className="mono">{register.data.email}</span>. Open it to
            confirm the address, then sign in.
          </p>
        </div>
        <p className="muted">
          No mail after a few minutes? Look in the spam folder. On a development server with no
          mail service set up, messages go to the dev mailbox, which administrators read.
        </p>
      </AuthLayout>
    );
  }

  return (
    <AuthLayout
      title="Create account"
      description="Free plan: the signal feed and the public track record. Upgrade any time."
      links={
        <>
          <span>
            Already have an account? <Link to="/login">Sign in</Link>
          </span>
        </>
      }
    >
      <form className="form" onSubmit={onSubmit} aria-busy={register.isPending}>
        <Field
          label="Email"
          type="email"
          autoComplete="email"
          required
          maxLength={254}
          value={email}
          onChange={(e) => setEmail(e.target.value)}
        />
        <NewPasswordField
          label="Password"
          value={password}
          onValueChange={(value) => {
            setPassword(value);
            if (tooShort) setTooShort(lengthProblem(value, rules.data));
          }}
          error={tooShort}
        />
        {register.error && <ErrorMessage error={register.error} />}
        <button type="submit" className="btn btn-primary" disabled={register.isPending}>
          Create account
        </button>
      </form>
    </AuthLayout>
  );
}
