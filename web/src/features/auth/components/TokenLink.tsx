import type { UseMutationResult } from "@tanstack/react-query";
import { useEffect, useRef, type ReactNode } from "react";
import { useSearchParams } from "react-router";
import { ErrorMessage } from "../../../components/ErrorMessage";
import { Skeleton } from "../../../components/QueryState";

/**
 * A page behind a mailed link (`?token=…`): it redeems the token once, on
 * arrival, and says how that went. Tokens work once, so the ref keeps React's
 * development double-mount from sending it twice.
 */
export function TokenLink({
  mutation,
  pendingText,
  success,
  failure,
  missing,
}: {
  mutation: UseMutationResult<unknown, Error, string>;
  pendingText: string;
  success: ReactNode;
  /** Where to go when the link did not work. */
  failure: ReactNode;
  /** Said when the address has no token at all. */
  missing: ReactNode;
}) {
  const [params] = useSearchParams();
  const token = params.get("token")?.trim() ?? "";
  const sent = useRef(false);
  const { mutate } = mutation;

  useEffect(() => {
    if (!token || sent.current) return;
    sent.current = true;
    mutate(token);
  }, [token, mutate]);

  if (!token) {
    return (
      <div className="alert alert-error" role="alert">
        <strong>This link is incomplete</strong>
        <p>{missing}</p>
      </div>
    );
  }
  if (mutation.isSuccess) {
    return (
      <div className="alert alert-ok" role="status">
        {success}
      </div>
    );
  }
  if (mutation.isError) {
    return (
      <>
        <ErrorMessage error={mutation.error} />
        <p>{failure}</p>
      </>
    );
  }
  return (
    <div role="status">
      <p>{pendingText}</p>
      <Skeleton lines={1} />
    </div>
  );
}
