import { useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useNavigate } from "react-router";
import { ErrorMessage } from "../../../components/ErrorMessage";
import { Field } from "../../../components/Field";
import { refreshSession } from "../../../lib/session";
import { useDeleteAccount } from "../api/security";
import styles from "../Account.module.css";
import { Section } from "./Section";

const CONFIRM_WORD = "DELETE";

export function DeleteAccountSection() {
  const remove = useDeleteAccount();
  const client = useQueryClient();
  const navigate = useNavigate();
  const [password, setPassword] = useState("");
  const [typed, setTyped] = useState("");
  const confirmed = typed.trim() === CONFIRM_WORD;

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    if (!confirmed) return;
    remove.mutate(password, {
      onSuccess: async () => {
        // Leave the signed-in page first, so dropping the session does not bounce back to it.
        navigate("/login?deleted", { replace: true });
        await refreshSession(client);
      },
    });
  }

  return (
    <Section id="delete" title="Delete account" danger>
      <p>
        This deletes your account with its portfolios, backtests, watchlist, API keys and sessions. It cannot
        be undone. The audit log keeps its record that the account existed.
      </p>
      <form className={`form ${styles.form}`} onSubmit={onSubmit} aria-busy={remove.isPending}>
        <Field
          label="Current password"
          type="password"
          autoComplete="current-password"
          required
          value={password}
          onChange={(e) => setPassword(e.target.value)}
        />
        <Field
          label={`Type ${CONFIRM_WORD} to confirm`}
          autoComplete="off"
          autoCapitalize="characters"
          spellCheck={false}
          required
          value={typed}
          onChange={(e) => setTyped(e.target.value)}
        />
        {remove.error && <ErrorMessage error={remove.error} />}
        <div>
          <button type="submit" className="btn btn-danger" disabled={!confirmed || remove.isPending}>
            Delete account
          </button>
        </div>
      </form>
    </Section>
  );
}
