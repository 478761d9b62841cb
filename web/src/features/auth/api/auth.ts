/**
 * The sign-in feature's calls. Each page drives one mutation; the password
 * rules are public and keyed under "public", so signing in keeps them cached.
 */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, unwrap, type Schemas } from "../../../lib/api/client";
import { ApiError } from "../../../lib/api/http";
import { refreshSession, sessionKey } from "../../../lib/session";

export type PasswordRules = Schemas["PasswordRules"];
export type LoginBody = Schemas["LoginBody"];

export const authKeys = {
  all: ["public", "auth"] as const,
  passwordRules: () => [...authKeys.all, "password-rules"] as const,
};

export function usePasswordRules() {
  return useQuery({
    queryKey: authKeys.passwordRules(),
    queryFn: ({ signal }) => unwrap(api.GET("/api/v1/auth/password-rules", { signal })),
    staleTime: Infinity,
  });
}

/** The problem type the server uses when the password was right but a second factor is due. */
export function isTotpRequired(error: unknown): boolean {
  return error instanceof ApiError && error.status === 401 && error.type.endsWith("/totp-required");
}

export function useLogin() {
  return useMutation({
    mutationFn: (body: LoginBody) => unwrap(api.POST("/api/v1/auth/login", { body })),
  });
}

export function useRegister() {
  return useMutation({
    mutationFn: (body: Schemas["RegisterBody"]) =>
      unwrap(api.POST("/api/v1/auth/register", { body })),
  });
}

/** Redeems a verification link; a signed-in reader's profile says "verified" from then on. */
export function useVerifyEmail() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (token: string) =>
      unwrap(api.POST("/api/v1/auth/verify-email", { body: { token } })),
    onSuccess: () => client.invalidateQueries({ queryKey: sessionKey }),
  });
}

/** Redeems an email-change link; the signed-in user's address changes with it. */
export function useConfirmEmail() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (token: string) =>
      unwrap(api.POST("/api/v1/auth/confirm-email", { body: { token } })),
    onSuccess: () => client.invalidateQueries({ queryKey: sessionKey }),
  });
}

export function useForgotPassword() {
  return useMutation({
    mutationFn: (email: string) =>
      unwrap(api.POST("/api/v1/auth/forgot-password", { body: { email } })),
  });
}

/** Sets a new password from a reset link; the server ends every session, this browser's too. */
export function useResetPassword() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: Schemas["ResetBody"]) =>
      unwrap(api.POST("/api/v1/auth/reset-password", { body })),
    onSuccess: () => refreshSession(client),
  });
}
