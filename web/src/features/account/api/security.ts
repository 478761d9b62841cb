/** Password, email, two-factor and deletion: the changes that need the current password. */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, unwrap, type Schemas } from "../../../lib/api/client";
import { accountKeys } from "./keys";

export type TotpSetup = Schemas["TotpSetup"];
export type PasswordRules = Schemas["PasswordRules"];

export function usePasswordRules() {
  return useQuery({
    queryKey: accountKeys.passwordRules(),
    queryFn: ({ signal }) => unwrap(api.GET("/api/v1/auth/password-rules", { signal })),
    staleTime: Infinity,
  });
}

/** Every other session ends on the server; this one stays. */
export function useChangePassword() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (b: { current_password: string; new_password: string }) =>
      unwrap(api.POST("/api/v1/me/password", { body: { ...b, keep_this_session: true } })),
    onSuccess: () => client.invalidateQueries({ queryKey: accountKeys.sessions() }),
  });
}

/** Nothing changes until the link mailed to the new address is opened. */
export function useChangeEmail() {
  return useMutation({
    mutationFn: (body: Schemas["EmailChange"]) => unwrap(api.POST("/api/v1/me/email", { body })),
  });
}

export function useTotpBegin() {
  return useMutation({
    mutationFn: (password: string) => unwrap(api.POST("/api/v1/me/totp", { body: { password } })),
  });
}

export function useTotpConfirm() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (code: string) => unwrap(api.POST("/api/v1/me/totp/confirm", { body: { code } })),
    onSuccess: () => client.invalidateQueries({ queryKey: accountKeys.me() }),
  });
}

export function useTotpDisable() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: Schemas["TotpDisable"]) =>
      unwrap(api.POST("/api/v1/me/totp/disable", { body })),
    onSuccess: () => client.invalidateQueries({ queryKey: accountKeys.me() }),
  });
}

/** The caller leaves the page before the session is dropped (see DeleteAccountSection). */
export function useDeleteAccount() {
  return useMutation({
    mutationFn: (password: string) => unwrap(api.POST("/api/v1/me/delete", { body: { password } })),
  });
}
