import { useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { Link, Navigate, useNavigate, useSearchParams } from "react-router";
import { ErrorMessage } from "../../components/ErrorMessage";
import { Field } from "../../components/Field";
import { refreshSession, useSession } from "../../lib/session";
import { isTotpRequired, useLogin, type LoginBody } from "./api/auth";
import { AuthLayout } from "./components/AuthLayout";
import { SecondFactorForm } from "./components/SecondFactorForm";
import { safeNext } from "./safeNext";

/**
 * Sign in. When the account has two-factor on, the server answers the right
 * password with 401 `totp-required`; the page then asks for the code and sends
 * email, password and code together (the server keeps no half-signed-in state).
 */
export function LoginPage() {
  const [params] = useSearchParams();
  const target = safeNext(params.get("next"));
  const { user } = useSession();
  const client = useQueryClient();
  const navigate = useNavigate();
  const login = useLogin();
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [step, setStep] = useState<"password" | "second-factor">("password");

  if (user && login.isIdle) return <Navigate to={target} replace />;

  function send(body: LoginBody) {
    login.mutate(body, {
      onSuccess: async () => {
        await refreshSession(client);
        navigate(target, { replace: true });
      },
      onError: (error) => {
        if (step === "password" && isTotpRequired(error)) {
          // Not a failure: the password was right and the code comes next.
          login.reset();
          setStep("second-factor");
        }
      },
    });
  }

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    send({ email: email.trim(), password });
  }

  const links = (
    <>
      <Link to="/register">Create an account</Link>
      <Link to="/forgot-password">Forgot your password?</Link>
    </>
  );

  if (step === "second-factor") {
    return (
      <AuthLayout title="Sign in" description="Your account has two-factor authentication on." links={links}>
        <SecondFactorForm
          pending={login.isPending}
          error={login.error}
          onSubmit={(totp) => send({ email: email.trim(), password, totp })}
          onBack={() => {
            login.reset();
            setPassword("");
            setStep("password");
          }}
        />
      </AuthLayout>
    );
  }

  return (
    <AuthLayout title="Sign in" description="Signals, portfolios and your API keys." links={links}>
      <form className="form" onSubmit={onSubmit} aria-busy={login.isPending}>
        {params.get("deleted") !== null && (
          <div className="alert alert-info" role="status">
            Your account was deleted. Thank you for using Harbinger.
          </div>
        )}
        <Field
          label="Email"
          type="email"
          autoComplete="username"
          required
          value={email}
          onChange={(e) => setEmail(e.target.value)}
        />
        <Field
          label="Password"
          type="password"
          autoComplete="current-password"
          required
          value={password}
          onChange={(e) => setPassword(e.target.value)}
        />
        {login.error && <ErrorMessage error={login.error} />}
        <button type="submit" className="btn btn-primary" disabled={login.isPending}>
          Sign in
        </button>
      </form>
    </AuthLayout>
  );
}
