/** API keys: listed by prefix, created (the whole key shown once), revoked. */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, unwrap, type Schemas } from "../../../lib/api/client";
import { accountKeys } from "./keys";

export type KeyView = Schemas["KeyView"];
export type CreatedKey = Schemas["CreatedKey"];
export type Scope = Schemas["Scope"];

/** Every scope the server knows; the type check below fails if the schema gains one. */
export const SCOPES = ["read", "write"] as const satisfies readonly Scope[];
type Missing = Exclude<Scope, (typeof SCOPES)[number]>;
const everyScopeListed: [Missing] extends [never] ? true : Missing = true;
void everyScopeListed;

export function useApiKeys() {
  return useQuery({
    queryKey: accountKeys.apiKeys(),
    queryFn: ({ signal }) => unwrap(api.GET("/api/v1/api-keys", { signal })),
  });
}

export function useCreateApiKey() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: Schemas["NewKey"]) => unwrap(api.POST("/api/v1/api-keys", { body })),
    onSuccess: () => client.invalidateQueries({ queryKey: accountKeys.apiKeys() }),
  });
}

export function useRevokeApiKey() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) =>
      unwrap(api.DELETE("/api/v1/api-keys/{id}", { params: { path: { id } } })),
    onSuccess: () => client.invalidateQueries({ queryKey: accountKeys.apiKeys() }),
  });
}
