/**
 * Portfolios over the typed client: one key factory, the queries, and the mutations. Every
 * mutation invalidates `portfolioKeys.all`, so the list, the valuation and the transactions
 * all re-read after any change (a transaction moves the value, the P&L and the return).
 */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, unwrap, type Schemas } from "../../../lib/api/client";

export type Portfolio = Schemas["PortfolioOut"];
export type PortfolioDetail = Schemas["PortfolioDetail"];
export type Position = Schemas["PositionOut"];
export type Transaction = Schemas["TransactionOut"];
export type NewTransaction = Schemas["NewTransaction"];
export type NewPortfolio = Schemas["NewPortfolio"];
export type StrategyName = Schemas["StrategyName"];

/** Transactions read per page of the table. */
export const TX_PAGE = 100;

export const portfolioKeys = {
  all: ["portfolios"] as const,
  list: () => [...portfolioKeys.all, "list"] as const,
  detail: (id: string) => [...portfolioKeys.all, "detail", id] as const,
  transactions: (id: string, offset: number) =>
    [...portfolioKeys.all, "transactions", id, offset] as const,
  // Public and identical for every reader: kept across sign-in and sign-out.
  plans: () => ["public", "plans"] as const,
};

export function usePortfolios() {
  return useQuery({
    queryKey: portfolioKeys.list(),
    queryFn: () => unwrap(api.GET("/api/v1/portfolios")),
  });
}

export function usePortfolio(id: string) {
  return useQuery({
    queryKey: portfolioKeys.detail(id),
    queryFn: () => unwrap(api.GET("/api/v1/portfolios/{id}", { params: { path: { id } } })),
  });
}

export function useTransactions(id: string, offset: number) {
  return useQuery({
    queryKey: portfolioKeys.transactions(id, offset),
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/portfolios/{id}/transactions", {
          params: { path: { id }, query: { limit: TX_PAGE, offset } },
        }),
      ),
    // Keep the current page on screen while the next one loads: no jump.
    placeholderData: (previous) => previous,
  });
}

export function usePlans() {
  return useQuery({
    queryKey: portfolioKeys.plans(),
    queryFn: () => unwrap(api.GET("/api/v1/plans")),
    staleTime: 5 * 60_000,
  });
}

/** A mutation whose success re-reads every portfolio query. */
function usePortfolioMutation<A, R>(fn: (args: A) => Promise<R>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: () => client.invalidateQueries({ queryKey: portfolioKeys.all }),
  });
}

export function useCreatePortfolio() {
  return usePortfolioMutation((body: NewPortfolio) =>
    unwrap(api.POST("/api/v1/portfolios", { body })),
  );
}

export function useRenamePortfolio() {
  return usePortfolioMutation(({ id, name }: { id: string; name: string }) =>
    unwrap(api.PATCH("/api/v1/portfolios/{id}", { params: { path: { id } }, body: { name } })),
  );
}

export function useDeletePortfolio() {
  return usePortfolioMutation((id: string) =>
    unwrap(api.DELETE("/api/v1/portfolios/{id}", { params: { path: { id } } })),
  );
}

export function useAddTransaction(id: string) {
  return usePortfolioMutation((body: NewTransaction) =>
    unwrap(api.POST("/api/v1/portfolios/{id}/transactions", { params: { path: { id } }, body })),
  );
}

export function useDeleteTransaction(id: string) {
  return usePortfolioMutation((txId: string) =>
    unwrap(
      api.DELETE("/api/v1/portfolios/{id}/transactions/{tx_id}", {
        params: { path: { id, tx_id: txId } },
      }),
    ),
  );
}

/** Sends the file's text as `text/csv`, as the import endpoint requires. */
export function useImportCsv(id: string) {
  return usePortfolioMutation((csv: string) =>
    unwrap(
      api.POST("/api/v1/portfolios/{id}/transactions/import", {
        params: { path: { id } },
        body: csv,
        bodySerializer: (text: string) => text,
        headers: { "Content-Type": "text/csv" },
      }),
    ),
  );
}

/** The download link of one portfolio's transactions (same origin: the session cookie goes along). */
export function exportUrl(id: string): string {
  return `/api/v1/export/portfolio.csv?portfolio=${encodeURIComponent(id)}`;
}
