/**
 * The public ledger over the typed client. The OpenAPI document leaves entries and
 * checkpoints as bare objects, so their shapes are written out here (from
 * harbinger-store's `PublishedEntry` and harbinger-ledger's `Checkpoint`).
 */
import { useQuery } from "@tanstack/react-query";
import { api, unwrap } from "../../lib/api/client";
import { utf8Decoder, type Checkpoint } from "./ledgerExport";

/** An entry as `GET /api/v1/ledger` returns it. */
export interface LedgerEntry {
  seq: number;
  id: string;
  kind: "signal" | "outcome" | string;
  recorded_at: number;
  sealed: boolean;
  released_to_free_at: number | null;
  strategy: string | null;
  symbol: string | null;
  bar_time: number | null;
  signal_id: string | null;
  /** Canonical JSON text of the entry (null while sealed). */
  entry: string | null;
  content_hash: string | null;
  prev_hash: string;
  hash: string;
}

export interface LedgerHead {
  seq: number;
  hash: string;
  public_key: string | null;
  checkpoint: Checkpoint | null;
}

export interface LedgerEntries {
  entries: LedgerEntry[];
  next_after_seq: number | null;
}

/** Entries per page of the table. */
export const PAGE = 25;

export const ledgerKeys = {
  all: ["public", "ledger"] as const,
  head: () => [...ledgerKeys.all, "head"] as const,
  entries: (after: number) => [...ledgerKeys.all, "entries", after] as const,
};

export function useLedgerHead() {
  return useQuery({
    queryKey: ledgerKeys.head(),
    queryFn: async () => (await unwrap(api.GET("/api/v1/ledger/head"))) as unknown as LedgerHead,
    // The head moves with every signal; a minute old is fine for a page someone reads.
    refetchInterval: 60_000,
  });
}

export function useLedgerEntries(after: number | undefined) {
  return useQuery({
    queryKey: ledgerKeys.entries(after ?? -1),
    enabled: after !== undefined,
    queryFn: async () => {
      const page = await unwrap(
        api.GET("/api/v1/ledger", { params: { query: { after_seq: after, limit: PAGE } } }),
      );
      return {
        entries: page.entries as unknown as LedgerEntry[],
        next_after_seq: page.next_after_seq ?? null,
      } satisfies LedgerEntries;
    },
    // Keep the current page on screen while the next one loads: no jump.
    placeholderData: (previous) => previous,
  });
}

/**
 * The whole export as text, read as it streams in so the page can show how much has
 * arrived (the server streams it page by page and sends no length).
 */
export async function downloadLedger(
  onBytes: (bytes: number) => void,
  signal?: AbortSignal,
): Promise<string> {
  const { data } = await api.GET("/api/v1/export/ledger.json", { parseAs: "stream", signal });
  const body = data as ReadableStream<Uint8Array> | null | undefined;
  if (!body) return "";
  const reader = body.getReader();
  const decoder = utf8Decoder();
  const parts: string[] = [];
  let bytes = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    bytes += value.byteLength;
    parts.push(decoder.decode(value, { stream: true }));
    onBytes(bytes);
  }
  parts.push(decoder.decode());
  return parts.join("");
}
